import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec
import Synchronization

/// Staff work queues: return visits due, open escalations; and incidents that link complaints.
struct WorkQueueAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator

    func visits(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let scope = try auth.staffReader(request, reading: "work queues").scope
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        try q.refuseUnknown(["due_before", "limit", "cursor"])
        let now = core.clock.now()
        let before = try QueryParsing.visitsDueBefore(q, zone: core.policy.calendar.timeZone, now: now).get()
        let paging = try Paging(q)
        let due = core.read { $0.book.visitsDue(before: before, within: scope) }
        let (page, next) = paging.page(due) { (Milliseconds.of($0.dueAt), $0.complaintID) }
        var w = JSONWriter(capacity: 128 * max(1, page.count))
        w.beginObject()
        w.memberArray("items") { w in
            for v in page {
                w.beginObject()
                w.member("complaintId", v.complaintID)
                w.member("kind", v.kind.rawValue)
                w.member("dueAt", date: v.dueAt)
                w.member("deadline", date: v.deadline)
                w.member("attempts", v.attempts)
                w.member("overdue", (v.deadline ?? v.dueAt) < now)
                w.endObject()
            }
        }
        w.member("nextCursor", next)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    func escalations(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let scope = try auth.staffReader(request, reading: "work queues").scope
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        try q.refuseUnknown(["open", "limit", "cursor"])
        if try q.bool("open").get() == false {
            throw Refusal(Problems.invalidParameter("open", Message(.escalationsOpenOnly)))
        }
        let paging = try Paging(q)
        let now = core.clock.now()
        let open = core.read { $0.book.openEscalations(now: now, within: scope) }
        let (page, next) = paging.page(open) { (Milliseconds.of($0.dueAt), $0.complaintID + "/" + $0.clock.rawValue) }
        var w = JSONWriter(capacity: 160 * max(1, page.count))
        w.beginObject()
        w.memberArray("items") { w in
            for e in page {
                w.beginObject()
                w.member("complaintId", e.complaintID)
                w.member("clock", e.clock.rawValue)
                w.member("dueAt", date: e.dueAt)
                w.member("lateBySeconds", e.lateBySeconds.rounded())
                w.member("escalatedAt", date: e.escalatedAt)
                w.member("notified", strings: e.notified.map(\.rawValue))
                w.endObject()
            }
        }
        w.member("nextCursor", next)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    struct IncidentInput: Decodable {
        var key: String?
        var complaintIds: [String]?
    }

    /// POST /v1/incidents: links complaints to one incident (key); more than five owners make them all major.
    func createIncident(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        guard let principal = auth.authenticated(request) else { return Problems.unauthorized() }
        let input: IncidentInput
        switch RequestDecoding.decode(IncidentInput.self, from: request) {
        case .success(let i): input = i
        case .failure(let r): return r.response
        }
        var errors: [FieldError] = []
        let key = input.key?.trimmingCharacters(in: .whitespaces) ?? ""
        if key.isEmpty || key.count > 100 {
            errors.append(FieldError(field: "key", rule: key.isEmpty ? .required : .tooLong, values: key.isEmpty ? [:] : ["limit": "100"]))
        }
        // A complaint named twice is linked once (linking it again would refuse the whole request with 409).
        var seen = Set<String>()
        let ids = (input.complaintIds ?? []).filter { seen.insert($0).inserted }
        if ids.isEmpty || ids.count > 500 {
            errors.append(FieldError(field: "complaintIds", rule: .countOutOfRange, values: ["min": "1", "max": "500"]))
        }
        guard errors.isEmpty else { return Problems.validation(errors) }
        let group = DispatchGroup()
        let failures = FailureList()
        for id in ids {
            group.enter()
            core.submit(.link(id: id, LinkInput(incidentID: key)), actor: principal.actor, scope: principal.scope) { result in
                if case .failure(let failure) = result { failures.add(id, failure) }
                group.leave()
            }
        }
        group.notify(queue: .global()) { [core] in
            if let (id, failure) = failures.first {
                var response = Problems.failure(failure)
                response.headers.append(("X-Failed-Complaint", id))
                later.respond(response)
                return
            }
            let owners = core.read { $0.book.distinctOwners(ofIncident: key) }
            var w = JSONWriter()
            w.beginObject()
            w.member("incidentId", key)
            w.member("complaintIds", strings: ids)
            w.member("distinctOwners", owners)
            w.member("major", owners > core.policy.incidentOwnersForMajor)
            w.endObject()
            later.respond(HTTPResponse.json(201, w.bytes))
        }
        return nil
    }
}

/// Collects failures from concurrent commands.
final class FailureList: Sendable {
    private let items = Mutex<[(String, CommandFailure)]>([])
    func add(_ id: String, _ failure: CommandFailure) { items.withLock { $0.append((id, failure)) } }
    var first: (String, CommandFailure)? { items.withLock { $0.first } }
}
