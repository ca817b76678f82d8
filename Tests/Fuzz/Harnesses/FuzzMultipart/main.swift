// libFuzzer harness: the streaming multipart/form-data reader (MultipartParser, MultipartPart,
// MediaTypeHeader).
//
// Input: byte 0 picks the read size (1 to 64 bytes, or everything at once when 0); then the body
// under the boundary "b7" (the parser is also built from a Content-Type made of the first bytes).
// Must hold: no trap; events nest (begin, data…, end); the parts, their data and the verdict do
// not depend on the read size; an accepted body's part data never contains the delimiter.
@testable import Media

struct Outcome: Equatable {
    var parts: [MultipartPart] = []
    var data: [[UInt8]] = []
    var refusal: String?
}

func run(_ body: ArraySlice<UInt8>, readSize: Int) -> Outcome {
    var parser = MultipartParser(boundary: "b7")!
    var outcome = Outcome()
    var open = false
    do {
        var offset = body.startIndex
        while offset < body.endIndex {
            let end = readSize == 0 ? body.endIndex : min(body.endIndex, offset + readSize)
            try Array(body[offset..<end]).withUnsafeBytes { raw in
                try parser.feed(raw) { event in
                    switch event {
                    case .begin(let part):
                        check(!open, "a part began inside another")
                        open = true
                        outcome.parts.append(part)
                        outcome.data.append([])
                    case .data(let bytes):
                        check(open, "data outside a part")
                        outcome.data[outcome.data.count - 1].append(contentsOf: bytes)
                    case .end:
                        check(open, "an end without a part")
                        open = false
                    }
                }
            }
            offset = end
        }
        try parser.finish()
        check(!open, "the body was accepted with a part still open")
    } catch let error as MultipartParser.Malformed {
        outcome.refusal = error.description
    } catch {
        fatalError("an error of another type: \(error)")
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let body = bytes[1...]
    let whole = run(body, readSize: 0)
    let pieces = run(body, readSize: Int(bytes[0]) % 65)
    check(whole == pieces, "the outcome depends on the read size")
    if whole.refusal == nil {
        let delimiter = Array("\r\n--b7".utf8)
        for part in whole.data where part.count >= delimiter.count {
            for start in 0...(part.count - delimiter.count) {
                check(Array(part[start..<(start + delimiter.count)]) != delimiter, "part data holds the delimiter")
            }
        }
    }
    // The same bytes as a Content-Type header value: parsed or refused, never a trap.
    let header = String(decoding: body.prefix(200), as: UTF8.self)
    _ = MediaTypeHeader(header)
    _ = MultipartParser(contentType: header)
    _ = MultipartPart.extendedValue(header)
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
