import Foundation

/// A setting's value as given: JSON from the config file keeps its type (a port written as
/// `"8080"` is refused there); environment variables and flags are text, parsed by the setting.
enum RawSetting {
    case json(Any)
    case text(String)

    /// The value as shown in an error message.
    var shown: String {
        switch self {
        case .json(let value): return ConfigurationLoader.describe(value)
        case .text(let text): return "\"\(text)\""
        }
    }
}

/// Typed readers for settings: each checks type and range and names the key and the value.
enum ConfigurationValue {
    static func integer(_ key: String, _ raw: RawSetting, _ range: ClosedRange<Int>) throws -> Int {
        var value: Int?
        switch raw {
        case .json(let any):
            if let number = any as? NSNumber, !isBoolean(number), number.doubleValue.rounded() == number.doubleValue,
                abs(number.doubleValue) < 9e15
            {
                value = number.intValue
            }
        case .text(let text):
            value = Int(text.trimmingCharacters(in: .whitespaces))
        }
        guard let value, range.contains(value) else {
            throw ConfigurationError(key: key, value: raw.shown, reason: "expected an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Seconds. `range` says whether zero is allowed (only where 0 documents "off" or "at once").
    static func seconds(_ key: String, _ raw: RawSetting, _ range: ClosedRange<Double>) throws -> Double {
        try number(key, raw, range, what: range.lowerBound > 0 ? "a positive number of seconds" : "a number of seconds")
    }

    /// A share between 0 and 1 (e.g. of a core).
    static func share(_ key: String, _ raw: RawSetting) throws -> Double {
        try number(key, raw, 0...1, what: "a share")
    }

    private static func number(_ key: String, _ raw: RawSetting, _ range: ClosedRange<Double>, what: String) throws -> Double {
        var value: Double?
        switch raw {
        case .json(let any):
            if let number = any as? NSNumber, !isBoolean(number) { value = number.doubleValue }
        case .text(let text):
            value = Double(text.trimmingCharacters(in: .whitespaces))
        }
        guard let value, value.isFinite, range.contains(value) else {
            throw ConfigurationError(
                key: key, value: raw.shown, reason: "expected \(what) in \(format(range.lowerBound))...\(format(range.upperBound))")
        }
        return value
    }

    static func boolean(_ key: String, _ raw: RawSetting) throws -> Bool {
        switch raw {
        case .json(let any):
            if let number = any as? NSNumber, isBoolean(number) { return number.boolValue }
        case .text(let text):
            switch text.lowercased() {
            case "true", "1", "yes", "on": return true
            case "false", "0", "no", "off": return false
            default: break
            }
        }
        throw ConfigurationError(key: key, value: raw.shown, reason: "expected true or false")
    }

    static func string(_ key: String, _ raw: RawSetting) throws -> String {
        let value: String?
        switch raw {
        case .json(let any): value = any as? String
        case .text(let text): value = text
        }
        guard let value, !value.isEmpty else { throw ConfigurationError(key: key, value: raw.shown, reason: "expected a non-empty string") }
        return value
    }

    static func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ raw: RawSetting, _ type: Choice.Type) throws -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        guard let text = try? string(key, raw), let value = Choice(rawValue: text) else {
            throw ConfigurationError(key: key, value: raw.shown, reason: "expected one of \(names.joined(separator: ", "))")
        }
        return value
    }

    static func strings(_ key: String, _ raw: RawSetting) throws -> [String] {
        switch raw {
        case .json(let any):
            if let list = any as? [Any], let strings = list as? [String], strings.count == list.count { return strings }
        case .text(let text):
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        throw ConfigurationError(key: key, value: raw.shown, reason: "expected a list of strings")
    }

    /// An http:// or https:// address with a host and no query (a link base); JSON null or "" is none.
    static func baseURL(_ key: String, _ raw: RawSetting) throws -> String? {
        if case .json(let any) = raw, any is NSNull { return nil }
        if case .text(let text) = raw, text.isEmpty { return nil }
        let text = try string(key, raw)
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
            url.query == nil, url.fragment == nil
        else {
            throw ConfigurationError(key: key, value: raw.shown, reason: "expected an http:// or https:// address such as https://kefu.example.com")
        }
        return text
    }

    /// JSONSerialization gives booleans as NSNumber with objCType "c".
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
