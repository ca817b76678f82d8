import ComplaintDomain
import Foundation
import HTTP1

/// What an owner can do with the tracking code alone: follow the complaint and send a reminder (催办).
struct OwnerAPI: Sendable {
    let core: ComplaintCore

    private static let owner = Actor(id: "owner", role: .owner, department: nil)

    func track(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        let now = core.clock.now()
        guard let complaint = core.read({ $0.book.complaint(trackingCode: code) }) else {
            return Problems.notFound("No complaint has this tracking code.")
        }
        let canRemind = complaint.status.isUnresolved
        return HTTPResponse.json(200, ComplaintJSON.owner(complaint, now: now, reminderAllowed: canRemind))
    }

    func remind(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        guard core.read({ $0.book.complaint(trackingCode: code) != nil }) else {
            return Problems.notFound("No complaint has this tracking code.")
        }
        // The tracking code is the owner's credential for this one complaint: no staff scope applies.
        core.submit(.remind(trackingCode: code), actor: Self.owner, scope: .unrestricted) { [core] result in
            switch result {
            case .failure(let failure):
                later.respond(Problems.failure(failure))
            case .success(let outcome):
                guard let complaint = outcome.complaint else { later.respond(Problems.notFound("No complaint has this tracking code.")); return }
                let body = ComplaintJSON.owner(complaint, now: core.clock.now(), reminderAllowed: complaint.status.isUnresolved)
                later.respond(HTTPResponse.json(202, body))
            }
        }
        return nil
    }
}

/// Staff work queues: return visits due, open escalations; and incidents that link complaints.
struct WorkQueueAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator

    func visits(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let scope: AccessScope
        switch auth.reader(request.headers["authorization"], reading: "work queues") {
        case .success(let principal): scope = principal.scope
        case .failure(let refusal): return refusal.response
        }
        guard let q = QueryReader(request) else { return Problems.badRequest("The query string has a malformed percent-encoding.") }
        let now = core.clock.now()
        let before: Date
        switch QueryParsing.visitsDueBefore(q, zone: core.policy.calendar.timeZone, now: now) {
        case .success(let d): before = d
        case .failure(let r): return r.response
        }
        let due = core.read { $0.book.visitsDue(before: before, within: scope) }
        var w = JSONWriter(capacity: 128 * max(1, due.count))
        w.beginObject()
        w.memberArray("items") { w in
            for v in due {
                w.beginObject()
                w.member("complaintId", v.complaintID); w.member("kind", v.kind.rawValue); w.member("dueAt", date: v.dueAt)
                w.member("deadline", date: v.deadline); w.member("attempts", v.attempts); w.member("overdue", (v.deadline ?? v.dueAt) < now)
                w.endObject()
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    func escalations(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let scope: AccessScope
        switch auth.reader(request.headers["authorization"], reading: "work queues") {
        case .success(let principal): scope = principal.scope
        case .failure(let refusal): return refusal.response
        }
        guard let q = QueryReader(request) else { return Problems.badRequest("The query string has a malformed percent-encoding.") }
        switch q.bool("open") {
        case .failure(let r): return r.response
        case .success(let open) where open == false:
            return Problems.invalidParameter("open", "only open=true is supported; closed escalations are in each complaint's history")
        default: break
        }
        let now = core.clock.now()
        let open = core.read { $0.book.openEscalations(now: now, within: scope) }
        var w = JSONWriter(capacity: 160 * max(1, open.count))
        w.beginObject()
        w.memberArray("items") { w in
            for e in open {
                w.beginObject()
                w.member("complaintId", e.complaintID); w.member("clock", e.clock.rawValue); w.member("dueAt", date: e.dueAt)
                w.member("lateBySeconds", e.lateBySeconds.rounded()); w.member("escalatedAt", date: e.escalatedAt)
                w.member("notified", strings: e.notified.map(\.rawValue))
                w.endObject()
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    struct IncidentInput: Decodable {
        var key: String?
        var complaintIds: [String]?
    }

    /// POST /v1/incidents: links complaints to one incident (key); more than five owners make them all major.
    func createIncident(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        guard let principal = auth.authenticate(request.headers["authorization"]) else { return Problems.unauthorized() }
        let input: IncidentInput
        switch RequestDecoding.decode(IncidentInput.self, from: request) { case .success(let i): input = i; case .failure(let r): return r.response }
        var errors: [FieldError] = []
        let key = input.key?.trimmingCharacters(in: .whitespaces) ?? ""
        if key.isEmpty || key.count > 100 { errors.append(FieldError(field: "key", message: "is required (1 to 100 characters)")) }
        // A complaint named twice is linked once (linking it again would refuse the whole request with 409).
        var seen = Set<String>()
        let ids = (input.complaintIds ?? []).filter { seen.insert($0).inserted }
        if ids.isEmpty || ids.count > 500 { errors.append(FieldError(field: "complaintIds", message: "needs 1 to 500 complaint ids")) }
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
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(String, CommandFailure)] = []
    func add(_ id: String, _ failure: CommandFailure) { lock.lock(); items.append((id, failure)); lock.unlock() }
    var first: (String, CommandFailure)? { lock.lock(); defer { lock.unlock() }; return items.first }
}
