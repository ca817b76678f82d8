import ComplaintDomain
import Foundation
import Notifications

/// Reads and checks the `notifications` config section into the module's `NotificationSettings`:
/// every key known, every value of its type and range, roles and message types named exactly.
enum NotificationConfiguration {
    static let sectionKeys: Set<String> = [
        "endpoints", "maxAttempts", "retryBaseSeconds", "retryMaxSeconds", "timeoutSeconds", "pollSeconds", "language", "quietHours",
    ]
    static let endpointKeys: Set<String> = ["name", "kind", "url", "secret", "secretEnv", "roles", "msgtype", "perMinute", "language"]

    /// Parses the section (raw JSON as stored by the configuration loader); nil JSON is "none".
    static func settings(json: Data?, environment: [String: String]) throws -> NotificationSettings {
        var settings = NotificationSettings()
        guard let json else { return settings }
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw ConfigurationError(key: "notifications", value: "(see config)", reason: "expected an object")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let raw = object[key] else { return nil }
            return try ConfigurationValue.seconds("notifications.\(key)", .json(raw), range)
        }
        for key in object.keys.sorted() where !key.hasPrefix("_") && !sectionKeys.contains(key) {
            throw ConfigurationError(
                key: "notifications.\(key)", value: ConfigurationLoader.describe(object[key]!),
                reason: "unknown setting (known: \(sectionKeys.sorted().joined(separator: ", ")))")
        }
        if let raw = object["maxAttempts"] {
            settings.maxAttempts = try ConfigurationValue.integer("notifications.maxAttempts", .json(raw), 1...1000)
        }
        if let v = try number("retryBaseSeconds", 0.001...86400) { settings.retryBaseSeconds = v }
        if let v = try number("retryMaxSeconds", 0.001...86400 * 7) { settings.retryMaxSeconds = v }
        if let v = try number("timeoutSeconds", 0.01...600) { settings.timeoutSeconds = v }
        if let v = try number("pollSeconds", 0.01...60) { settings.pollSeconds = v }
        if let raw = object["language"] { settings.language = try language("notifications.language", raw) }
        if let raw = object["quietHours"], !(raw is NSNull) { settings.quietHours = try quietHours(raw, zone: settings.timeZone) }
        guard let list = (object["endpoints"] ?? []) as? [[String: Any]] else {
            throw ConfigurationError(
                key: "notifications.endpoints", value: ConfigurationLoader.describe(object["endpoints"]!),
                reason: "expected a list of objects")
        }
        var names = Set<String>()
        for (index, entry) in list.enumerated() {
            let endpoint = try self.endpoint(entry, key: "notifications.endpoints[\(index)]", index: index, environment: environment)
            guard names.insert(endpoint.name).inserted else {
                throw ConfigurationError(
                    key: "notifications.endpoints[\(index)].name", value: "\"\(endpoint.name)\"",
                    reason: "endpoint names must be unique and non-empty")
            }
            settings.endpoints.append(endpoint)
        }
        return settings
    }

    private static func endpoint(_ entry: [String: Any], key: String, index: Int, environment: [String: String]) throws -> NotificationEndpoint {
        for name in entry.keys.sorted() where !name.hasPrefix("_") && !endpointKeys.contains(name) {
            throw ConfigurationError(
                key: "\(key).\(name)", value: ConfigurationLoader.describe(entry[name]!),
                reason: "unknown setting (known: \(endpointKeys.sorted().joined(separator: ", ")))")
        }
        for name in ["name", "secret", "secretEnv", "msgtype", "language"] where entry[name] != nil {
            _ = try ConfigurationValue.string("\(key).\(name)", .json(entry[name]!))
        }
        if let roles = entry["roles"] { _ = try ConfigurationValue.strings("\(key).roles", .json(roles)) }
        guard let kindName = entry["kind"] as? String, let kind = NotificationEndpoint.Kind(rawValue: kindName) else {
            throw ConfigurationError(
                key: "\(key).kind", value: ConfigurationLoader.describe(entry["kind"] ?? "null"),
                reason: "expected one of wecom, dingtalk, feishu, webhook")
        }
        let name = entry["name"] as? String ?? "\(kind.rawValue)-\(index + 1)"
        guard !name.isEmpty else {
            throw ConfigurationError(key: "\(key).name", value: "\"\"", reason: "endpoint names must be unique and non-empty")
        }
        guard let url = entry["url"] as? String, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host != nil
        else {
            throw ConfigurationError(
                key: "\(key).url", value: ConfigurationLoader.describe(entry["url"] ?? "null"),
                reason: "expected an http:// or https:// URL")
        }
        var secret = entry["secret"] as? String
        if let variable = entry["secretEnv"] as? String { secret = environment[variable] }
        if kind == .wecom, !(parsed.query ?? "").contains("key=") {
            throw ConfigurationError(key: "\(key).url", value: "(hidden)", reason: "a WeCom robot URL carries key=… in its query")
        }
        var roles = Set<String>()
        for raw in entry["roles"] as? [String] ?? [] {
            guard Role(rawValue: raw) != nil else { throw ConfigurationError(key: "\(key).roles", value: "\"\(raw)\"", reason: "unknown role") }
            roles.insert(raw)
        }
        let styles = NotificationEndpoint.styles(for: kind)
        var style = NotificationEndpoint.defaultStyle(for: kind)
        if let name = entry["msgtype"] as? String {
            guard let chosen = NotificationEndpoint.Style(rawValue: name), styles.contains(chosen) else {
                throw ConfigurationError(
                    key: "\(key).msgtype", value: "\"\(name)\"",
                    reason: "expected one of \(styles.map(\.rawValue).joined(separator: ", ")) for \(kind.rawValue)")
            }
            style = chosen
        }
        let perMinute = try entry["perMinute"].map { try ConfigurationValue.integer("\(key).perMinute", .json($0), 1...10_000) } ?? 20
        let language = try entry["language"].map { try self.language("\(key).language", $0) }
        return NotificationEndpoint(
            name: name, kind: kind, url: url, secret: secret, roles: roles, style: style, perMinute: perMinute,
            language: language)
    }

    private static func language(_ key: String, _ raw: Any) throws -> NotificationLanguage {
        guard let text = raw as? String, let language = NotificationLanguage(rawValue: text) else {
            throw ConfigurationError(key: key, value: ConfigurationLoader.describe(raw), reason: "expected zh or en")
        }
        return language
    }

    /// `{"start": "22:00", "end": "07:30"}` in `workflow.timeZone`.
    private static func quietHours(_ raw: Any, zone: TimeZone) throws -> QuietHours {
        let key = "notifications.quietHours"
        guard let object = raw as? [String: Any] else {
            throw ConfigurationError(
                key: key, value: ConfigurationLoader.describe(raw), reason: "expected {\"start\": \"22:00\", \"end\": \"07:00\"} or null")
        }
        for name in object.keys.sorted() where !name.hasPrefix("_") && name != "start" && name != "end" {
            throw ConfigurationError(
                key: "\(key).\(name)", value: ConfigurationLoader.describe(object[name]!), reason: "unknown setting (known: end, start)")
        }
        func minute(_ name: String) throws -> Int {
            guard let text = object[name] as? String, let minute = QuietHours.minutes(text) else {
                throw ConfigurationError(
                    key: "\(key).\(name)", value: ConfigurationLoader.describe(object[name] ?? "null"),
                    reason: "expected a local time HH:MM, 00:00 to 23:59")
            }
            return minute
        }
        guard let span = QuietHours(startMinute: try minute("start"), endMinute: try minute("end"), timeZone: zone) else {
            throw ConfigurationError(key: "\(key).end", value: ConfigurationLoader.describe(object["end"]!), reason: "must differ from start")
        }
        return span
    }
}
