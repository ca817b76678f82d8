import HTTP1
import Testing

/// Choosing the language of an answer from `Accept-Language`, and finding the header in a head
/// that failed to parse (so a 413 or 431 is worded for its sender too).
@Suite struct AcceptLanguageTests {
    @Test(arguments: [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9,zh;q=0.5", "en"), ("zh-Hans-CN", "zh"), ("fr-FR, en;q=0.1", "en"),
        ("fr", "zh"), ("", "zh"), ("en;q=0, *", "zh"), ("*;q=0.5, en;q=0.4", "zh"), ("en;q=1.5", "zh"), ("EN-gb", "en"),
    ])
    func theMostPreferredOfferedLanguageWins(header: String, expected: String) {
        #expect(AcceptLanguage.best(header, available: ["zh", "en"], fallback: "zh") == expected)
    }

    @Test func aBrokenHeadStillSaysWhichLanguageItWants() {
        func sniff(_ text: String, limit: Int = 16_384) -> String? {
            Array(text.utf8).withUnsafeBytes { AcceptLanguage.sniff($0, limit: limit) }
        }
        let head = "POST /v1/complaints HTTP/1.1\r\nHost: x\r\nACCEPT-language: en-GB\r\nContent-Length: 99999999\r\n\r\n"
        #expect(sniff(head) == " en-GB")
        #expect(AcceptLanguage.best(sniff(head), available: ["zh", "en"], fallback: "zh") == "en")
        // Only a header line of the head counts: not the request line, not the body, not past the limit.
        #expect(sniff("GET /accept-language:en HTTP/1.1\r\nHost: x\r\n\r\n") == nil)
        #expect(sniff("POST / HTTP/1.1\r\nHost: x\r\n\r\nAccept-Language: en\r\n") == nil)
        #expect(sniff(head, limit: 40) == nil)
        #expect(sniff("GET / HTTP/1.1\r\nAccept-Language: \u{7}en\r\n\r\n") == nil, "control bytes are not a value")
        #expect(sniff("GET / HTTP/1.1\r\nX-Accept-Language: en\r\n\r\n") == nil)
    }
}
