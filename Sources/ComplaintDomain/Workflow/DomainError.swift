/// A field that failed validation, named by its JSON path (e.g. "complainant.phone").
public struct FieldError: Sendable, Codable, Hashable {
    /// The JSON path of the field, as in the API contract.
    public var field: String
    /// Which rule it broke; the service words it in the reader's language.
    public var rule: DomainMessage
    /// The values the wording names (`limit`, `handler`…).
    public var values: [String: String]

    /// Creates a field error.
    public init(field: String, rule: DomainMessage, values: [String: String] = [:]) {
        self.field = field
        self.rule = rule
        self.values = values
    }

    /// A readable form for logs and test failures, e.g. `field.tooLong(limit: 100)`.
    public var message: String { rule.describe(values) }
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
        case conflict(DomainMessage)
        /// A step the workflow requires first has not been taken (409), e.g. `opinion` before dispatch.
        case missingStep(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// What the refusal says, as a catalogue key.
    public var reason: DomainMessage
    /// The values the wording names.
    public var values: [String: String]

    /// Creates an error.
    public init(_ kind: Kind, reason: DomainMessage, values: [String: String] = [:]) {
        self.kind = kind
        self.reason = reason
        self.values = values
    }

    /// A readable form for logs and test failures.
    public var message: String { reason.describe(values) }

    /// A stable machine-readable code.
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
        DomainError(.notFound, reason: .noComplaint, values: ["id": id])
    }

    /// A command reached a complaint that is out of memory: the service folds it from its
    /// events and `hydrate`s it before deciding (a refusal here is the service's mistake).
    static func notLoaded(_ id: String) -> DomainError {
        DomainError(.conflict(.notLoaded), reason: .notLoaded, values: ["id": id])
    }

    static func forbidden(_ reason: DomainMessage, _ values: [String: String] = [:]) -> DomainError {
        DomainError(.forbidden, reason: reason, values: values)
    }

    static func conflict(_ reason: DomainMessage, _ values: [String: String] = [:]) -> DomainError {
        DomainError(.conflict(reason), reason: reason, values: values)
    }

    /// The step `step` (an action's name) must be taken first.
    static func missingStep(_ step: String, _ reason: DomainMessage, _ values: [String: String] = [:]) -> DomainError {
        DomainError(.missingStep(step), reason: reason, values: values)
    }

    /// A validation refusal naming every bad field.
    public static func invalid(_ errors: [FieldError]) -> DomainError {
        DomainError(.validation(errors), reason: .invalidFields, values: ["fields": errors.map(\.field).joined(separator: ", ")])
    }

    static func transition(_ action: String, from status: ComplaintStatus, allowed: [Action]) -> DomainError {
        DomainError(
            .invalidTransition(current: status, allowed: allowed), reason: .wrongStatus,
            values: ["action": action, "status": status.rawValue])
    }
}
