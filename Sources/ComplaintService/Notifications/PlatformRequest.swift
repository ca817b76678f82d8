import Digest
import Foundation

/// An HTTP request ready to send: the URL (with any signature query parameters), headers, body.
struct OutgoingRequest: Sendable {
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]
}

/// Each platform's documented request format and signature.
enum PlatformRequest {
    /// WeCom group robots refuse text content over 2048 bytes and markdown over 4096.
    static let wecomTextLimit = 2048
    static let wecomMarkdownLimit = 4096

    /// Builds the request for `message` to `endpoint` at time `now`.
    static func make(_ message: NotificationMessage, to endpoint: NotificationEndpoint, now: Date) -> OutgoingRequest {
        var headers: [(String, String)] = [("Content-Type", "application/json; charset=utf-8"), ("X-Notification-Id", message.id)]
        switch endpoint.kind {
        case .wecom:
            let markdown = endpoint.messageType == "markdown"
            let content = truncatedUTF8(message.text(markdown: markdown), maxBytes: markdown ? wecomMarkdownLimit : wecomTextLimit)
            let type = markdown ? "markdown" : "text"
            return OutgoingRequest(url: endpoint.url, headers: headers, body: json(["msgtype": type, type: ["content": content]]))
        case .dingtalk:
            var url = endpoint.url
            if let secret = endpoint.secret {
                let timestamp = String(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
                let sign = dingTalkSign(timestamp: timestamp, secret: secret)
                url += (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(sign)"
            }
            return OutgoingRequest(url: url, headers: headers, body: json(["msgtype": "text", "text": ["content": message.text()]]))
        case .feishu:
            var body: [String: Any] = ["msg_type": "text", "content": ["text": message.text()]]
            if let secret = endpoint.secret {
                let timestamp = String(Int64(now.timeIntervalSince1970.rounded(.down)))
                body["timestamp"] = timestamp
                body["sign"] = feishuSign(timestamp: timestamp, secret: secret)
            }
            return OutgoingRequest(url: endpoint.url, headers: headers, body: json(body))
        case .webhook:
            let body = webhookBody(message, now: now)
            if let secret = endpoint.secret {
                headers.append(("X-Signature", "sha256=" + hexString(HMACSHA256.authenticationCode(for: body, key: Array(secret.utf8)))))
            }
            return OutgoingRequest(url: endpoint.url, headers: headers, body: body)
        }
    }

    /// DingTalk: Base64(HMAC-SHA256(key: secret, message: timestamp + "\n" + secret)), URL-encoded.
    static func dingTalkSign(timestamp: String, secret: String) -> String {
        let code = HMACSHA256.authenticationCode(for: timestamp + "\n" + secret, key: secret)
        return percentEncode(Data(code).base64EncodedString())
    }

    /// Feishu/Lark: Base64(HMAC-SHA256(key: timestamp + "\n" + secret, message: empty)).
    static func feishuSign(timestamp: String, secret: String) -> String {
        Data(HMACSHA256.authenticationCode(for: [UInt8](), key: Array((timestamp + "\n" + secret).utf8))).base64EncodedString()
    }

    /// The generic webhook's JSON: the id to de-duplicate on and the facts of each notification.
    static func webhookBody(_ message: NotificationMessage, now: Date) -> [UInt8] {
        let items: [[String: Any]] = message.items.map { item in
            let f = item.facts
            var object: [String: Any] = ["notificationId": item.id, "complaintId": f.complaintID, "trigger": f.trigger.rawValue,
                                         "at": NotificationMessage.iso8601(f.at), "roles": f.roles.map(\.rawValue)]
            object["status"] = f.status
            object["severity"] = f.severity
            object["department"] = f.department
            object["estate"] = f.estate
            object["building"] = f.building
            object["clock"] = f.clock
            object["dueAt"] = f.dueAt.map(NotificationMessage.iso8601)
            object["lateBySeconds"] = f.lateBySeconds.map { $0.rounded() }
            object["reason"] = f.reason
            return object
        }
        return json(["id": message.id, "endpoint": message.endpoint, "digest": message.isDigest, "sentAt": NotificationMessage.iso8601(now),
                     "text": message.text(), "notifications": items])
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8))
    }
}
