// libFuzzer harness: the HTTP/1.1 request-head parser and the chunked body decoder.
// Every input must end in a result (complete, incomplete or a named failure), never a trap;
// a complete head must report a consumed length inside the input and a path and query of visible
// ASCII only (raw UTF-8 is percent-encoded), and a prefix of it never parses longer.
@testable import HTTP1

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let limits = HTTPLimits()
    let whole = HeadParser.parse(bytes, limits: limits)
    if case .complete(let head, let consumed) = whole {
        precondition(consumed > 0 && consumed <= size, "consumed \(consumed) of \(size)")
        // Raw UTF-8 in the target is percent-encoded: what leaves the parser is always ASCII.
        precondition(head.path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "a path byte outside visible ASCII")
        precondition((head.query ?? "").utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "a query byte outside visible ASCII")
        // A prefix of a complete head is never complete with a longer length.
        if case .complete(_, let shorter) = HeadParser.parse(UnsafeRawBufferPointer(rebasing: bytes[0..<(consumed - 1)]), limits: limits) {
            precondition(shorter < consumed, "a prefix parsed longer than the whole")
        }
    }
    // The same bytes as a chunked body, fed in two parts.
    var decoder = ChunkedDecoder()
    var body: [UInt8] = []
    let split = size / 2
    switch decoder.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<split]), into: &body, limits: limits) {
    case .needMore:
        _ = decoder.feed(UnsafeRawBufferPointer(rebasing: bytes[split...]), into: &body, limits: limits)
    case .finished, .failed:
        break
    }
    precondition(body.count <= limits.maxBodyBytes)
    return 0
}
