/// A field that failed validation, named by its JSON path (e.g. "complainant.phone").
public struct FieldError: Sendable, Codable, Hashable {
    /// The JSON path of the field.
    public var field: String
    /// What is wrong with it.
    public var message: String

    /// Creates a field error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Why a command was refused; the service maps each kind to one HTTP status.
public struct DomainError: Error, Sendable, Hashable {
    /// The kinds of refusal.
    public enum Kind: Sendable, Hashable {
        /// No such complaint (404).
        case notFound
        /// The actor's role, department or part in the work forbids it (403).
        case forbidden
        /// Not allowed from the current status (409); lists what the actor could do instead.
        case invalidTransition(current: ComplaintStatus, allowed: [Action])
        /// The input is incomplete or wrong (422).
        case validation([FieldError])
        /// Too soon after the previous request (429).
        case rateLimited(retryAfterSeconds: Int)
        /// The request conflicts with the current state in another way (409).
        case conflict(String)
        /// A step the workflow requires first has not been taken (409), e.g. `opinion` before dispatch.
        case missingStep(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// A stable machine-readable code, used as the problem `type` suffix.
    public var code: String {
        switch kind {
        case .notFound: return "not_found"
        case .forbidden: return "forbidden"
        case .invalidTransition: return "invalid_transition"
        case .validation: return "validation_failed"
        case .rateLimited: return "rate_limited"
        case .conflict: return "conflict"
        case .missingStep: return "missing_step"
        }
    }

    static func notFound(_ id: String) -> DomainError {
        DomainError(.notFound, message: "no complaint \(id)")
    }

    /// A command reached a complaint that is out of memory: the service folds it from its
    /// events and `hydrate`s it before deciding (a refusal here is the service's mistake).
    static func notLoaded(_ id: String) -> DomainError {
        DomainError(.conflict("complaint \(id) is not loaded"), message: "complaint \(id) is not loaded; retry")
    }

    static func forbidden(_ message: String) -> DomainError {
        DomainError(.forbidden, message: message)
    }

    static func conflict(_ message: String) -> DomainError {
        DomainError(.conflict(message), message: message)
    }

    /// The step `step` (an action's name) must be taken first.
    static func missingStep(_ step: String, _ message: String) -> DomainError {
        DomainError(.missingStep(step), message: message)
    }

    /// A validation refusal naming every bad field.
    public static func invalid(_ errors: [FieldError]) -> DomainError {
        let fields = errors.map(\.field).joined(separator: ", ")
        return DomainError(.validation(errors), message: "invalid fields: \(fields)")
    }

    static func transition(_ action: String, from status: ComplaintStatus, allowed: [Action]) -> DomainError {
        DomainError(
            .invalidTransition(current: status, allowed: allowed),
            message: "cannot \(action) a complaint that is \(status.rawValue)")
    }
}
