import ComplaintDomain
import Foundation

/// One place notifications go to.
struct NotificationEndpoint: Sendable {
    /// The robot or webhook platform, which fixes the request format and signature.
    enum Kind: String, Sendable, CaseIterable {
        case wecom, dingtalk, feishu, webhook
    }

    var name: String
    var kind: Kind
    var url: String
    /// Signing secret (DingTalk "加签", Feishu "签名校验", webhook HMAC); WeCom keeps its key in the URL.
    var secret: String?
    /// Roles this endpoint stands for; empty means every notice.
    var roles: Set<Role>
    /// WeCom only: "text" or "markdown".
    var messageType: String
    /// Messages per minute the platform accepts (the robots allow about 20).
    var perMinute: Int

    /// Whether a notice naming `roles` goes here.
    func accepts(_ roles: [Role]) -> Bool { self.roles.isEmpty || roles.contains { self.roles.contains($0) } }
}

/// The `notifications` config section.
struct NotificationSettings: Sendable {
    var endpoints: [NotificationEndpoint] = []
    /// Attempts before a notification is given up as failed.
    var maxAttempts = 8
    /// Backoff before attempt n+1: min(retryBaseSeconds · 2^(n−1), retryMaxSeconds).
    var retryBaseSeconds = 5.0
    var retryMaxSeconds = 600.0
    /// Connect, send and receive timeout of one attempt.
    var timeoutSeconds = 10.0
    /// How often an idle delivery worker looks at its queue (it is also woken on new work).
    var pollSeconds = 0.25

    /// The backoff after `attempts` failed attempts.
    func backoff(afterAttempts attempts: Int) -> Double {
        min(retryBaseSeconds * pow(2, Double(max(0, attempts - 1))), retryMaxSeconds)
    }

    /// Parses the section (raw JSON as stored by the configuration loader); nil JSON is "none".
    static func make(json: Data?, environment: [String: String]) throws -> NotificationSettings {
        var settings = NotificationSettings()
        guard let json else { return settings }
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw ConfigurationError(key: "notifications", value: "(see config)", reason: "expected an object")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let raw = object[key] else { return nil }
            return try ConfigurationValue.seconds("notifications.\(key)", .json(raw), range)
        }
        for key in object.keys where !key.hasPrefix("_") && !["endpoints", "maxAttempts", "retryBaseSeconds", "retryMaxSeconds", "timeoutSeconds", "pollSeconds"].contains(key) {
            throw ConfigurationError(key: "notifications.\(key)", value: ConfigurationLoader.describe(object[key]!), reason: "unknown setting")
        }
        if let raw = object["maxAttempts"] { settings.maxAttempts = try ConfigurationValue.integer("notifications.maxAttempts", .json(raw), 1...1000) }
        if let v = try number("retryBaseSeconds", 0.001...86400) { settings.retryBaseSeconds = v }
        if let v = try number("retryMaxSeconds", 0.001...86400 * 7) { settings.retryMaxSeconds = v }
        if let v = try number("timeoutSeconds", 0.01...600) { settings.timeoutSeconds = v }
        if let v = try number("pollSeconds", 0.01...60) { settings.pollSeconds = v }
        guard let list = (object["endpoints"] ?? []) as? [[String: Any]] else {
            throw ConfigurationError(key: "notifications.endpoints", value: ConfigurationLoader.describe(object["endpoints"]!), reason: "expected a list of objects")
        }
        var names = Set<String>()
        let endpointKeys: Set<String> = ["name", "kind", "url", "secret", "secretEnv", "roles", "msgtype", "perMinute"]
        for (index, entry) in list.enumerated() {
            let key = "notifications.endpoints[\(index)]"
            for name in entry.keys.sorted() where !name.hasPrefix("_") && !endpointKeys.contains(name) {
                throw ConfigurationError(key: "\(key).\(name)", value: ConfigurationLoader.describe(entry[name]!),
                                         reason: "unknown setting (known: \(endpointKeys.sorted().joined(separator: ", ")))")
            }
            for name in ["name", "secret", "secretEnv", "msgtype"] where entry[name] != nil {
                _ = try ConfigurationValue.string("\(key).\(name)", .json(entry[name]!))
            }
            if let roles = entry["roles"] { _ = try ConfigurationValue.strings("\(key).roles", .json(roles)) }
            guard let kindName = entry["kind"] as? String, let kind = NotificationEndpoint.Kind(rawValue: kindName) else {
                throw ConfigurationError(key: "\(key).kind", value: ConfigurationLoader.describe(entry["kind"] ?? "null"), reason: "expected one of wecom, dingtalk, feishu, webhook")
            }
            let name = entry["name"] as? String ?? "\(kind.rawValue)-\(index + 1)"
            guard !name.isEmpty, names.insert(name).inserted else {
                throw ConfigurationError(key: "\(key).name", value: "\"\(name)\"", reason: "endpoint names must be unique and non-empty")
            }
            guard let url = entry["url"] as? String, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw ConfigurationError(key: "\(key).url", value: ConfigurationLoader.describe(entry["url"] ?? "null"), reason: "expected an http:// or https:// URL")
            }
            var secret = entry["secret"] as? String
            if let variable = entry["secretEnv"] as? String { secret = environment[variable] }
            if kind == .wecom, !(parsed.query ?? "").contains("key=") {
                throw ConfigurationError(key: "\(key).url", value: "(hidden)", reason: "a WeCom robot URL carries key=… in its query")
            }
            var roles = Set<Role>()
            for raw in entry["roles"] as? [String] ?? [] {
                guard let role = Role(rawValue: raw) else {
                    throw ConfigurationError(key: "\(key).roles", value: "\"\(raw)\"", reason: "unknown role")
                }
                roles.insert(role)
            }
            let messageType = entry["msgtype"] as? String ?? "text"
            guard ["text", "markdown"].contains(messageType) else {
                throw ConfigurationError(key: "\(key).msgtype", value: "\"\(messageType)\"", reason: "expected text or markdown")
            }
            let perMinute = try entry["perMinute"].map { try ConfigurationValue.integer("\(key).perMinute", .json($0), 1...10_000) } ?? 20
            settings.endpoints.append(NotificationEndpoint(name: name, kind: kind, url: url, secret: secret, roles: roles,
                                                           messageType: messageType, perMinute: perMinute))
        }
        return settings
    }
}
