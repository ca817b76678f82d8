import ComplaintDomain
import Foundation
import HTTP1

/// A language complaintd answers in: problem details, report CSV headers, robot texts.
public enum Language: String, Sendable, CaseIterable {
    /// Simplified Chinese, the default: the people the service is for.
    case zh
    /// English.
    case en

    /// The language `request` prefers by `Accept-Language` (RFC 9110 §12.5.4), else `fallback`.
    static func preferred(by request: HTTPRequest, fallback: Language) -> Language {
        Language(
            rawValue: AcceptLanguage.best(
                request.headers["accept-language"], available: Language.allCases.map(\.rawValue),
                fallback: fallback.rawValue)) ?? fallback
    }
}

/// A catalogue key and the values its words use, worded in either language only when the answer
/// is written: one refusal can be answered in Chinese to one reader and in English to another.
struct Message: Sendable {
    /// One value put into a template.
    indirect enum Value: Sendable {
        /// Shown as it is (an id, a number, a technical error).
        case text(String)
        /// Itself worded in the reader's language.
        case message(Message)
        /// A workflow code shown as its word (`dispatched` → 已派单).
        case code(Vocabulary.Kind, String)
        /// Several values, joined with the language's list separator (、 or , ).
        case list([Value])
    }

    /// The catalogue key (a `MessageKey`, a `DomainMessage` or a generated one such as `title.404`).
    let key: String
    let values: [String: Value]

    /// A service message.
    init(_ key: MessageKey, _ values: [String: Value] = [:]) {
        self.key = key.rawValue
        self.values = values
    }

    /// A domain message: values named like a workflow code (`role`, `status`…) are worded.
    init(domain key: DomainMessage, _ values: [String: String]) {
        self.key = key.rawValue
        self.values = values.reduce(into: [:]) { out, pair in
            out[pair.key] = Message.domainCodes[pair.key].map { Value.code($0, pair.value) } ?? .text(pair.value)
        }
    }

    /// Any catalogue key (titles, protocol problems).
    init(key: String, _ values: [String: Value] = [:]) {
        self.key = key
        self.values = values
    }

    /// Domain value names that hold codes of a vocabulary.
    private static let domainCodes: [String: Vocabulary.Kind] = [
        "role": .role, "action": .action, "status": .status, "clock": .clock, "department": .department, "actual": .department,
    ]

    /// The words in `language`: the template with each `{name}` replaced.
    func text(_ language: Language) -> String {
        // Every key code asks for has words (`CatalogueTests`); the key itself is the last resort.
        guard let template = Catalogue.template(key, language) else { return key }
        var out = template
        for (name, value) in values where out.contains("{\(name)}") {
            out = out.replacingOccurrences(of: "{\(name)}", with: Message.word(value, language))
        }
        return out
    }

    private static func word(_ value: Value, _ language: Language) -> String {
        switch value {
        case .text(let text): return text
        case .message(let message): return message.text(language)
        case .code(let kind, let code): return Vocabulary.label(kind, code, language)
        case .list(let items): return items.map { word($0, language) }.joined(separator: language == .zh ? "、" : ", ")
        }
    }
}
