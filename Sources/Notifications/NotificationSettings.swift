import Foundation

/// One place notifications go to.
public struct NotificationEndpoint: Sendable {
    /// The robot or webhook platform, which fixes the request format and signature.
    public enum Kind: String, Sendable, CaseIterable {
        /// WeCom (企业微信) group robot.
        case wecom
        /// DingTalk (钉钉) custom robot.
        case dingtalk
        /// Feishu/Lark (飞书) custom bot.
        case feishu
        /// A generic JSON webhook signed with HMAC-SHA256.
        case webhook
    }

    /// The message type a robot is sent (the platforms' `msgtype` / `msg_type`).
    public enum Style: String, Sendable, CaseIterable {
        /// Plain text (every robot).
        case text
        /// Markdown (WeCom, DingTalk).
        case markdown
        /// DingTalk's card with one button to the complaint.
        case actionCard
        /// Feishu's message card with a header and a button.
        case interactive
    }

    /// The endpoint's name (unique; shown in `GET /v1/notifications`).
    public var name: String
    /// The platform.
    public var kind: Kind
    /// Where requests go; WeCom keeps its key in the URL.
    public var url: String
    /// Signing secret (DingTalk "加签", Feishu "签名校验", webhook HMAC).
    public var secret: String?
    /// Role codes this endpoint stands for; empty means every notice.
    public var roles: Set<String>
    /// The message type sent.
    public var style: Style
    /// Messages per minute the platform accepts (the robots allow about 20).
    public var perMinute: Int
    /// The language of this endpoint's texts; nil: the section's `language`.
    public var language: NotificationLanguage?

    /// Makes an endpoint.
    public init(
        name: String, kind: Kind, url: String, secret: String? = nil, roles: Set<String> = [], style: Style? = nil,
        perMinute: Int = 20, language: NotificationLanguage? = nil
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.roles = roles
        self.style = style ?? NotificationEndpoint.defaultStyle(for: kind)
        self.perMinute = perMinute
        self.language = language
    }

    /// Whether a notice naming `roles` goes here.
    public func accepts(_ roles: [String]) -> Bool { self.roles.isEmpty || roles.contains { self.roles.contains($0) } }

    /// The richest type each platform documents for a group robot: markdown or a card.
    public static func defaultStyle(for kind: Kind) -> Style {
        switch kind {
        case .wecom, .dingtalk: return .markdown
        case .feishu: return .interactive
        case .webhook: return .text
        }
    }

    /// The message types a platform accepts from us.
    public static func styles(for kind: Kind) -> [Style] {
        switch kind {
        case .wecom: return [.text, .markdown]
        case .dingtalk: return [.text, .markdown, .actionCard]
        case .feishu: return [.text, .interactive]
        case .webhook: return [.text]
        }
    }
}

/// A member of staff as messages name them: who must act, and the mobile robots @mention.
public struct NotificationPerson: Sendable, Hashable {
    /// The name shown in messages.
    public var name: String
    /// The role code (shown beside the name).
    public var role: String
    /// A mainland mobile (11 digits) the robots @mention; nil: named, not mentioned.
    public var mobile: String?

    /// Makes a person.
    public init(name: String, role: String, mobile: String? = nil) {
        self.name = name
        self.role = role
        self.mobile = mobile
    }
}

/// The `notifications` config section, typed (the service parses and checks it).
public struct NotificationSettings: Sendable {
    /// Where notices go.
    public var endpoints: [NotificationEndpoint] = []
    /// Attempts before a notification is given up as failed.
    public var maxAttempts = 8
    /// Backoff before attempt n+1: min(retryBaseSeconds · 2^(n−1), retryMaxSeconds).
    public var retryBaseSeconds = 5.0
    /// The longest backoff.
    public var retryMaxSeconds = 600.0
    /// Connect, send and receive timeout of one attempt.
    public var timeoutSeconds = 10.0
    /// How often an idle delivery worker looks at its queue (it is also woken on new work).
    public var pollSeconds = 0.25
    /// The language of the texts (endpoints may override it).
    public var language = NotificationLanguage.zh
    /// The company's time zone: every time in a text is local to it (`workflow.timeZone`).
    public var timeZone = TimeZone(identifier: "Asia/Shanghai")!
    /// The console's address (`publicBaseURL`); messages link to `<base>/console/complaints/{id}`.
    public var consoleBaseURL: String?
    /// When non-major notices are held and folded into one digest at the end; nil: never.
    public var quietHours: QuietHours?
    /// Staff by user id, for the names and mobiles in messages.
    public var people: [String: NotificationPerson] = [:]
    /// Words for the workflow's codes (status, severity, category, role, clock, reason).
    public var vocabulary: any NotificationVocabulary = CodeVocabulary()

    /// The defaults.
    public init() {}

    /// The backoff after `attempts` failed attempts.
    public func backoff(afterAttempts attempts: Int) -> Double {
        min(retryBaseSeconds * pow(2, Double(max(0, attempts - 1))), retryMaxSeconds)
    }

    /// The console page of complaint `id`, when `consoleBaseURL` is set.
    public func consoleLink(_ id: String) -> String? {
        guard var base = consoleBaseURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        let safe = id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        return safe ? base + "/console/complaints/" + id : nil
    }
}
