import Foundation

/// A request to change one complaint; `ComplaintBook.decide` turns it into events or an error.
public enum Command: Sendable, Hashable {
    /// Register a new complaint with the sequence and tracking code the service allocated.
    case register(RegistrationInput, sequence: Int, trackingCode: String)
    /// Judge validity, scope and severity.
    case assess(id: String, AssessmentInput)
    /// Hand over to a department and handler.
    case dispatch(id: String, DispatchInput)
    /// Confirm the department took the work.
    case acknowledge(id: String, NoteInput)
    /// Post a progress note.
    case progress(id: String, ProgressInput)
    /// Report the result.
    case resolve(id: String, ResolutionInput)
    /// Approve the result before the reply.
    case approve(id: String, NoteInput)
    /// Tell the owner the result.
    case reply(id: String, ReplyInput)
    /// Record a return or follow-up visit.
    case visit(id: String, VisitInput)
    /// Close with a summary.
    case close(id: String, CloseInput)
    /// Move a deadline.
    case extend(id: String, ExtensionInput)
    /// Link to an incident.
    case link(id: String, LinkInput)
    /// Raise to major because staff judge it so.
    case upgrade(id: String, NoteInput)
    /// The owner chases a complaint by tracking code (催办).
    case remind(trackingCode: String)
    /// The scheduler escalates a missed clock.
    case escalate(id: String, ClockKind)
    /// The scheduler raises a complaint unresolved for `autoUpgradeAfter` to major.
    case upgradeUnresolved(id: String)
    /// Raise a complaint to major because its incident has too many owners.
    case upgradeForIncident(id: String, incidentID: String)
    /// Audit an unmasked read of the complainant's contact.
    case viewContact(id: String)

    /// Builds the command for `POST /v1/complaints/{id}/{action}` from its JSON body.
    ///
    /// A body that does not decode becomes a validation error naming the offending field.
    public static func make(action: Action, id: String, body: Data, decoder: JSONDecoder = JSONDecoder()) -> Result<Command, DomainError> {
        let data = body.isEmpty ? Data("{}".utf8) : body
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self, from: data) }
        do {
            switch action {
            case .assess: return .success(.assess(id: id, try decode(AssessmentInput.self)))
            case .dispatch: return .success(.dispatch(id: id, try decode(DispatchInput.self)))
            case .acknowledge: return .success(.acknowledge(id: id, try decode(NoteInput.self)))
            case .progress: return .success(.progress(id: id, try decode(ProgressInput.self)))
            case .resolve: return .success(.resolve(id: id, try decode(ResolutionInput.self)))
            case .approve: return .success(.approve(id: id, try decode(NoteInput.self)))
            case .reply: return .success(.reply(id: id, try decode(ReplyInput.self)))
            case .visit: return .success(.visit(id: id, try decode(VisitInput.self)))
            case .close: return .success(.close(id: id, try decode(CloseInput.self)))
            case .extend: return .success(.extend(id: id, try decode(ExtensionInput.self)))
            case .link: return .success(.link(id: id, try decode(LinkInput.self)))
            case .upgrade: return .success(.upgrade(id: id, try decode(NoteInput.self)))
            }
        } catch {
            return .failure(.invalid([FieldError(decodingError: error)]))
        }
    }

    /// The complaint id the command addresses, if it names one.
    public var complaintID: String? {
        switch self {
        case .register, .remind: return nil
        case .assess(let id, _), .dispatch(let id, _), .acknowledge(let id, _), .progress(let id, _),
             .resolve(let id, _), .approve(let id, _), .reply(let id, _), .visit(let id, _), .close(let id, _),
             .extend(let id, _), .link(let id, _), .upgrade(let id, _), .escalate(let id, _),
             .upgradeUnresolved(let id), .upgradeForIncident(let id, _), .viewContact(let id):
            return id
        }
    }
}

extension FieldError {
    /// Names the field a JSON decoding error points at, e.g. "complainant.phone".
    public init(decodingError error: any Error) {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let all = keys + (last.map { [$0] } ?? [])
            let joined = all.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined
        }
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(field: path(context.codingPath), message: "has the wrong type")
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath, key), message: "is required")
        case .dataCorrupted(let context):
            self.init(field: path(context.codingPath), message: "is not a valid value")
        default:
            self.init(field: "body", message: "is not valid JSON")
        }
    }
}
