/// Writes JSON into one growing byte buffer: commas and colons come from the structure calls,
/// strings are copied in runs between the bytes that need escaping, numbers never go through
/// String (doubles excepted).
///
///     var writer = JSONWriter()
///     writer.beginObject()
///     writer.member("id", "C2611-000001")
///     writer.member("count", 3)
///     writer.endObject()
///     writer.bytes  // {"id":"C2611-000001","count":3}
///
/// Pair every `begin` with its `end` and put a key before each value inside an object; debug
/// builds check this, release builds trust it. Output is always valid UTF-8 JSON when they do.
public struct JSONWriter {
    /// The bytes, copied before a write if another writer shares them.
    @usableFromInline var buffer: JSONWriterBuffer
    /// Whether the next value or key needs a comma before it.
    @usableFromInline var needsComma = false
    /// Whether `<`, `>` and `&` are escaped too (for JSON embedded in HTML).
    public let escapesHTML: Bool
    #if DEBUG
        private var usage = UsageCheck()
    #endif

    /// Creates a writer whose buffer starts with room for `capacity` bytes.
    public init(capacity: Int = 1024, escapingHTML: Bool = false) {
        buffer = JSONWriterBuffer(capacity: capacity)
        escapesHTML = escapingHTML
    }

    /// Encodes `value` into a new byte array.
    public static func encode<Value: JSONEncodable>(_ value: Value, capacity: Int = 1024) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        value.encode(to: &writer)
        return writer.bytes
    }

    /// A copy of the JSON written so far.
    public var bytes: [UInt8] { Array(buffer.bytes) }

    /// How many bytes have been written.
    public var count: Int { buffer.count }

    /// Calls `body` with the JSON written so far, without copying it.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(buffer.bytes)
    }

    /// Empties the buffer, keeping its storage, to write the next document.
    public mutating func removeAll() {
        makeUnique()
        buffer.count = 0
        needsComma = false
        #if DEBUG
            usage = UsageCheck()
        #endif
    }

    /// Appends a newline (between documents in a JSON-lines stream).
    public mutating func newline() {
        #if DEBUG
            usage.newline()
        #endif
        makeUnique()
        buffer.append(0x0A)
        needsComma = false
    }

    /// Copies the storage if another writer shares it (a copied writer keeps its own bytes).
    @inline(__always)
    mutating func makeUnique() { buffer.makeUnique() }

    /// Makes the buffer writable and adds the comma a new key or value needs.
    @inline(__always)
    private mutating func separate() {
        makeUnique()
        if needsComma { buffer.append(UInt8(ascii: ",")) }
    }

    /// Starts an object.
    public mutating func beginObject() {
        #if DEBUG
            usage.value()
            usage.open(object: true)
        #endif
        separate()
        buffer.append(UInt8(ascii: "{"))
        needsComma = false
    }

    /// Ends the innermost object.
    public mutating func endObject() {
        #if DEBUG
            usage.close(object: true)
        #endif
        makeUnique()
        buffer.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Starts an array.
    public mutating func beginArray() {
        #if DEBUG
            usage.value()
            usage.open(object: false)
        #endif
        separate()
        buffer.append(UInt8(ascii: "["))
        needsComma = false
    }

    /// Ends the innermost array.
    public mutating func endArray() {
        #if DEBUG
            usage.close(object: false)
        #endif
        makeUnique()
        buffer.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member name known at compile time, copied as it is: such a name is one the
    /// code chose, so it never needs escaping (debug builds check; release builds trust it, as
    /// they trust the structure calls). Scanning every name for escapes was a tenth of the
    /// instructions that wrote a complaint.
    public mutating func key(_ name: StaticString) {
        #if DEBUG
            usage.key()
            // Escaped as a string (HTML-safe too), the name must come out as it went in.
            let plain = name.withUTF8Buffer { bytes in
                var escaped = JSONWriterBuffer(capacity: bytes.count + 2)
                JSONEscaping.appendQuoted(UnsafeRawBufferPointer(bytes), escapingHTML: true, to: &escaped)
                return escaped.count == bytes.count + 2
            }
            precondition(plain, "JSONWriter: a member name known at compile time needs escaping; use key(named:)")
        #endif
        separate()
        // A name written as a string literal lies in the binary: copied from there without the
        // closure `withUTF8Buffer` calls (60 of the 110 instructions a name cost).
        if name.hasPointerRepresentation {
            appendName(name.utf8Start, count: name.utf8CodeUnitCount)
        } else {
            name.withUTF8Buffer { appendName($0.baseAddress, count: $0.count) }
        }
        needsComma = false
    }

    /// `"name":` in one reservation.
    @inline(__always)
    private mutating func appendName(_ source: UnsafePointer<UInt8>?, count: Int) {
        let out = buffer.reserve(count &+ 3)
        out.pointee = 0x22
        if let source { JSONWriterBuffer.copy(source, to: out + 1, count: count) }
        out[count &+ 1] = 0x22
        out[count &+ 2] = UInt8(ascii: ":")
        buffer.count &+= count &+ 3
    }

    /// Writes a member name computed at run time.
    public mutating func key(named name: String) {
        #if DEBUG
            usage.key()
        #endif
        separate()
        JSONEscaping.appendQuoted(name, escapingHTML: escapesHTML, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        beginScalar()
        JSONEscaping.appendQuoted(value, escapingHTML: escapesHTML, to: &buffer)
    }

    /// Writes a string of exactly `count` bytes that `fill` writes at the address it is given,
    /// bytes the caller vouches need no escaping (printable ASCII other than `"` and `\`, and
    /// `<`, `>`, `&` when escaping for HTML; debug builds check): a timestamp, say, written
    /// straight into the output instead of through a String and the escape scan.
    public mutating func verbatimString(count: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        beginScalar()
        let out = buffer.reserve(count &+ 2)
        out.pointee = UInt8(ascii: "\"")
        fill(out + 1)
        out[count &+ 1] = UInt8(ascii: "\"")
        #if DEBUG
            let plain = UnsafeBufferPointer(start: UnsafePointer(out + 1), count: count).allSatisfy { (byte: UInt8) -> Bool in
                guard byte < 0x80 else { return false }
                var escaped = JSONWriterBuffer(capacity: 8)
                Swift.withUnsafeBytes(of: byte) { JSONEscaping.appendQuoted($0, escapingHTML: escapesHTML, to: &escaped) }
                return escaped.count == 3
            }
            precondition(plain, "JSONWriter: verbatimString wrote a byte that needs escaping")
        #endif
        buffer.count &+= count &+ 2
    }

    /// Writes an integer value.
    public mutating func integer(_ value: Int) {
        beginScalar()
        JSONNumberFormatting.appendInteger(UInt64(value.magnitude), negative: value < 0, to: &buffer)
    }

    /// Writes an integer value.
    public mutating func integer(_ value: Int64) {
        beginScalar()
        JSONNumberFormatting.appendInteger(value.magnitude, negative: value < 0, to: &buffer)
    }

    /// Writes an integer value.
    public mutating func integer(_ value: UInt64) {
        beginScalar()
        JSONNumberFormatting.appendInteger(value, negative: false, to: &buffer)
    }

    /// Writes a number that reads back as exactly `value`; `null` for NaN and infinities,
    /// which JSON cannot express.
    public mutating func double(_ value: Double) {
        beginScalar()
        JSONNumberFormatting.appendDouble(value, to: &buffer)
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        beginScalar()
        buffer.append(value ? "true" : "false")
    }

    /// Writes `null`.
    public mutating func null() {
        beginScalar()
        buffer.append("null")
    }

    /// Writes an already encoded JSON value verbatim (the caller vouches that it is one value;
    /// debug builds check).
    public mutating func rawValue(_ json: UnsafeRawBufferPointer) {
        #if DEBUG
            assert((try? JSONReader.validate(json)) != nil, "rawValue given bytes that are not one JSON value")
        #endif
        beginScalar()
        buffer.append(json)
    }

    /// Writes an already encoded JSON value verbatim.
    public mutating func rawValue(_ json: [UInt8]) {
        json.withUnsafeBytes { rawValue($0) }
    }

    /// Writes any encodable value.
    public mutating func encode<Value: JSONEncodable>(_ value: Value) {
        value.encode(to: &self)
    }

    @inline(__always)
    private mutating func beginScalar() {
        #if DEBUG
            usage.value()
        #endif
        separate()
        needsComma = true
    }
}

#if DEBUG
    /// Debug-only bookkeeping that traps on misuse (a value without a key in an object, a key in
    /// an array, an unbalanced end) instead of writing invalid JSON.
    private struct UsageCheck: Sendable {
        private var containers: [Bool] = []  // true for an object
        private var keyPending = false
        private var topLevelWritten = false

        mutating func key() {
            precondition(containers.last == true && !keyPending, "JSONWriter: a key outside an object, or two keys in a row")
            keyPending = true
        }

        mutating func value() {
            if let inObject = containers.last {
                precondition(!inObject || keyPending, "JSONWriter: a value inside an object needs a key first")
            } else {
                precondition(!topLevelWritten, "JSONWriter: a second top-level value without newline()")
                topLevelWritten = true
            }
            keyPending = false
        }

        mutating func open(object: Bool) { containers.append(object) }

        mutating func close(object: Bool) {
            precondition(containers.last == object && !keyPending, "JSONWriter: end does not match begin, or a key has no value")
            containers.removeLast()
        }

        mutating func newline() {
            precondition(containers.isEmpty, "JSONWriter: newline() inside a value")
            topLevelWritten = false
        }
    }
#endif
