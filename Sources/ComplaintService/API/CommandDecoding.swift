import ComplaintDomain
import Foundation
import JSONCodec

extension Command {
    /// Builds the command for `POST /v1/complaints/{id}/{action}` from its JSON body.
    ///
    /// A body that does not decode becomes a validation error naming the offending field.
    static func make(action: Action, id: String, body: [UInt8], decoder: JSONValueDecoder = RequestDecoding.decoder) -> Result<Command, DomainError> {
        let data = body.isEmpty ? Array("{}".utf8) : body
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
            case .opinion: return .success(.opinion(id: id, try decode(OpinionInput.self)))
            case .confirm: return .success(.confirm(id: id, try decode(ConfirmationInput.self)))
            }
        } catch {
            return .failure(.invalid([FieldError(decodingError: error)]))
        }
    }
}

extension FieldError {
    /// Names the field a JSON decoding error points at, e.g. "complainant.phone".
    init(decodingError error: any Error) {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let all = keys + (last.map { [$0] } ?? [])
            let joined = all.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined
        }
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(field: path(context.codingPath), rule: .wrongType)
        case .keyNotFound(let key, let context):
            self.init(field: path(context.codingPath, key), rule: .required)
        case .dataCorrupted(let context):
            let refusal = context.underlyingError as? DateRefusal
            self.init(field: path(context.codingPath), rule: refusal?.rule ?? .invalidValue)
        default:
            self.init(field: "body", rule: .invalidJSON)
        }
    }
}
