/// A strict, pull-style JSON reader (RFC 8259) over UTF-8 bytes: typed decoders take values
/// straight from the bytes, with no tree and no dictionary in between.
///
/// A reader only exists inside ``withReader(_:limits:_:)-(UnsafeRawBufferPointer,_,_)`` (or the
/// `decode` functions built on it), which ties it to the bytes it reads and checks that exactly
/// one value with only whitespace around it was present. Each `read...` call consumes one value;
/// after an error the document is rejected and the reader must not be used further.
public struct JSONReader: ~Copyable {
    /// The first byte of the input (a valid dummy when the input is empty).
    @usableFromInline let base: UnsafePointer<UInt8>
    /// The input's length.
    @usableFromInline let end: Int
    /// The next byte to look at.
    @usableFromInline var position: Int
    /// How many objects and arrays enclose the next value.
    @usableFromInline var depth: Int
    /// The bounds this reader enforces.
    public let limits: JSONLimits

    @usableFromInline
    init(bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? ("" as StaticString).utf8Start  // never read: end is 0
        end = bytes.count
        position = 0
        depth = 0
        self.limits = limits
    }

    /// Reads one JSON document from `bytes` with `body`, then checks nothing but whitespace follows.
    ///
    /// If `body` leaves the value unread, it is validated and skipped. A UTF-8 byte order mark
    /// is refused (`byteOrderMark`): RFC 8259 forbids sending one, and accepting it here would
    /// let two spellings of one document through.
    @inlinable
    public static func withReader<Result>(
        _ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default,
        _ body: (inout JSONReader) throws -> Result
    ) throws -> Result {
        var reader = try JSONReader(document: bytes, limits: limits)
        let start = reader.position
        let result = try body(&reader)
        try reader.finishDocument(valueStart: start)
        return result
    }

    /// A reader at the first value of `bytes`, after checking the size limit and the BOM.
    @usableFromInline
    init(document bytes: UnsafeRawBufferPointer, limits: JSONLimits) throws {
        self.init(bytes: bytes, limits: limits)
        guard bytes.count <= limits.maximumInputBytes else {
            throw JSONError(
                .inputTooLarge, at: limits.maximumInputBytes,
                detail: "the document is \(bytes.count) bytes; the limit is \(limits.maximumInputBytes)")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw JSONError(.byteOrderMark, at: 0, detail: "a UTF-8 byte order mark precedes the value; send the JSON without it")
        }
        skipWhitespace()
    }

    /// Skips the value if the body left it unread, then checks that only whitespace follows.
    @usableFromInline
    mutating func finishDocument(valueStart: Int) throws {
        if position == valueStart { try skipValue() }
        skipWhitespace()
        guard position == end else {
            throw JSONError(.trailingContent, at: position, detail: "unexpected \(describeByte(at: position)) after the value")
        }
    }

    /// Reads one JSON document from `bytes` with `body` (see the buffer-pointer variant).
    @inlinable
    public static func withReader<Result>(
        _ bytes: [UInt8], limits: JSONLimits = .default,
        _ body: (inout JSONReader) throws -> Result
    ) throws -> Result {
        try bytes.withUnsafeBytes { try withReader($0, limits: limits, body) }
    }

    /// Reads one JSON document from `bytes` with `body` (see the buffer-pointer variant).
    @inlinable
    public static func withReader<Result>(
        _ bytes: ArraySlice<UInt8>, limits: JSONLimits = .default,
        _ body: (inout JSONReader) throws -> Result
    ) throws -> Result {
        try bytes.withUnsafeBytes { try withReader($0, limits: limits, body) }
    }

    /// Decodes one document of type `type` from `bytes`.
    @inlinable
    public static func decode<Value: JSONDecodable>(
        _ type: Value.Type, from bytes: UnsafeRawBufferPointer,
        limits: JSONLimits = .default
    ) throws -> Value {
        try withReader(bytes, limits: limits) { try Value(from: &$0) }
    }

