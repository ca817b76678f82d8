/// Parses a request head (request line + header fields) from bytes, picohttpparser-style:
/// nothing is kept between calls; an incomplete head is "need more data"; limits are checked
/// as soon as they can be exceeded.
enum HeadParser {
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let colon = UInt8(ascii: ":")

    /// RFC 9110 tchar — letters, digits, the 14 marks in `!#$%&'*+-.^_|~` plus the backtick —
    /// as bit masks over bytes 0–63 and 64–127 (`TokenByteTests` checks every byte). A table in
    /// a global paid a lazy initialisation check and a bounds check at every byte of a method and
    /// a field name.
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// Whether `byte` is an RFC 9110 tchar.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte < 64 ? (tokenLow >> UInt64(byte)) & 1 != 0 : byte < 128 && (tokenHigh >> UInt64(byte &- 64)) & 1 != 0
    }

    /// Parses one head from the start of `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer, limits: HTTPLimits) -> HeadParseResult {
        var start = 0
        // RFC 9112 §2.2: ignore empty lines before the request line.
        while start < bytes.count, bytes[start] == cr || bytes[start] == lf {
            if bytes[start] == cr, start + 1 < bytes.count, bytes[start + 1] != lf { return .failed(.badRequest("Bare CR before the request line.")) }
            start += 1
            if start > 64 { return .failed(.badRequest("Too many empty lines before the request line.")) }
        }
        guard start < bytes.count else { return .incomplete }
        guard let lineEnd = findLF(bytes, from: start, limit: start + limits.maxRequestLineBytes + 2) else {
            if bytes.count - start > limits.maxRequestLineBytes { return .failed(.uriTooLong) }
            if bytes.count - start > limits.maxHeaderBytes {
                return .failed(.headersTooLarge("The header section is larger than the server accepts."))
            }
            return .incomplete
        }
        // The whole head must be present before we build anything.
        guard let headEnd = findHeadEnd(bytes, from: lineEnd) else {
            if bytes.count - start > limits.maxHeaderBytes {
                return .failed(.headersTooLarge("The header section is larger than the server accepts."))
            }
            return .incomplete
        }
        if headEnd - start > limits.maxHeaderBytes { return .failed(.headersTooLarge("The header section is larger than the server accepts.")) }

        var lineStop = lineEnd
        if lineStop > start, bytes[lineStop - 1] == cr { lineStop -= 1 }
        if lineStop - start > limits.maxRequestLineBytes { return .failed(.uriTooLong) }
        let requestLine: RequestLine
        switch parseRequestLine(bytes, from: start, to: lineStop) {
        case .success(let line): requestLine = line
        case .failure(let failure): return .failed(failure)
        }
        var fields = FieldScan()
        var headers = HTTPHeaders()
        // Room for what clients send (browsers 10 to 15 fields, scripts a handful): growing the
        // array 1, 2, 4, 8, 16 cost four allocations and copies a request.
        headers.reserveCapacity(min(16, limits.maxHeaderCount))
        var position = lineEnd + 1
        while true {
            guard let end = findLF(bytes, from: position, limit: bytes.count) else { return .failed(.badRequest("Unterminated header line.")) }
            var stop = end
            if stop > position, bytes[stop - 1] == cr { stop -= 1 }
            if stop == position {
                position = end + 1
                break
            }
            if bytes[position] == space || bytes[position] == tab { return .failed(.badRequest("Obsolete line folding is not accepted.")) }
            if headers.fields.count >= limits.maxHeaderCount { return .failed(.headersTooLarge("More than \(limits.maxHeaderCount) header fields.")) }
            switch parseField(bytes, from: position, to: stop) {
            case .failure(let failure): return .failed(failure)
            case .success(let (name, value)):
                if let failure = fields.note(name: name, value: value) { return .failed(failure) }
                headers.appendLowercased(name: name, value: value)
            }
            position = end + 1
        }
        switch fields.decide(minorVersion: requestLine.minorVersion, limits: limits) {
        case .failure(let failure): return .failed(failure)
        case .success(let (framing, keepAlive, expectsContinue)):
            if requestLine.isAsteriskForm && requestLine.method != .OPTIONS { return .failed(.badRequest("The asterisk form is only for OPTIONS.")) }
            let head = RequestHead(
                method: requestLine.method, path: requestLine.path, query: requestLine.query,
                minorVersion: requestLine.minorVersion, headers: headers, framing: framing,
                keepAlive: keepAlive, expectsContinue: expectsContinue, isAsteriskForm: requestLine.isAsteriskForm)
            return .complete(head, consumed: position)
        }
    }

    @inline(__always)
    static func findLF(_ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        let end = min(limit, bytes.count)
        guard from < end, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(lf), end - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Index of the LF ending the empty line that ends the head, searching from the first line's LF.
    private static func findHeadEnd(_ bytes: UnsafeRawBufferPointer, from firstLF: Int) -> Int? {
        var lf = firstLF
        while true {
            let next = lf + 1
            if next < bytes.count, bytes[next] == HeadParser.lf { return next }
            if next + 1 < bytes.count, bytes[next] == cr, bytes[next + 1] == HeadParser.lf { return next + 1 }
            guard let following = findLF(bytes, from: next, limit: bytes.count) else { return nil }
            lf = following
        }
    }

    private struct RequestLine {
        var method: HTTPMethod
        var path: String
        var query: String?
        var minorVersion: Int
        var isAsteriskForm: Bool
    }

    private static func parseRequestLine(_ bytes: UnsafeRawBufferPointer, from start: Int, to stop: Int) -> Result<RequestLine, ParseFailure> {
        var i = start
        while i < stop, isTokenByte(bytes[i]) { i += 1 }
        guard i > start, i < stop, bytes[i] == space else { return .failure(.badRequest("Malformed request line.")) }
        let methodBytes = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
        i += 1
        let targetStart = i
        // Visible ASCII, plus raw UTF-8 (curl sends `?estate=翠苑小区` unencoded); never
        // control characters, spaces or DEL.
        var hasRawUTF8 = false
        while i < stop {
            let byte = bytes[i]
            if byte > 0x20 && byte < 0x7F {
                i += 1
            } else if byte >= 0x80 {
                hasRawUTF8 = true
                i += 1
            } else {
                break
            }
        }
        guard i > targetStart, i < stop, bytes[i] == space else { return .failure(.badRequest("Malformed request target.")) }
        let targetEnd = i
        i += 1
        // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
        guard stop - i == 8, bytes[i] == UInt8(ascii: "H"), bytes[i + 1] == UInt8(ascii: "T"), bytes[i + 2] == UInt8(ascii: "T"),
            bytes[i + 3] == UInt8(ascii: "P"), bytes[i + 4] == UInt8(ascii: "/"), bytes[i + 6] == UInt8(ascii: "."),
            isDigit(bytes[i + 5]), isDigit(bytes[i + 7])
        else {
            return .failure(.badRequest("Malformed HTTP version."))
        }
        let major = Int(bytes[i + 5] - UInt8(ascii: "0"))
        let minor = Int(bytes[i + 7] - UInt8(ascii: "0"))
        guard major == 1 else { return .failure(.versionNotSupported) }
        guard let method = HTTPMethod.parse(methodBytes) else {
            return .failure(.notImplemented("The method \(String(decoding: methodBytes, as: UTF8.self)) is not implemented."))
        }
        let target = UnsafeRawBufferPointer(rebasing: bytes[targetStart..<targetEnd])
        if hasRawUTF8 && String(validating: target, as: UTF8.self) == nil {
            return .failure(.badRequest("The request target is not valid UTF-8."))
        }
        // Raw UTF-8 is taken as if it had been percent-encoded, so everything after the parser
        // (routing, query decoding, logs, links) sees the same ASCII target either way.
        func text(_ part: UnsafeRawBufferPointer) -> String {
            hasRawUTF8 ? PercentCoding.encodeNonASCII(part) : String(decoding: part, as: UTF8.self)
        }
        // A fragment (never sent by a conforming client) is dropped from the path, on the bytes:
        // a Character search of the String cost 2 % of a `/healthz`.
        func pathText(_ part: UnsafeRawBufferPointer) -> String {
            guard let hash = part.firstIndex(of: UInt8(ascii: "#")) else { return text(part) }
            return text(UnsafeRawBufferPointer(rebasing: part[part.startIndex..<hash]))
        }
        var pathBytes = target
        var isAsterisk = false
        if target.count == 1 && target[0] == UInt8(ascii: "*") {
            isAsterisk = true
        } else if target[0] != UInt8(ascii: "/") {
            // absolute-form (RFC 9112 §3.2.2): a server must accept it; take the path after the authority.
            guard let afterScheme = absoluteFormPathStart(target) else { return .failure(.badRequest("Malformed request target.")) }
            pathBytes = UnsafeRawBufferPointer(rebasing: target[afterScheme...])
        }
        var path = "/"
        var query: String?
        if !isAsterisk, !pathBytes.isEmpty {
            if let q = pathBytes.firstIndex(of: UInt8(ascii: "?")) {
                path = pathText(UnsafeRawBufferPointer(rebasing: pathBytes[pathBytes.startIndex..<q]))
                query = text(UnsafeRawBufferPointer(rebasing: pathBytes[(q + 1)...]))
            } else {
                path = pathText(pathBytes)
            }
            if path.isEmpty { path = "/" }
        }
        return .success(RequestLine(method: method, path: isAsterisk ? "*" : path, query: query, minorVersion: minor, isAsteriskForm: isAsterisk))
    }

    /// For `http://host[:port]/path?q`, the offset of the path (the end if there is none).
    private static func absoluteFormPathStart(_ target: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        while i < target.count, target[i] != UInt8(ascii: ":") {
            let b = target[i] | 0x20
            guard
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
                    || (i > 0
                        && (isDigit(target[i]) || target[i] == UInt8(ascii: "+") || target[i] == UInt8(ascii: "-") || target[i] == UInt8(ascii: ".")))
            else { return nil }
            i += 1
        }
        guard i > 0, i + 2 < target.count, target[i + 1] == UInt8(ascii: "/"), target[i + 2] == UInt8(ascii: "/") else { return nil }
        let scheme = String(decoding: UnsafeRawBufferPointer(rebasing: target[0..<i]), as: UTF8.self).lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var j = i + 3
        let authorityStart = j
        while j < target.count, target[j] != UInt8(ascii: "/"), target[j] != UInt8(ascii: "?") { j += 1 }
        guard j > authorityStart else { return nil }
        return j
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Parses `name: value` (no CR/LF included); validates name and value bytes.
    private static func parseField(_ bytes: UnsafeRawBufferPointer, from start: Int, to stop: Int) -> Result<(String, String), ParseFailure> {
        var i = start
        while i < stop, isTokenByte(bytes[i]) { i += 1 }
        guard i < stop, bytes[i] == colon else {
            if i < stop, bytes[i] == space || bytes[i] == tab { return .failure(.badRequest("Whitespace between a field name and the colon.")) }
            return .failure(
                .badRequest(i == start ? "A header field has an empty or invalid name." : "A header line has no colon or an invalid name."))
        }
        guard i > start else { return .failure(.badRequest("A header field has an empty name.")) }
        let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
        let name = String(unsafeUninitializedCapacity: nameBytes.count) { buffer in
            for (index, byte) in nameBytes.enumerated() {
                buffer[index] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            }
            return nameBytes.count
        }
        var valueStart = i + 1
        var valueEnd = stop
        while valueStart < valueEnd, bytes[valueStart] == space || bytes[valueStart] == tab { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == space || bytes[valueEnd - 1] == tab { valueEnd -= 1 }
        var k = valueStart
        while k < valueEnd {
            let b = bytes[k]
            if (b < 0x20 && b != tab) || b == 0x7F { return .failure(.badRequest("A header field value contains a control character.")) }
            k += 1
        }
        return .success((name, String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)))
    }
}

#if canImport(Glibc)
    import Glibc
#endif
