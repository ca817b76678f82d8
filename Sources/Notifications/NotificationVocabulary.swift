/// The languages robot and webhook texts are written in.
public enum NotificationLanguage: String, Sendable, CaseIterable {
    /// Simplified Chinese (the default: the staff who read the robots).
    case zh
    /// English.
    case en
}

/// Which closed list of the workflow a code belongs to.
public enum VocabularyField: String, Sendable, CaseIterable {
    /// Complaint status (`dispatched`…).
    case status
    /// Severity (`major`…).
    case severity
    /// Category or department (`engineering`…).
    case department
    /// Staff role (`supervisor`…).
    case role
    /// Service-level clock (`dispatch`…).
    case clock
    /// Why a complaint was upgraded (`unresolved_7_days`…).
    case upgradeReason
}

/// Words for the workflow's codes. The service implements it from its catalogue (this module
/// knows the codes only as text); an unknown code may be shown as it is.
public protocol NotificationVocabulary: Sendable {
    /// The word for `code` of `field` in `language`.
    func label(_ code: String, of field: VocabularyField, in language: NotificationLanguage) -> String
}

/// Shows codes as they are (tests, and a service that configured no words).
public struct CodeVocabulary: NotificationVocabulary {
    /// Makes the vocabulary.
    public init() {}

    public func label(_ code: String, of field: VocabularyField, in language: NotificationLanguage) -> String { code }
}
