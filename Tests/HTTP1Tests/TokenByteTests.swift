import Testing

@testable import HTTP1

/// Field names and methods are RFC 9110 tokens: exactly the tchar bytes are accepted in them.
@Suite struct TokenByteTests {
    static let tchar = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~".utf8)

    @Test func fieldNamesAcceptExactlyTheTokenBytes() {
        for byte in UInt8(0)...UInt8(255) where byte != UInt8(ascii: ":") {
            let request = Array("GET / HTTP/1.1\r\nHost: a\r\nX".utf8) + [byte] + Array("Y: v\r\n\r\n".utf8)
            let result = request.withUnsafeBytes { HeadParser.parse($0, limits: HTTPLimits()) }
            switch result {
            case .complete(let head, _):
                #expect(Self.tchar.contains(byte), "field name byte \(byte) accepted")
                #expect(head.headers.fields.contains { $0.name == "x" + String(decoding: [byte], as: UTF8.self).lowercased() + "y" })
            case .failed(let failure):
                #expect(!Self.tchar.contains(byte), "field name byte \(byte) refused: \(failure)")
                #expect(failure.status == 400)
            case .incomplete: Issue.record("field name byte \(byte): incomplete")
            }
        }
    }

    @Test func methodsAcceptExactlyTheTokenBytes() {
        // An unknown method of token bytes is 501 (not implemented); any other byte is 400. "GET"
        // itself, and the bytes that end the request line early, are left out.
        let skipped = Set("E \r\n".utf8)
        for byte in UInt8(0)...UInt8(255) where !skipped.contains(byte) {
            let request = Array("G".utf8) + [byte] + Array("T / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
            let result = request.withUnsafeBytes { HeadParser.parse($0, limits: HTTPLimits()) }
            guard case .failed(let failure) = result else {
                Issue.record("method byte \(byte): \(result)")
                continue
            }
            #expect(failure.status == (Self.tchar.contains(byte) ? 501 : 400), "method byte \(byte): \(failure)")
        }
    }
}