    /// Decodes one document of type `type` from `bytes`.
    @inlinable
    public static func decode<Value: JSONDecodable>(
        _ type: Value.Type, from bytes: [UInt8],
        limits: JSONLimits = .default
    ) throws -> Value {
        try bytes.withUnsafeBytes { try decode(type, from: $0, limits: limits) }
    }

    /// Decodes one document of type `type` from `bytes`.
    @inlinable
    public static func decode<Value: JSONDecodable>(
        _ type: Value.Type, from bytes: ArraySlice<UInt8>,
        limits: JSONLimits = .default
    ) throws -> Value {
        try bytes.withUnsafeBytes { try decode(type, from: $0, limits: limits) }
    }

    /// Checks that `bytes` is one well-formed document within `limits`, building nothing.
    public static func validate(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default) throws {
        try withReader(bytes, limits: limits) { try $0.skipValue() }
    }

    /// Checks that `bytes` is one well-formed document within `limits`, building nothing.
    public static func validate(_ bytes: [UInt8], limits: JSONLimits = .default) throws {
        try bytes.withUnsafeBytes { try validate($0, limits: limits) }
    }

    /// The offset of the next byte the reader will look at.
    public var offset: Int { position }

    /// The kind of the next value, without consuming it.
    public mutating func peekKind() throws -> JSONKind {
        skipWhitespace()
        guard position < end else { throw unexpectedEnd(expecting: "a value") }
        guard let kind = JSONKind.starting(with: base[position]) else {
            throw JSONError(.unexpectedByte, at: position, detail: "expected a value, found \(describeByte(at: position))")
        }
        return kind
    }

    /// An error of `kind` at the next value, for decoders that refuse what they read.
    public func error(_ kind: JSONError.Kind, _ detail: String) -> JSONError {
        JSONError(kind, at: position, detail: detail)
    }

    /// A `missingMember` error naming `name`, for decoders to throw after `readObject`.
    public func missingMember(_ name: String) -> JSONError {
        JSONError(.missingMember, at: position, path: [.key(name)], detail: "the required member \"\(name)\" is missing")
    }

    // MARK: - Bytes

    /// Skips spaces, tabs, line feeds and carriage returns (the only whitespace JSON allows).
    @inlinable @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            let byte = base[position]
            guard byte <= 0x20, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Consumes the literal `word` (after its first byte, which the caller has seen).
    @inline(__always)
    mutating func expectLiteral(_ word: StaticString) throws {
        let length = word.utf8CodeUnitCount
        let start = position
        for index in 1..<length {
            guard start + index < end else { throw unexpectedEnd(expecting: "\(word)") }
            guard base[start + index] == word.utf8Start[index] else {
                throw JSONError(.unexpectedByte, at: start + index, detail: "expected \(word), found \(describeByte(at: start + index))")
            }
        }
        position = start + length
    }

    /// "'x'", "byte 0xFF" or "the end of the input", for messages.
    @usableFromInline
    func describeByte(at index: Int) -> String {
        guard index < end else { return "the end of the input" }
        let byte = base[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" : "") + hex
    }

    /// The error for input that stops where `what` should be.
    @usableFromInline
    func unexpectedEnd(expecting what: String) -> JSONError {
        JSONError(.unexpectedEnd, at: position, detail: "the input ends where \(what) should be")
    }

    /// The error for a value of the wrong kind (or no value) where `expected` should be.
    @usableFromInline @inline(never)
    func mismatch(expected: JSONKind) -> JSONError {
        guard position < end else { return unexpectedEnd(expecting: expected.description) }
        guard let found = JSONKind.starting(with: base[position]) else {
            return JSONError(.unexpectedByte, at: position, detail: "expected \(expected), found \(describeByte(at: position))")
        }
        return JSONError(.typeMismatch, at: position, detail: "expected \(expected), found \(found)")
    }
}
