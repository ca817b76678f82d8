import Testing

@testable import HTTP1

/// Byte fixtures → expected outcome, llhttp-style.
struct ParserFixtureTests {
    enum Expected {
        case complete(method: HTTPMethod, path: String, framing: BodyFraming, keepAlive: Bool)
        case failed(Int)
    }

    static let fixtures: [(String, String, Expected)] = [
        ("simple GET", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", .complete(method: .GET, path: "/healthz", framing: .none, keepAlive: true)),
        ("query kept apart", "GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: x\r\n\r\n", .complete(method: .GET, path: "/a/b", framing: .none, keepAlive: true)),
        (
            "absolute form", "GET http://example.com:8080/p?q HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
            .complete(method: .GET, path: "/p", framing: .none, keepAlive: true)
        ),
        (
            "fragment dropped", "GET /healthz#top HTTP/1.1\r\nHost: x\r\n\r\n",
            .complete(method: .GET, path: "/healthz", framing: .none, keepAlive: true)
        ),
        (
            "fragment dropped, raw UTF-8 before it", "GET /a/翠苑#x HTTP/1.1\r\nHost: x\r\n\r\n",
            .complete(method: .GET, path: "/a/%E7%BF%A0%E8%8B%91", framing: .none, keepAlive: true)
        ),
        ("host with a space refused", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .failed(400)),
        ("host with a path refused", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .failed(400)),
        (
            "host in brackets with port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
            .complete(method: .GET, path: "/", framing: .none, keepAlive: true)
        ),
        ("bare LF lines accepted", "GET / HTTP/1.1\nHost: x\n\n", .complete(method: .GET, path: "/", framing: .none, keepAlive: true)),
        ("leading empty line ignored", "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", .complete(method: .GET, path: "/", framing: .none, keepAlive: true)),
        (
            "content-length body", "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .length(5), keepAlive: true)
        ),
        (
            "identical content-length list", "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .length(5), keepAlive: true)
        ),
        (
            "content-length with leading zeros", "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 007\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .length(7), keepAlive: true)
        ),
        (
            "plain content-length repeated as a list", "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5 , 5\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .length(5), keepAlive: true)
        ),
        (
            "content-length name in capitals", "POST /e HTTP/1.1\r\nHost: x\r\nCONTENT-LENGTH: 2\r\nCONNECTION: close\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .length(2), keepAlive: false)
        ),
        (
            "chunked", "POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .chunked, keepAlive: true)
        ),
        (
            "chunked any case", "POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n",
            .complete(method: .POST, path: "/e", framing: .chunked, keepAlive: true)
        ),
        (
            "connection close", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            .complete(method: .GET, path: "/", framing: .none, keepAlive: false)
        ),
        ("1.0 closes by default", "GET / HTTP/1.0\r\n\r\n", .complete(method: .GET, path: "/", framing: .none, keepAlive: false)),
        (
            "1.0 keep-alive when asked", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            .complete(method: .GET, path: "/", framing: .none, keepAlive: true)
        ),
        (
            "header value with obs-text", "GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf\u{e9}\r\n\r\n",
            .complete(method: .GET, path: "/", framing: .none, keepAlive: true)
        ),
        ("OPTIONS asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", .complete(method: .OPTIONS, path: "*", framing: .none, keepAlive: true)),
        (
            "raw UTF-8 query", "GET /v1/announcements?estate=翠苑小区 HTTP/1.1\r\nHost: x\r\n\r\n",
            .complete(method: .GET, path: "/v1/announcements", framing: .none, keepAlive: true)
        ),
        (
            "raw UTF-8 path", "GET /v1/翠苑 HTTP/1.1\r\nHost: x\r\n\r\n",
            .complete(method: .GET, path: "/v1/%E7%BF%A0%E8%8B%91", framing: .none, keepAlive: true)
        ),

        ("both CL and TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .failed(400)),
        ("differing content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", .failed(400)),
        ("malformed content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3a\r\n\r\n", .failed(400)),
        ("negative content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", .failed(400)),
        ("signed content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n", .failed(400)),
        ("empty content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", .failed(400)),
        ("plain then differing list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5, 6\r\n\r\n", .failed(400)),
        ("18-digit content-length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999999999\r\n\r\n", .failed(413)),
        ("gzip transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .failed(501)),
        ("chunked twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .failed(400)),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .failed(400)),
        ("no colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", .failed(400)),
        ("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", .failed(400)),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n", .failed(400)),
        ("NUL in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", .failed(400)),
        ("control byte in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n", .failed(400)),
        ("bare CR in value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .failed(400)),
        ("empty field name", "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", .failed(400)),
        ("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", .failed(505)),
        ("HTTP/0.9", "GET / HTTP/0.9\r\nHost: x\r\n\r\n", .failed(505)),
        ("lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("no Host in 1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", .failed(400)),
        ("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .failed(400)),
        ("bad Host", "GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n", .failed(400)),
        ("unknown method", "BREW / HTTP/1.1\r\nHost: x\r\n\r\n", .failed(501)),
        ("two spaces", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("missing version", "GET /\r\nHost: x\r\n\r\n", .failed(400)),
        ("asterisk with GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("relative target", "GET foo HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("DEL in target", "GET /a\u{7F}b HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("tab in target", "GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("NUL in target", "GET /a\u{0}b HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("control byte in UTF-8 query", "GET /a?q=翠\u{1}苑 HTTP/1.1\r\nHost: x\r\n\r\n", .failed(400)),
        ("expect other", "POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n", .failed(417)),
        ("body over limit by CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n", .failed(413)),
        ("huge CL", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", .failed(413)),
    ]

    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> HeadParseResult {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { HeadParser.parse($0, limits: limits) }
    }

    @Test(arguments: fixtures.indices)
    func fixture(_ index: Int) {
        let (name, text, expected) = Self.fixtures[index]
        let result = Self.parse(text)
        switch (expected, result) {
        case (.complete(let method, let path, let framing, let keepAlive), .complete(let head, let consumed)):
            #expect(head.method == method, "\(name)")
            #expect(head.path == path, "\(name)")
            #expect(head.framing == framing, "\(name)")
            #expect(head.keepAlive == keepAlive, "\(name)")
            #expect(consumed == text.utf8.count, "\(name)")
        case (.failed(let status), .failed(let failure)):
            #expect(failure.status == status, "\(name): got \(failure)")
        default:
            Issue.record("\(name): expected \(expected), got \(result)")
        }
    }

    /// A Host field holds exactly RFC 3986's uri-host [ ":" port ] bytes (§3.2 of RFC 9112):
    /// each visible ASCII byte and each byte past ASCII, alone between two letters.
    @Test func hostAcceptsExactlyTheURIHostBytes() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=%:[]".utf8)
        for byte in Array(UInt8(0x21)...UInt8(0x7E)) + Array(UInt8(0x80)...UInt8(0xFF)) {
            let request = Array("GET / HTTP/1.1\r\nHost: a".utf8) + [byte] + Array("b\r\n\r\n".utf8)
            let result = request.withUnsafeBytes { HeadParser.parse($0, limits: HTTPLimits()) }
            switch result {
            case .complete: #expect(allowed.contains(byte), "Host byte \(byte) accepted")
            case .failed(let failure):
                #expect(!allowed.contains(byte), "Host byte \(byte) refused: \(failure)")
                #expect(failure.status == 400)
            case .incomplete: Issue.record("Host byte \(byte): incomplete")
            }
        }
    }

    /// Every strict prefix of a valid request is "need more data", never an error.
    @Test(arguments: fixtures.indices)
    func everyPrefixIsIncomplete(_ index: Int) {
        let (name, text, expected) = Self.fixtures[index]
        guard case .complete = expected else { return }
        let bytes = Array(text.utf8)
        for length in 0..<bytes.count {
            let result = Array(bytes[0..<length]).withUnsafeBytes { HeadParser.parse($0, limits: HTTPLimits()) }
            guard case .incomplete = result else {
                Issue.record("\(name): prefix of \(length) bytes gave \(result)")
                return
            }
        }
    }

    @Test func requestLineOverLimitIs414() {
        let target = "/" + String(repeating: "a", count: 9000)
        guard case .failed(let failure) = Self.parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n") else {
            Issue.record("not failed")
            return
        }
        #expect(failure.status == 414)
        // Even before the line ends: the server need not wait for the rest.
        guard case .failed(let early) = Self.parse("GET \(target)") else {
            Issue.record("not failed early")
            return
        }
        #expect(early.status == 414)
    }

    @Test func headerSectionOverLimitIs431() {
        let big = "X-Big: " + String(repeating: "b", count: 17_000) + "\r\n"
        guard case .failed(let failure) = Self.parse("GET / HTTP/1.1\r\nHost: x\r\n\(big)\r\n") else {
            Issue.record("not failed")
            return
        }
        #expect(failure.status == 431)
    }

    @Test func tooManyFieldsIs431() {
        let fields = (0..<101).map { "X-F\($0): v\r\n" }.joined()
        guard case .failed(let failure) = Self.parse("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n") else {
            Issue.record("not failed")
            return
        }
        #expect(failure.status == 431)
        let ok = (0..<99).map { "X-F\($0): v\r\n" }.joined()
        guard case .complete = Self.parse("GET / HTTP/1.1\r\nHost: x\r\n\(ok)\r\n") else {
            Issue.record("100 fields must pass")
            return
        }
    }

    /// Raw UTF-8 reads as if percent-encoded: the query decodes to the same text either way.
    @Test func rawUTF8InTheTargetEqualsItsPercentEncoding() {
        guard case .complete(let raw, _) = Self.parse("GET /v1/announcements?estate=翠苑小区&x=a%20b HTTP/1.1\r\nHost: x\r\n\r\n"),
            case .complete(let encoded, _) = Self.parse(
                "GET /v1/announcements?estate=%E7%BF%A0%E8%8B%91%E5%B0%8F%E5%8C%BA&x=a%20b HTTP/1.1\r\nHost: x\r\n\r\n")
        else {
            Issue.record("not complete")
            return
        }
        #expect(raw.query == encoded.query)
        #expect(raw.query == "estate=%E7%BF%A0%E8%8B%91%E5%B0%8F%E5%8C%BA&x=a%20b")
        #expect(PercentCoding.parseQuery(raw.query ?? "")?["estate"] == ["翠苑小区"])
    }

    /// Bytes at or above 0x80 that are not UTF-8 are refused: lone, truncated, overlong, surrogate.
    @Test(arguments: [[0xFF], [0xE7, 0xBF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]] as [[UInt8]])
    func invalidUTF8InTheTargetIs400(_ bad: [UInt8]) {
        let bytes = Array("GET /a?q=".utf8) + bad + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        guard case .failed(let failure) = bytes.withUnsafeBytes({ HeadParser.parse($0, limits: HTTPLimits()) }) else {
            Issue.record("\(bad) was accepted")
            return
        }
        #expect(failure == .badRequest("The request target is not valid UTF-8."))
    }

    @Test func headersAreCaseInsensitive() {
        guard case .complete(let head, _) = Self.parse("GET / HTTP/1.1\r\nhOsT: x\r\nX-Request-ID:  abc \r\n\r\n") else {
            Issue.record("failed")
            return
        }
        #expect(head.headers["x-request-id"] == "abc")
        #expect(head.headers["X-REQUEST-ID"] == "abc")
    }
}

/// Chunked bodies: extensions and trailers ignored, CRLF strict, limits enforced.
struct ChunkedDecoderTests {
    static func decode(_ text: String, limit: Int = 1 << 20) -> (ChunkedDecoder.Progress, [UInt8]) {
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        var limits = HTTPLimits()
        limits.maxBodyBytes = limit
        let progress = Array(text.utf8).withUnsafeBytes { decoder.feed($0, into: &body, limits: limits) }
        return (progress, body)
    }

    @Test func decodesWithExtensionsAndTrailers() {
        let text = "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        let (progress, body) = Self.decode(text)
        guard case .finished(let consumed) = progress else {
            Issue.record("\(progress)")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(String(decoding: body, as: UTF8.self) == "hello world")
    }

    @Test func byteAtATimeGivesTheSameBody() {
        let text = Array("a\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\n\r\n".utf8)
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        for (i, byte) in text.enumerated() {
            let progress = [byte].withUnsafeBytes { decoder.feed($0, into: &body, limits: HTTPLimits()) }
            if i < text.count - 1 {
                guard case .needMore = progress else {
                    Issue.record("byte \(i): \(progress)")
                    return
                }
            } else {
                guard case .finished = progress else {
                    Issue.record("last: \(progress)")
                    return
                }
            }
        }
        #expect(String(decoding: body, as: UTF8.self) == "0123456789abcdefghij")
    }

    @Test func rejectsBrokenFraming() {
        for bad in ["zz\r\n", "5\r\nhelloXX", "5\nhello\r\n", "\r\n", "5\r\nhello\r\n0\r\nX: a\rb\r\n\r\n"] {
            let (progress, _) = Self.decode(bad)
            guard case .failed(let failure) = progress else {
                Issue.record("\(bad.debugDescription): \(progress)")
                continue
            }
            #expect(failure.status == 400, "\(bad.debugDescription)")
        }
    }

    @Test func anOverlongChunkSizeIsRefused() {
        let (progress, _) = Self.decode("fffffffffffffffff\r\n", limit: Int.max)
        guard case .failed(let failure) = progress else {
            Issue.record("\(progress)")
            return
        }
        #expect(failure.status == 400)
    }

    @Test func enforcesTheBodyLimitWhileReading() {
        let (progress, _) = Self.decode("8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n", limit: 10)
        guard case .failed(let failure) = progress else {
            Issue.record("\(progress)")
            return
        }
        #expect(failure.status == 413)
    }
}
