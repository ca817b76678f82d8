import Digest
import Foundation
import JSONCodec

/// Each platform's documented request format and signature. A message is one request, plus a
/// short text that @mentions the people who must act where the chosen type cannot mention by
/// mobile (WeCom markdown, DingTalk actionCard).
enum PlatformRequest {
    /// WeCom group robots refuse text content over 2048 bytes and markdown over 4096.
    static let wecomTextLimit = 2048
    static let wecomMarkdownLimit = 4096
    /// DingTalk and Feishu take larger bodies (Feishu refuses a request over 20 KB); texts are cut well below.
    static let largeTextLimit = 12_000

    /// The requests for `message` to `endpoint` at `now`, in the order they are sent. Signatures
    /// carry `signedAt`, the wall clock: the platforms refuse a timestamp an hour off their own.
    static func make(
        _ message: NotificationMessage, to endpoint: NotificationEndpoint, settings: NotificationSettings,
        now: Date, signedAt: Date = Date()
    ) -> [OutgoingRequest] {
        let language = endpoint.language ?? settings.language
        let content = NoticeWriter(settings: settings, language: language).content(of: message)
        let headers: [(String, String)] = [("Content-Type", "application/json; charset=utf-8"), ("X-Notification-Id", message.id)]
        switch endpoint.kind {
        case .wecom:
            if endpoint.style == .markdown {
                let main = OutgoingRequest(url: endpoint.url, headers: headers, body: wecom(markdown: PlatformMarkdown.wecom(content)))
                return [main]
                    + (content.mention.map {
                        [
                            OutgoingRequest(
                                url: endpoint.url, headers: headers,
                                body: wecom(text: $0, mobiles: content.mobiles))
                        ]
                    } ?? [])
            }
            return [OutgoingRequest(url: endpoint.url, headers: headers, body: wecom(text: content.plainText, mobiles: content.mobiles))]
        case .dingtalk:
            let url = dingTalkURL(endpoint, now: signedAt)
            if endpoint.style == .actionCard, let link = content.link {
                let card = OutgoingRequest(url: url, headers: headers, body: dingTalkCard(content, link: link))
                guard let mention = content.mention else { return [card] }
                return [
                    card,
                    OutgoingRequest(
                        url: dingTalkURL(endpoint, now: signedAt), headers: headers,
                        body: dingTalk(text: mention, mobiles: content.mobiles)),
                ]
            }
            if endpoint.style == .text {
                return [OutgoingRequest(url: url, headers: headers, body: dingTalk(text: content.plainText, mobiles: content.mobiles))]
            }
            return [OutgoingRequest(url: url, headers: headers, body: dingTalkMarkdown(content))]
        case .feishu:
            var body = JSONWriter(capacity: 2048)
            body.beginObject()
            if let secret = endpoint.secret {
                let timestamp = String(Int64(signedAt.timeIntervalSince1970.rounded(.down)))
                body.member("timestamp", timestamp)
                body.member("sign", feishuSign(timestamp: timestamp, secret: secret))
            }
            if endpoint.style == .interactive {
                body.member("msg_type", "interactive")
                body.key("card")
                FeishuCard.write(content, to: &body)
            } else {
                body.member("msg_type", "text")
                body.memberObject("content") { $0.member("text", truncatedUTF8(content.plainText, maxBytes: largeTextLimit)) }
            }
            body.endObject()
            return [OutgoingRequest(url: endpoint.url, headers: headers, body: body.bytes)]
        case .webhook:
            let body = WebhookBody.make(message, content: content, settings: settings, language: language, now: now)
            var signed = headers
            if let secret = endpoint.secret {
                signed.append(("X-Signature", "sha256=" + hexString(HMACSHA256.authenticationCode(for: body, key: Array(secret.utf8)))))
            }
            return [OutgoingRequest(url: endpoint.url, headers: signed, body: body)]
        }
    }

