import ComplaintDomain
import EventStore
import Foundation
import HTTP1
import JSONCodec

/// The complaint endpoints. Reads are served on the loop thread from the durable state (a closed
/// complaint is read back from the log); writes go through the core and answer when their events
/// are durable. Handlers throw; `ErrorMapping` turns what they throw into problem+json.
struct ComplaintAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    /// Encoded views reused across reads of an unchanged complaint.
    let bodies = ComplaintBodyCache()

    var clock: any ServiceClock { core.clock }

    /// Answers the command's outcome as the complaint (200/201), or the failure.
    ///
    /// The owner's tracking code appears only in the answer to a registration (which the
    /// receptionist hands to the owner). An intake client gets its receipt, never the staff view.
    func respond(
        _ later: ResponseLater, as principal: Principal, status: Int = 200, reveal: Bool = false,
        includeTrackingCode: Bool = false
    ) -> @Sendable (Result<CommandOutcome, CommandFailure>) -> Void {
        let isIntake = principal.actor.role == .intake
        return { [core] result in
            later.respond { () throws -> HTTPResponse in
                let outcome = try result.get()
                // Written from the complaint where the book left it (shared, not copied).
                guard let shared = outcome.shared else { throw Refusal(Problems.notFound(Message(.complaintGone))) }
                let now = core.clock.now()
                return shared.read { complaint in
                    if isIntake {
                        var headers = [("Location", "/v1/track/\(complaint.trackingCode)")]
                        if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
                        return HTTPResponse.json(outcome.replayed ? 201 : status, ComplaintJSON.intakeReceipt(complaint, now: now), headers: headers)
                    }
                    var w = JSONWriter(capacity: 2048)
                    ComplaintJSON.writeStaff(
                        complaint,
                        .init(
                            revealContact: reveal, includeTrackingCode: includeTrackingCode,
                            hidesRepeatOf: outcome.hidesRepeatOf, allowedActions: outcome.allowedActions, now: now),
                        into: &w
                    ) { w in
                        // Listed at admission, before this complaint existed: it is never among them.
                        if status == 201 { ComplaintAPI.writeDuplicates(outcome.possibleDuplicates, into: &w) }
                    }
                    let body = w.bytes
                    var headers = [("ETag", Problems.etag(complaint.version))]
                    if status == 201 { headers.append(("Location", "/v1/complaints/\(complaint.id)")) }
                    if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
                    return HTTPResponse.json(outcome.replayed ? 201 : status, body, headers: headers)
                }
            }
        }
    }

    /// `"possibleDuplicates": [...]`, written into the registration's answer before it closes
    /// (appended to the finished bytes, it regrew and copied the whole answer).
    static func writeDuplicates(_ duplicates: [DuplicateHint], into w: inout JSONWriter) {
        w.memberArray("possibleDuplicates") { w in
            for d in duplicates {
                writeHint(id: d.id, status: d.status, receivedAt: d.receivedAt, category: d.category, content: d.content, into: &w)
            }
        }
    }

    /// One open complaint at the same home, as a registration's answer and the console's
    /// duplicate hints list it: what tells a receptionist whether it is the same matter.
    static func writeHint(
        id: String, status: ComplaintStatus, receivedAt: Date, category: Department?, content: String, into w: inout JSONWriter
    ) {
        w.beginObject()
        w.member("id", id)
        w.member("status", status.rawValue)
        w.member("receivedAt", date: receivedAt)
        w.member("category", category?.rawValue)
        w.member("content", content)
        w.endObject()
    }

    // MARK: POST /v1/complaints

    func register(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.caller(request)
        let input = try RegistrationBody.decode(request).get()
        var idempotency: (String, UInt64)?
        if let key = request.headers["idempotency-key"] {
            guard !key.isEmpty, key.utf8.count <= 255 else { throw Refusal(Problems.badRequest(Message(.idempotencyKeyLength))) }
            idempotency = (principal.actor.id + "\u{1F}" + key, fingerprint(request.body))
        }
        core.submit(
            .register(input, sequence: 0, trackingCode: TrackingCode.make()), actor: principal.actor, scope: principal.scope,
            idempotency: idempotency, completion: respond(later, as: principal, status: 201, includeTrackingCode: true))
        return nil
    }

    // MARK: GET /v1/complaints/{id}

    func get(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "complaints")
        let id = request.pathParameters["id"] ?? ""
        if request.queryValue("reveal") == "contact" {
            guard principal.mayRevealContacts else { throw Refusal(Problems.forbidden(Message(.contactsForbidden))) }
            // An unmasked read is itself an audited event; answer once it is durable.
            core.submit(.viewContact(id: id), actor: principal.actor, scope: principal.scope, completion: respond(later, as: principal, reveal: true))
            return nil
        }
        // Out of scope answers exactly like a complaint that does not exist.
        guard let found = try core.complaint(id: id, actor: principal.actor, within: principal.scope).get() else {
            throw Refusal(Problems.notFound(Message(domain: .noComplaint, ["id": id])))
        }
        let complaint = found.complaint
        let etag = Problems.etag(complaint.version)
        // Weak comparison (RFC 9110 §13.1.2): W/"3" matches "3".
        if let match = request.headers["if-none-match"],
            match.split(separator: ",").contains(where: {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == etag
            })
        {
            return HTTPResponse(status: 304, headers: [("ETag", etag)])
        }
        let now = clock.now()
        // The shared cached view names `repeatOf`; a reader who may not see that complaint gets a fresh view without it.
        let body =
            found.hidesRepeatOf
            ? ComplaintJSON.staff(complaint, .init(hidesRepeatOf: true, allowedActions: found.allowedActions, now: now))
            : bodies.staffBody(complaint, allowedActions: found.allowedActions, now: now)
        return HTTPResponse.json(200, body, headers: [("ETag", etag)])
    }

    // MARK: POST /v1/complaints/{id}/{action}

    func act(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.caller(request)
        let id = request.pathParameters["id"] ?? ""
        guard let action = Action(rawValue: request.pathParameters["action"] ?? "") else {
            throw Refusal(Problems.notFound(Message(.unknownAction, ["actions": .text(Action.allCases.map(\.rawValue).joined(separator: ", "))])))
        }
        if let refusal = RequestDecoding.checkJSONBody(request) { throw Refusal(refusal) }
        let command = try Command.make(action: action, id: id, body: request.body).get()
        var expected: Int?
        if let match = request.headers["if-match"]?.trimmingCharacters(in: .whitespaces), match != "*" {
            let digits = match.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let version = Int(digits) else {
                let current = core.read { state -> Int? in
                    guard let slot = state.book.slot(of: id), state.complaints.isVisible(slot, to: principal.scope) else { return nil }
                    return Int(state.book.record(at: slot).version)
                }
                guard let current else { throw Refusal(Problems.notFound(Message(domain: .noComplaint, ["id": id]))) }
                throw Refusal(Problems.preconditionFailed(current: current))
            }
            expected = version
        }
        core.submit(command, actor: principal.actor, scope: principal.scope, expectedVersion: expected, completion: respond(later, as: principal))
        return nil
    }
}
