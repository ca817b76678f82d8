import ComplaintDomain
import EventStore
import Foundation
import HTTP1

/// The complaint endpoints. Reads are served on the loop thread from the durable state;
/// writes go through the core and answer when their events are durable.
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
    func respond(_ later: ResponseLater, as principal: Principal, status: Int = 200, reveal: Bool = false,
                 includeTrackingCode: Bool = false) -> @Sendable (Result<CommandOutcome, CommandFailure>) -> Void {
        let scope = principal.scope
        let isIntake = principal.actor.role == .intake
        return { [core] result in later.respond { () -> HTTPResponse in
            switch result {
            case .failure(let failure):
                return Problems.failure(failure)
            case .success(let outcome):
                guard let complaint = outcome.complaint else {
                    return Problems.notFound("The complaint no longer exists.")
                }
                let now = core.clock.now()
                if isIntake {
                    var headers = [("Location", "/v1/track/\(complaint.trackingCode)")]
                    if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
                    return HTTPResponse.json(outcome.replayed ? 201 : status, ComplaintJSON.intakeReceipt(complaint, now: now), headers: headers)
                }
                let hidesRepeat = complaint.repeatOf.map { id in !core.read { $0.book.isVisible(id: id, to: scope) } } ?? false
                var body = ComplaintJSON.staff(complaint, .init(revealContact: reveal, includeTrackingCode: includeTrackingCode,
                                                                hidesRepeatOf: hidesRepeat, allowedActions: outcome.allowedActions, now: now))
                if status == 201 { body = ComplaintAPI.appendDuplicates(outcome.possibleDuplicates.filter { $0.id != complaint.id }, to: body) }
                var headers = [("ETag", Problems.etag(complaint.version))]
                if status == 201 { headers.append(("Location", "/v1/complaints/\(complaint.id)")) }
                if outcome.replayed { headers.append(("Idempotent-Replayed", "true")) }
                return HTTPResponse.json(outcome.replayed ? 201 : status, body, headers: headers)
            }
        } }
    }

    static func appendDuplicates(_ duplicates: [Complaint], to body: [UInt8]) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginArray()
        for d in duplicates {
            w.beginObject()
            w.member("id", d.id); w.member("status", d.status.rawValue); w.member("receivedAt", date: d.receivedAt)
            w.member("category", d.category?.rawValue); w.member("content", d.content)
            w.endObject()
        }
        w.endArray()
        var out = body
        out.removeLast()  // the closing brace
        out.append(contentsOf: #","possibleDuplicates":"#.utf8)
        out.append(contentsOf: w.bytes)
        out.append(UInt8(ascii: "}"))
        return out
    }

    func principal(_ request: HTTPRequest) -> Result<Principal, Refusal> {
        guard let principal = auth.authenticate(request.headers["authorization"]) else { return .failure(Refusal(Problems.unauthorized())) }
        return .success(principal)
    }

    /// The principal for a staff read: intake clients (public front ends) may register but not browse complaints.
    func reader(_ request: HTTPRequest) -> Result<Principal, Refusal> {
        auth.reader(request.headers["authorization"], reading: "complaints")
    }

    // MARK: POST /v1/complaints

    func register(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let principal: Principal
        switch self.principal(request) { case .success(let p): principal = p; case .failure(let r): return r.response }
        let input: RegistrationInput
        switch RequestDecoding.decode(RegistrationInput.self, from: request) { case .success(let i): input = i; case .failure(let r): return r.response }
        var idempotency: (String, UInt64)?
        if let key = request.headers["idempotency-key"] {
            guard !key.isEmpty, key.utf8.count <= 255 else { return Problems.badRequest("Idempotency-Key must be 1 to 255 characters.") }
            idempotency = (principal.actor.id + "\u{1F}" + key, fingerprint(request.body))
        }
        core.submit(.register(input, sequence: 0, trackingCode: TrackingCode.make()), actor: principal.actor, scope: principal.scope,
                    idempotency: idempotency, completion: respond(later, as: principal, status: 201, includeTrackingCode: true))
        return nil
    }

    // MARK: GET /v1/complaints/{id}

    func get(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let principal: Principal
        switch self.reader(request) { case .success(let p): principal = p; case .failure(let r): return r.response }
        let id = request.pathParameters["id"] ?? ""
        let reveal = request.queryValue("reveal") == "contact"
        if reveal {
            guard principal.mayRevealContacts else { return Problems.forbidden("Your role may not see owners' contact details.") }
            // An unmasked read is itself an audited event; answer once it is durable.
            core.submit(.viewContact(id: id), actor: principal.actor, scope: principal.scope, completion: respond(later, as: principal, reveal: true))
            return nil
        }
        let now = clock.now()
        let scope = principal.scope
        let found = core.read { state -> (Complaint, [Action], Bool)? in
            // Out of scope answers exactly like a complaint that does not exist.
            guard let c = state.book.complaint(id: id, within: scope) else { return nil }
            let hidesRepeat = c.repeatOf.map { !state.book.isVisible(id: $0, to: scope) } ?? false
            return (c, state.book.allowedActions(for: c, actor: principal.actor), hidesRepeat)
        }
        guard let (complaint, allowed, hidesRepeat) = found else { return Problems.notFound("No complaint \(id).") }
        let etag = Problems.etag(complaint.version)
        // Weak comparison (RFC 9110 §13.1.2): W/"3" matches "3".
        if let match = request.headers["if-none-match"], match.split(separator: ",").contains(where: {
            let tag = $0.trimmingCharacters(in: .whitespaces)
            return tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == etag
        }) {
            return HTTPResponse(status: 304, headers: [("ETag", etag)])
        }
        // The shared cached view names `repeatOf`; a reader who may not see that complaint gets a fresh view without it.
        let body = hidesRepeat
            ? ComplaintJSON.staff(complaint, .init(hidesRepeatOf: true, allowedActions: allowed, now: now))
            : bodies.staffBody(complaint, allowedActions: allowed, now: now)
        return HTTPResponse.json(200, body, headers: [("ETag", etag)])
    }

    // MARK: POST /v1/complaints/{id}/{action}

    func act(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let principal: Principal
        switch self.principal(request) { case .success(let p): principal = p; case .failure(let r): return r.response }
        let id = request.pathParameters["id"] ?? ""
        guard let action = Action(rawValue: request.pathParameters["action"] ?? "") else {
            return Problems.notFound("Unknown action; one of \(Action.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let refusal = RequestDecoding.checkJSONBody(request) { return refusal }
        let command: Command
        switch Command.make(action: action, id: id, body: Data(request.body), decoder: RequestDecoding.makeDecoder()) {
        case .success(let c): command = c
        case .failure(let error): return Problems.domain(error)
        }
        var expected: Int?
        if let match = request.headers["if-match"]?.trimmingCharacters(in: .whitespaces), match != "*" {
            let digits = match.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let version = Int(digits) else {
                guard let current = core.read({ $0.book.complaint(id: id, within: principal.scope)?.version }) else { return Problems.notFound("No complaint \(id).") }
                return Problems.preconditionFailed(current: current)
            }
            expected = version
        }
        core.submit(command, actor: principal.actor, scope: principal.scope, expectedVersion: expected, completion: respond(later, as: principal))
        return nil
    }

    // MARK: GET /v1/complaints

    func list(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let principal: Principal
        switch self.reader(request) { case .success(let p): principal = p; case .failure(let r): return r.response }
        guard let q = QueryReader(request) else { return Problems.badRequest("The query string has a malformed percent-encoding.") }
        let now = clock.now()
        let query: ComplaintQuery
        switch QueryParsing.complaintQuery(q, zone: core.policy.calendar.timeZone, now: now) {
        case .success(let parsed): query = parsed
        case .failure(let refusal): return refusal.response
        }
        let scope = principal.scope
        let result = core.read { state -> Result<([Complaint], [[Action]], String?), DomainError> in
            state.book.list(query, within: scope).map { page in
                (page.items, page.items.map { state.book.allowedActions(for: $0, actor: principal.actor) }, page.nextCursor)
            }
        }
        switch result {
        case .failure(let error):
            if case .validation = error.kind { return Problems.invalidParameter("cursor", error.message) }
            return Problems.domain(error)
        case .success(let (items, allowed, next)):
            var w = JSONWriter(capacity: 640 * max(1, items.count))
            w.beginObject()
            w.memberArray("items") { w in
                for (c, actions) in zip(items, allowed) {
                    ComplaintJSON.writeSummary(c, .init(allowedActions: actions, now: now), into: &w)
                }
            }
            w.member("nextCursor", next)
            w.endObject()
            return HTTPResponse.json(200, w.bytes)
        }
    }

    // MARK: GET /v1/complaints/{id}/events

    func events(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let principal: Principal
        switch self.reader(request) { case .success(let p): principal = p; case .failure(let r): return r.response }
        let id = request.pathParameters["id"] ?? ""
        let scope = principal.scope
        guard let sequence = ComplaintCore.sequence(of: id),
              let positions = core.read({ state -> [RecordPosition]? in
                  guard state.book.isVisible(id: id, to: scope), sequence >= 1, sequence <= state.positions.count else { return nil }
                  return state.positions[sequence - 1]
              }) else { return Problems.notFound("No complaint \(id).") }
        // All or nothing: an audit trail short of a record must never look complete.
        let records: [StoredRecord]
        switch core.store.readHistory(positions, stream: id) {
        case .success(let read): records = read
        case .failure(let gap): return AuditTrailProblem.response(id, gap)
        }
        var w = JSONWriter(capacity: 512 * positions.count)
        w.beginObject()
        w.memberArray("items") { w in
            for record in records {
                w.beginObject()
                w.member("sequence", Int(record.sequence))
                w.member("type", record.type)
                w.member("recordedAt", date: Date(timeIntervalSince1970: Double(record.timestampMillis) / 1000))
                w.memberRaw("data", AuditMasking.maskContacts(in: record.payload))
                w.endObject()
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }
}

/// The owner's secret: 128 bits from the system's CSPRNG, as 32 hex digits.
enum TrackingCode {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return String(format: "%016llx%016llx", high, low)
    }
}