    /// `{"msgtype":"text","text":{"content":…,"mentioned_mobile_list":[…]}}`
    static func wecom(text: String, mobiles: [String]) -> [UInt8] {
        var w = JSONWriter(capacity: 512 + text.utf8.count)
        w.object { w in
            w.member("msgtype", "text")
            w.memberObject("text") { w in
                w.member("content", truncatedUTF8(text, maxBytes: wecomTextLimit))
                if !mobiles.isEmpty {
                    w.key("mentioned_mobile_list")
                    w.array { w in for m in mobiles { w.string(m) } }
                }
            }
        }
        return w.bytes
    }

    /// `{"msgtype":"markdown","markdown":{"content":…}}`
    static func wecom(markdown: String) -> [UInt8] {
        var w = JSONWriter(capacity: 512 + markdown.utf8.count)
        w.object { w in
            w.member("msgtype", "markdown")
            w.memberObject("markdown") { $0.member("content", truncatedUTF8(markdown, maxBytes: wecomMarkdownLimit)) }
        }
        return w.bytes
    }

    /// The robot URL with `timestamp` (ms) and `sign` when the robot has "加签" on.
    static func dingTalkURL(_ endpoint: NotificationEndpoint, now: Date) -> String {
        guard let secret = endpoint.secret else { return endpoint.url }
        let timestamp = String(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
        let sign = dingTalkSign(timestamp: timestamp, secret: secret)
        return endpoint.url + (endpoint.url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(sign)"
    }

    /// `{"msgtype":"text","text":{"content":…},"at":{"atMobiles":[…],"isAtAll":false}}`; the
    /// content names each mobile (`@138…`), which DingTalk needs to highlight the mention.
    static func dingTalk(text: String, mobiles: [String]) -> [UInt8] {
        let mentioned = mobiles.isEmpty ? text : text + "\n" + mobiles.map { "@" + $0 }.joined(separator: " ")
        var w = JSONWriter(capacity: 512 + mentioned.utf8.count)
        w.object { w in
            w.member("msgtype", "text")
            w.memberObject("text") { $0.member("content", truncatedUTF8(mentioned, maxBytes: largeTextLimit)) }
            at(mobiles, &w)
        }
        return w.bytes
    }

    /// `{"msgtype":"markdown","markdown":{"title":…,"text":…},"at":{…}}`
    static func dingTalkMarkdown(_ content: NoticeContent) -> [UInt8] {
        var text = PlatformMarkdown.dingTalk(content)
        if !content.mobiles.isEmpty { text += "\n\n" + content.mobiles.map { "@" + $0 }.joined(separator: " ") }
        var w = JSONWriter(capacity: 512 + text.utf8.count)
        w.object { w in
            w.member("msgtype", "markdown")
            w.memberObject("markdown") { w in
                w.member("title", content.title)
                w.member("text", truncatedUTF8(text, maxBytes: largeTextLimit))
            }
            at(content.mobiles, &w)
        }
        return w.bytes
    }

    /// `{"msgtype":"actionCard","actionCard":{"title","text","btnOrientation":"0","singleTitle","singleURL"}}`
    static func dingTalkCard(_ content: NoticeContent, link: String) -> [UInt8] {
        let text = PlatformMarkdown.dingTalk(content, withLink: false)
        var w = JSONWriter(capacity: 512 + text.utf8.count)
        w.object { w in
            w.member("msgtype", "actionCard")
            w.memberObject("actionCard") { w in
                w.member("title", content.title)
                w.member("text", truncatedUTF8(text, maxBytes: largeTextLimit))
                w.member("btnOrientation", "0")
                w.member("singleTitle", content.linkLabel)
                w.member("singleURL", link)
            }
        }
        return w.bytes
    }

    private static func at(_ mobiles: [String], _ w: inout JSONWriter) {
        guard !mobiles.isEmpty else { return }
        w.memberObject("at") { w in
            w.key("atMobiles")
            w.array { w in for m in mobiles { w.string(m) } }
            w.member("isAtAll", false)
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

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
