import Digest
import Foundation
import Testing

@testable import Notifications

/// The platform signatures built from SHA-256 and HMAC-SHA256 (checked in DigestTests), and the
/// robot client's response parsing.
struct NotificationCryptoTests {
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test func truncatesOnACharacterBoundary() {
        let text = String(repeating: "投诉", count: 1000)  // 3 bytes a character
        let cut = truncatedUTF8(text, maxBytes: 2048)
        #expect(cut.utf8.count <= 2048)
        #expect(cut.hasSuffix("…"))
        #expect(truncatedUTF8("short", maxBytes: 2048) == "short")
    }

    @Test func dingTalkAndFeishuSignaturesFollowTheDocumentedRecipes() {
        // DingTalk: HmacSHA256(key = secret, data = timestamp + "\n" + secret), Base64, then URL-encoded.
        let ding = PlatformRequest.dingTalkSign(timestamp: "1700000000000", secret: "SEC123")
        let raw = Data(HMACSHA256.authenticationCode(for: "1700000000000\nSEC123", key: "SEC123")).base64EncodedString()
        #expect(ding.removingPercentEncoding == raw)
        #expect(!ding.contains("+") && !ding.contains("/") && !ding.contains("="))
        // Feishu: HmacSHA256(key = timestamp + "\n" + secret, data = empty), Base64.
        let feishu = PlatformRequest.feishuSign(timestamp: "1700000000", secret: "abc")
        #expect(feishu == Data(HMACSHA256.authenticationCode(for: [UInt8](), key: Array("1700000000\nabc".utf8))).base64EncodedString())
    }

    @Test func responseReaderHandlesLengthChunkedAndCloseFedWhole() {
        func parse(_ text: String, eof: Bool = false) -> ClientResponse? {
            var reader = ResponseReader()
            var outcome = Array(text.utf8).withUnsafeBytes { reader.feed($0) }
            if eof, case .incomplete = outcome { outcome = reader.finish() }
            if case .complete(let r) = outcome { return r }
            return nil
        }
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")?.body == Array("ok".utf8))
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok") == nil)
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n3;x=y\r\n!!!\r\n0\r\n\r\n")?.body == Array("ok!!!".utf8))
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n") == nil)
        #expect(parse("HTTP/1.0 500 Oops\r\n\r\nbody", eof: true)?.status == 500)
        #expect(parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")?.status == 204)
        var garbage = ResponseReader()
        if case .invalid = Array("garbage\r\n\r\n".utf8).withUnsafeBytes({ garbage.feed($0) }) {} else { Issue.record("garbage accepted") }
    }
}
