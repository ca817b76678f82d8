/// A streaming reader of `multipart/form-data` bodies (RFC 7578 over RFC 2046 §5.1): what
/// browsers send for a form with files, and WeChat mini-programs for `wx.uploadFile`.
///
/// Bytes go in as they are read from the spooled body; parts come out as events — the part's
/// headers, its data in pieces, its end — so a 10 MiB photo passes through a buffer of a few
/// dozen bytes (a possible boundary cut between two reads) and is never held whole. Limits: at
/// most `maximumParts` parts, part headers of at most `maximumHeaderBytes`; the body must end
/// with the closing boundary. A preamble before the first boundary and an epilogue after the
/// last are ignored, as RFC 2046 says.
public struct MultipartParser {
    /// Why a body was refused.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong with the body, for the 400 that refuses it.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// What the parser found, in order.
    public enum Event {
        /// A part starts; its headers are read.
        case begin(MultipartPart)
        /// Some of the current part's data (valid only during the call).
        case data(UnsafeRawBufferPointer)
        /// The current part ended.
        case end
    }

    /// Most parts in one body.
    public var maximumParts = 64
    /// Most bytes in one part's header section.
    public var maximumHeaderBytes = 8 * 1024
    /// Most bytes skipped before the first boundary.
    public var maximumPreambleBytes = 64 * 1024

    private enum State {
        case preamble
        /// After a boundary: "--" closes the body, otherwise optional spaces then CRLF.
        case afterBoundary(dashes: Int)
        case boundaryLineEnd(sawCR: Bool)
        case headers
        case body
        case epilogue
    }

    /// CRLF, "--", the boundary: what ends a part's data.
    private let delimiter: [UInt8]
    private var state = State.preamble
    /// Bytes not yet read that may turn out to be (the start of) a delimiter.
    private var pending: [UInt8] = []
    /// The current part's header section so far.
    private var headerBytes: [UInt8] = []
    private var parts = 0
    private var skipped = 0

    /// A parser for `boundary` (1 to 70 printable ASCII characters, not ending in a space: RFC 2046 §5.1.1).
    public init?(boundary: String) {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), bytes.last != 0x20 else { return nil }
        delimiter = [13, 10, 45, 45] + bytes
        // The body starts with the boundary itself, not a line end: read as if one preceded it.
        pending = [13, 10]
    }

    /// A parser for the boundary a `Content-Type: multipart/form-data; boundary=…` names; nil for
    /// another type or a missing or malformed boundary.
    public init?(contentType: String) {
        guard let header = MediaTypeHeader(contentType), header.type == "multipart/form-data",
            let boundary = header.parameters["boundary"]
        else { return nil }
        self.init(boundary: boundary)
    }

    /// Feeds the next bytes of the body; `handle` receives the events they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ handle: (Event) throws -> Void) throws {
        var window = pending
        window.append(contentsOf: bytes)
        pending = []
        try window.withUnsafeBytes { all in
            var i = 0
            while i < all.count {
                switch state {
                case .preamble, .body:
                    let isBody = { if case .body = state { return true } else { return false } }()
                    if let found = Self.find(delimiter, in: all, from: i) {
                        if isBody {
                            if found > i { try handle(.data(UnsafeRawBufferPointer(rebasing: all[i..<found]))) }
                            try handle(.end)
                        } else {
                            try skip(found - i)
                        }
                        i = found + delimiter.count
                        state = .afterBoundary(dashes: 0)
                    } else {
                        // Keep what could be the start of a delimiter cut by the end of this read.
                        let keep = Swift.min(all.count - i, delimiter.count - 1)
                        let safe = all.count - keep
                        if safe > i {
                            if isBody { try handle(.data(UnsafeRawBufferPointer(rebasing: all[i..<safe]))) } else { try skip(safe - i) }
                        }
                        pending = Array(all[safe...])
                        return
                    }
                case .afterBoundary(let dashes):
                    let byte = all[i]
                    if byte == 45 && dashes < 2 {  // "-"
                        i += 1
                        if dashes == 1 { state = .epilogue } else { state = .afterBoundary(dashes: 1) }
                    } else if dashes == 1 {
                        throw Malformed("a boundary is followed by a single dash")
                    } else {
                        state = .boundaryLineEnd(sawCR: false)
                    }
                case .boundaryLineEnd(let sawCR):
                    let byte = all[i]
                    i += 1
                    if sawCR {
                        guard byte == 10 else { throw Malformed("a boundary line does not end with CRLF") }
                        parts += 1
                        guard parts <= maximumParts else { throw Malformed("more than \(maximumParts) parts") }
                        state = .headers
                    } else if byte == 13 {
                        state = .boundaryLineEnd(sawCR: true)
                    } else if byte != 32 && byte != 9 {  // transport padding is allowed before CRLF
                        throw Malformed("a boundary line holds more than the boundary")
                    }
                case .headers:
                    // The header section ends with an empty line (CRLF alone, or CRLF CRLF after fields).
                    while i < all.count && !Self.endsHeaderSection(headerBytes) {
                        headerBytes.append(all[i])
                        i += 1
                        if headerBytes.count > maximumHeaderBytes {
                            throw Malformed("a part's headers are longer than \(maximumHeaderBytes) bytes")
                        }
                    }
                    guard Self.endsHeaderSection(headerBytes) else { continue }
                    let part = try MultipartPart(headerSection: headerBytes)
                    headerBytes = []
                    try handle(.begin(part))
                    state = .body
                case .epilogue:
                    return
                }
            }
        }
    }

    /// Checks the body ended with its closing boundary; call once after the last `feed`.
    public func finish() throws {
        guard case .epilogue = state else { throw Malformed("the body ends before its closing boundary") }
    }

    private static func endsHeaderSection(_ bytes: [UInt8]) -> Bool {
        let n = bytes.count
        guard n >= 2, bytes[n - 1] == 10, bytes[n - 2] == 13 else { return false }
        return n == 2 || (n >= 4 && bytes[n - 3] == 10 && bytes[n - 4] == 13)
    }

    private mutating func skip(_ count: Int) throws {
        skipped += count
        if skipped > maximumPreambleBytes { throw Malformed("no boundary within the first \(maximumPreambleBytes) bytes") }
    }

    /// The first index at or after `from` where `needle` starts wholly inside `haystack`.
    static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard haystack.count - from >= needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first && startsWithDelimiter(haystack, at: i, needle) { return i }
            i += 1
        }
        return nil
    }

    private static func startsWithDelimiter(_ haystack: UnsafeRawBufferPointer, at index: Int, _ needle: [UInt8]) -> Bool {
        guard index >= 0, haystack.count - index >= needle.count else { return false }
        for (offset, byte) in needle.enumerated() where haystack[index + offset] != byte { return false }
        return true
    }
}
