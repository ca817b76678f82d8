import Digest
import Foundation
import HTTP1
import Synchronization

@testable import ComplaintService

/// An in-test robot/webhook receiver on 127.0.0.1 (ephemeral port), built on the project's own
/// HTTPServer. It checks each request as the platform does — the signature, the documented body
/// shape of each message type (`PlatformShapes`), and the keyword security that DingTalk and
/// Feishu robots are set up with ("投诉") — and answers as the platform would. It can fail the
/// first attempts per complaint with 500.
final class NotificationReceiver: Sendable {
    struct Received: Sendable {
        var kind: String
        var notificationID: String
        var body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// Whether the signature (or WeCom key) and the body's shape checked out.
        var verified: Bool
        /// Why not, when not.
        var problem: String?
        /// Whether we answered with success.
        var accepted: Bool
    }

    static let wecomKey = "wecom-key-0001"
    static let dingSecret = "SECding0123456789"
    static let feishuSecret = "feishu-secret-xyz"
    static let webhookSecret = "webhook-secret-abc"
    /// The keyword the DingTalk and Feishu robots are set up with (自定义关键词).
    static let keyword = "投诉"

    private struct State {
        var received: [Received] = []
        var failuresLeft: [String: Int] = [:]
        var failAll = false
    }
    private let state = Mutex(State())
    private let server: HTTPServer
    let port: Int

    init() throws {
        let box = Mutex<NotificationReceiver?>(nil)
        func route(_ pattern: String, _ kind: String) -> Route {
            Route(.POST, pattern) { request, _ in box.withLock { $0 }!.handle(kind, request) }
        }
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 1
        configuration.accessLog = false
        server = HTTPServer(
            configuration: configuration,
            router: Router([
                route("/cgi-bin/webhook/send", "wecom"), route("/robot/send", "dingtalk"),
                route("/open-apis/bot/v2/hook/{token}", "feishu"), route("/hook", "webhook"),
            ]))
        port = try server.start()
        box.withLock { $0 = self }
    }

    func stop() { _ = server.shutdown(graceSeconds: 1) }

    /// Fails the next `count` requests about `complaintID` with 500.
    func fail(_ complaintID: String, times count: Int) { state.withLock { $0.failuresLeft[complaintID] = count } }
    /// Fails every request while set.
    func failAll(_ on: Bool) { state.withLock { $0.failAll = on } }

    var received: [Received] { state.withLock { $0.received } }

    /// The endpoints section pointing at this receiver; `styles` picks the message types.
    func endpointsJSON(extra: String = "", wecom: String = "text", dingtalk: String = "text", feishu: String = "text") -> String {
        """
        [{"name":"wc","kind":"wecom","url":"http://127.0.0.1:\(port)/cgi-bin/webhook/send?key=\(Self.wecomKey)","msgtype":"\(wecom)"},
         {"name":"dd","kind":"dingtalk","url":"http://127.0.0.1:\(port)/robot/send?access_token=tok","secret":"\(Self.dingSecret)","msgtype":"\(dingtalk)"},
         {"name":"fs","kind":"feishu","url":"http://127.0.0.1:\(port)/open-apis/bot/v2/hook/abc","secret":"\(Self.feishuSecret)","msgtype":"\(feishu)"},
         {"name":"wh","kind":"webhook","url":"http://127.0.0.1:\(port)/hook","secret":"\(Self.webhookSecret)"}\(extra)]
        """
    }

    private func handle(_ kind: String, _ request: HTTPRequest) -> HTTPResponse {
        let problem = verify(kind, request)
        let id = request.headers["x-notification-id"] ?? ""
        let text = String(decoding: request.body, as: UTF8.self)
        let accepted = state.withLock { state -> Bool in
            var ok = !state.failAll
            for (complaint, left) in state.failuresLeft where left > 0 && text.contains(complaint) {
                state.failuresLeft[complaint] = left - 1
                ok = false
            }
            state.received.append(
                Received(
                    kind: kind, notificationID: id, body: request.body, verified: problem == nil, problem: problem,
                    accepted: ok && problem == nil))
            return ok
        }
        guard accepted else { return HTTPResponse.json(500, Array(#"{"error":"try later"}"#.utf8)) }
        // A request the platform would refuse gets the platform's refusal (HTTP 200, a non-zero code).
        if let problem {
            let escaped = problem.replacingOccurrences(of: "\"", with: "'")
            switch kind {
            case "feishu": return HTTPResponse.json(200, Array(#"{"code":19024,"msg":"\#(escaped)"}"#.utf8))
            case "webhook": return HTTPResponse(status: 401)
            default: return HTTPResponse.json(200, Array(#"{"errcode":310000,"errmsg":"\#(escaped)"}"#.utf8))
            }
        }
        switch kind {
        case "feishu": return HTTPResponse.json(200, Array(#"{"code":0,"msg":"success","data":{}}"#.utf8))
        case "webhook": return HTTPResponse(status: 204)
        default: return HTTPResponse.json(200, Array(#"{"errcode":0,"errmsg":"ok"}"#.utf8))
        }
    }

    /// The platforms' own checks: nil when the request would be accepted, else why not.
    private func verify(_ kind: String, _ request: HTTPRequest) -> String? {
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else { return "body is not a JSON object" }
        switch kind {
        case "wecom":
            guard request.queryValue("key") == Self.wecomKey else { return "invalid webhook url" }
            return PlatformShapes.wecom(body)
        case "dingtalk":
            // The query carries timestamp (ms, within an hour) and sign = URL-encoded Base64(HMAC(secret, ts\nsecret)).
            guard let timestamp = request.queryValue("timestamp"), let sign = request.queryValue("sign"), let ms = Double(timestamp),
                abs(ms / 1000 - Date().timeIntervalSince1970) < 3600
            else { return "sign not match (no timestamp)" }
            let expected = Data(HMACSHA256.authenticationCode(for: timestamp + "\n" + Self.dingSecret, key: Self.dingSecret)).base64EncodedString()
            guard sign == expected else { return "sign not match" }
            return PlatformShapes.dingTalk(body, keyword: Self.keyword)
        case "feishu":
            guard let timestamp = body["timestamp"] as? String, let sign = body["sign"] as? String, let seconds = Double(timestamp),
                abs(seconds - Date().timeIntervalSince1970) < 3600
            else { return "sign match fail or timestamp is not within one hour" }
            let expected = Data(HMACSHA256.authenticationCode(for: [UInt8](), key: Array((timestamp + "\n" + Self.feishuSecret).utf8)))
                .base64EncodedString()
            guard sign == expected else { return "sign match fail" }
            return PlatformShapes.feishu(body, keyword: Self.keyword)
        case "webhook":
            let expected = "sha256=" + hexString(HMACSHA256.authenticationCode(for: request.body, key: Array(Self.webhookSecret.utf8)))
            guard request.headers["x-signature"] == expected else { return "bad signature" }
            return body["id"] as? String == request.headers["x-notification-id"] ? nil : "id does not match X-Notification-Id"
        default:
            return "unknown platform"
        }
    }
}
