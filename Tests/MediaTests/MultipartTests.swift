import Testing

@testable import Media

/// `multipart/form-data` read as a stream: the same parts whatever the reads look like.
@Suite struct MultipartTests {
    /// What the parser reported, with each part's data joined.
    struct Parsed: Equatable {
        var parts: [MultipartPart] = []
        var data: [[UInt8]] = []
    }

    static func parse(_ body: [UInt8], boundary: String = "XyZ", pieces: [Int] = []) throws -> Parsed {
        var parser = try #require(MultipartParser(boundary: boundary))
        var parsed = Parsed()
        var open = false
        func handle(_ event: MultipartParser.Event) {
            switch event {
            case .begin(let part):
                #expect(!open)
                open = true
                parsed.parts.append(part)
                parsed.data.append([])
            case .data(let bytes):
                #expect(open)
                parsed.data[parsed.data.count - 1].append(contentsOf: bytes)
            case .end:
                #expect(open)
                open = false
            }
        }
        var offset = 0
        var sizes = pieces.isEmpty ? [body.count] : pieces
        while offset < body.count {
            let size = max(1, sizes.removeFirst())
            if sizes.isEmpty { sizes = pieces.isEmpty ? [body.count] : pieces }
            let end = min(body.count, offset + size)
            try body[offset..<end].withUnsafeBytes { try parser.feed($0, handle) }
            offset = end
        }
        try parser.finish()
        #expect(!open)
        return parsed
    }

    static let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0x0D, 0x0A, 0x2D, 0x2D, 0x58, 0x79, 0x0D, 0x0A] + Array(repeating: 0x41, count: 300)
    static let body: [UInt8] =
        Array("preamble to ignore\r\n--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nevidence\r\n".utf8)
        + Array("--XyZ  \r\nContent-Disposition: form-data; name=\"file\"; filename=\"楼道漏水.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
        + photo + Array("\r\n--XyZ\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--XyZ--\r\nepilogue".utf8)

    @Test func aBrowserFormGivesItsFieldsAndFiles() throws {
        let parsed = try Self.parse(Self.body)
        #expect(parsed.parts.map(\.name) == ["purpose", "file", "empty"])
        #expect(parsed.parts[1].filename == "楼道漏水.jpg" && parsed.parts[1].isFile && !parsed.parts[0].isFile)
        #expect(parsed.parts[1].contentType == "image/jpeg")
        #expect(parsed.data == [Array("evidence".utf8), Self.photo, []])
    }

    @Test(arguments: [[1], [2], [3], [5, 1], [13], [64], [7, 11, 2]])
    func theSamePartsWhateverTheReads(pieces: [Int]) throws {
        #expect(try Self.parse(Self.body, pieces: pieces) == Self.parse(Self.body))
    }

    @Test func anExtendedFileNameWinsOverThePlainOne() throws {
        let body = Array(
            "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"fallback.jpg\"; filename*=UTF-8''%E7%AD%BE%E5%90%8D.png\r\n\r\nx\r\n--b--"
                .utf8)
        #expect(try Self.parse(body, boundary: "b").parts.first?.filename == "签名.png")
    }

    @Test func theBoundaryComesFromTheContentType() {
        #expect(MultipartParser(contentType: "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW") != nil)
        #expect(MultipartParser(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"") != nil)
        #expect(MultipartParser(contentType: "multipart/mixed; boundary=x") == nil)
        #expect(MultipartParser(contentType: "multipart/form-data") == nil)
        #expect(MultipartParser(contentType: "multipart/form-data; boundary=\"unterminated") == nil)
        #expect(MultipartParser(boundary: String(repeating: "a", count: 71)) == nil)
    }

    @Test(arguments: [
        ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", "the body ends before its closing boundary"),
        ("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "a part has no Content-Disposition"),
        ("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", "a part's Content-Disposition is not form-data"),
        ("--b\r\nno colon here\r\n\r\nx\r\n--b--", "a part's header line has no colon"),
        ("--b junk\r\n", "a boundary line holds more than the boundary"),
        ("--b-x", "a boundary is followed by a single dash"),
    ])
    func malformedBodiesAreRefused(text: String, reason: String) {
        #expect(throws: MultipartParser.Malformed(reason)) { try Self.parse(Array(text.utf8), boundary: "b") }
    }

    @Test func limitsOnPartsAndHeadersHold() throws {
        let many = String(repeating: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n", count: 65) + "--b--"
        #expect(throws: MultipartParser.Malformed("more than 64 parts")) { try Self.parse(Array(many.utf8), boundary: "b") }
        let long = "--b\r\nContent-Disposition: form-data; name=\"" + String(repeating: "n", count: 9000) + "\"\r\n\r\nx\r\n--b--"
        #expect(throws: MultipartParser.Malformed("a part's headers are longer than 8192 bytes")) { try Self.parse(Array(long.utf8), boundary: "b") }
        let preamble = String(repeating: "p", count: 70_000) + "\r\n--b--"
        #expect(throws: MultipartParser.Malformed("no boundary within the first 65536 bytes")) { try Self.parse(Array(preamble.utf8), boundary: "b") }
    }
}
