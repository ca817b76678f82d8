import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

/// `GET /v1/duplicates?estate=&building=&unit=`: the open complaints at a unit (any category,
/// within the duplicate window), for the registration form to show while the receptionist types
/// — before anything is registered. Staff within their scope only; an intake client gets 403,
/// as it may never see other owners' complaints.
struct DuplicateHintsAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator

    func hints(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "other complaints")
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        var fields: [String: String] = [:]
        for name in ["estate", "building", "unit"] {
            guard let value = q.string(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty, value.count <= 200 else {
                throw Refusal(Problems.invalidParameter(name, Message(.expectedLength, ["min": .text("1"), "max": .text("200")])))
            }
            fields[name] = value
        }
        let now = core.clock.now()
        let found = core.read { state in
            state.book.openComplaints(
                estate: fields["estate"]!, building: fields["building"]!, unit: fields["unit"]!, now: now,
                within: principal.scope)
        }
        var w = JSONWriter(capacity: 256 * max(1, found.count))
        w.beginObject()
        w.memberArray("items") { w in
            for c in found {
                ComplaintAPI.writeHint(id: c.id, status: c.status, receivedAt: c.receivedAt, category: c.category, content: c.content, into: &w)
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes, headers: [("Cache-Control", "no-store")])
    }
}
