#if canImport(Glibc)
    import Glibc
#endif

/// The log record format, defined here and nowhere else.
///
/// A log is a directory of segments `<dir>/log/NNNNNNNNNN.jsonl` (10-digit numbers
/// starting at `0000000001`). Each record is one line, one JSON object with its
/// fields in this fixed order, so recovery scans it with a byte scanner instead of
/// a JSON parser, while every line stays valid JSON that `jq` reads:
///
///     {"seq":42,"ts":1763800000123,"type":"complaint.registered","stream":"C2611-000001","crc32c":"1a2b3c4d","data":{...}}\n
///     {"seq":57,"ts":1763800090456,"type":"complaint.assessed","stream":"C2611-000001","prev":[1,4096,412],"crc32c":"…","data":{...}}\n
///
/// - `seq`: log-wide sequence number, 1, 2, 3, ... with no gaps or repeats.
/// - `ts`: milliseconds since the Unix epoch when the writer committed the batch.
/// - `type`, `stream`: 1...128 bytes of `[A-Za-z0-9._:-]`, so they never need escaping.
/// - `prev` (optional): where the previous record of the same stream is — segment number, byte
///   offset and length of its line — so one stream's history is read back by following the chain
///   from its newest record, without an index of every record in memory. A reader checks that
///   the record found there is of the same stream with a lower `seq`.
/// - `crc32c`: CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and
///   xorout 0xFFFFFFFF) of the `data` bytes exactly as written, 8 lowercase hex digits.
/// - `data`: the caller's payload verbatim: one JSON object (first byte `{`, last
///   byte `}`) with no raw CR or LF bytes, at most 32 MiB. The checksum covers only
///   `data`; `seq` damage is caught by the sequence check, `type`/`stream`/`ts` are not covered.
///
/// The newline commits a record. A batch of records is written with one write, so
/// a crash leaves at most one torn line at the end of the last segment: a last line
/// without its newline, which recovery cuts off with a warning. Any other bad line,
/// including a complete last line whose checksum fails (it was acknowledged), is
/// corruption: the store refuses to open and names the file, the 1-based line and its
/// byte offset.
///
/// A line of only spaces (0x20, possibly none) before its newline is a hole: `--repair` copied a damaged
/// line to `<dir>/log/quarantine-<ms>.jsonl` and overwrote it in place, so no other
/// record moves. The sequence numbers it held are listed as lost in `log/MANIFEST`
/// (`SegmentManifest`), which is what lets the "no gaps" rule accept that gap.
enum RecordFormat {
    /// Longest `type` or `stream`, in bytes.
    static let maximumNameLength = 128

    /// Largest payload, in bytes: keeps a line's length well inside `RecordPosition.length` and a reader's buffer sane.
    static let maximumPayloadLength = 32 << 20

    /// Why `record` cannot be stored, or nil if it can.
    static func problem(with record: NewRecord) -> String? {
        if let reason = problem(withName: record.type, field: "type") { return reason }
        if let reason = problem(withName: record.stream, field: "stream") { return reason }
        let payload = record.payload
        guard payload.count <= maximumPayloadLength else {
            return "payload is \(payload.count) bytes; the limit is \(maximumPayloadLength)"
        }
        guard payload.first == UInt8(ascii: "{"), payload.last == UInt8(ascii: "}") else {
            return "payload must be a JSON object (first byte '{', last byte '}')"
        }
        // memchr-speed scan: raw newlines would split the line and break framing.
        let hasNewline = payload.withUnsafeBytes { raw in
            memchr(raw.baseAddress!, 0x0A, raw.count) != nil || memchr(raw.baseAddress!, 0x0D, raw.count) != nil
        }
        return hasNewline ? "payload must not contain raw CR or LF bytes" : nil
    }

    private static func problem(withName name: String, field: String) -> String? {
        var name = name
        // Over the contiguous bytes: a UTF8View iterator cost ~20 instructions a byte, for
        // every record's type and stream.
        let (count, plain) = name.withUTF8 { bytes in (bytes.count, bytes.allSatisfy(isNameByte)) }
        guard plain else { return "\(field) may only contain [A-Za-z0-9._:-]" }
        guard (1...maximumNameLength).contains(count) else {
            return "\(field) must be 1...\(maximumNameLength) bytes"
        }
        return nil
    }

    @inline(__always)
    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    // The fixed pieces between the fields, in order.
    static var seqKey: StaticString { #"{"seq":"# }
    static var tsKey: StaticString { #","ts":"# }
    static var typeKey: StaticString { #","type":""# }
    static var streamKey: StaticString { #"","stream":""# }
    static var crcKey: StaticString { #"","crc32c":""# }
    static var prevKey: StaticString { #"","prev":["# }
    static var crcAfterPrevKey: StaticString { #"],"crc32c":""# }
    static var dataKey: StaticString { #"","data":"# }

    /// Appends one encoded line (with its newline) to `buffer`; returns the line's length.
    @discardableResult
    static func encode(
        sequence: UInt64, timestampMillis: Int64, record: NewRecord, previous: RecordPosition? = nil,
        into buffer: inout [UInt8]
    ) -> Int {
        let start = buffer.count
        append(seqKey, to: &buffer)
        appendDecimal(sequence, to: &buffer)
        append(tsKey, to: &buffer)
        if timestampMillis < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDecimal(timestampMillis.magnitude, to: &buffer)
        append(typeKey, to: &buffer)
        buffer.append(contentsOf: record.type.utf8)
        append(streamKey, to: &buffer)
        buffer.append(contentsOf: record.stream.utf8)
        if let previous {
            append(prevKey, to: &buffer)
            appendDecimal(UInt64(previous.segment), to: &buffer)
            buffer.append(UInt8(ascii: ","))
            appendDecimal(previous.offset, to: &buffer)
            buffer.append(UInt8(ascii: ","))
            appendDecimal(UInt64(previous.length), to: &buffer)
            append(crcAfterPrevKey, to: &buffer)
        } else {
            append(crcKey, to: &buffer)
        }
        appendHex(CRC32C.checksum(record.payload), to: &buffer)
        append(dataKey, to: &buffer)
        buffer.append(contentsOf: record.payload)
        buffer.append(UInt8(ascii: "}"))
        buffer.append(0x0A)
        return buffer.count - start
    }

    private static func append(_ literal: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func appendDecimal(_ value: UInt64, to buffer: inout [UInt8]) {
        var width = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var index = buffer.count
        var remaining = value
        repeat {
            index -= 1
            buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        } while remaining > 0
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendHex(_ value: UInt32, to buffer: inout [UInt8]) {
        for shift in stride(from: 28, through: 0, by: -4) {
            buffer.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    /// The fields of a line that parsed; ranges index into the line.
    struct ParsedLine {
        var sequence: UInt64
        var timestampMillis: Int64
        var type: Range<Int>
        var stream: Range<Int>
        var checksum: UInt32
        var payload: Range<Int>
        var previous: RecordPosition? = nil
    }

    /// A line's fields, or why it is not a record line.
    enum ParseResult {
        case record(ParsedLine)
        case invalid(String)
    }

    /// Parses one line (without its newline) and verifies the payload checksum.
    static func parse(_ line: UnsafeRawBufferPointer) -> ParseResult {
        var scanner = ByteScanner(line)
        guard scanner.expect(seqKey), let sequence = scanner.unsigned() else { return .invalid("bad or missing seq") }
        guard scanner.expect(tsKey), let timestamp = scanner.signed() else { return .invalid("bad or missing ts") }
        guard scanner.expect(typeKey), let type = scanner.name() else { return .invalid("bad or missing type") }
        guard scanner.expect(streamKey), let stream = scanner.name() else { return .invalid("bad or missing stream") }
        var previous: RecordPosition?
        if scanner.peek(prevKey) {
            guard scanner.expect(prevKey), let segment = scanner.unsigned(), segment <= UInt64(UInt32.max), scanner.expect(byte: UInt8(ascii: ",")),
                let offset = scanner.unsigned(), scanner.expect(byte: UInt8(ascii: ",")), let length = scanner.unsigned(),
                length <= UInt64(UInt32.max), scanner.expect(crcAfterPrevKey)
            else { return .invalid("bad prev") }
            previous = RecordPosition(segment: UInt32(segment), offset: offset, length: UInt32(length))
        } else {
            guard scanner.expect(crcKey) else { return .invalid("bad or missing crc32c") }
        }
        guard let checksum = scanner.hex32() else { return .invalid("bad or missing crc32c") }
        // At least "{}" plus the closing brace must follow.
        guard scanner.expect(dataKey), line.count - scanner.index >= 3 else { return .invalid("missing data") }
        // data runs to the line's last byte, which closes the outer object.
        let payload = scanner.index..<(line.count - 1)
        guard payload.count >= 2, line[payload.lowerBound] == UInt8(ascii: "{"),
            line[payload.upperBound - 1] == UInt8(ascii: "}"), line[line.count - 1] == UInt8(ascii: "}")
        else {
            return .invalid("data is not a JSON object closing the line")
        }
        let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: line[payload]))
        guard actual == checksum else { return .invalid("checksum mismatch") }
        return .record(
            ParsedLine(
                sequence: sequence, timestampMillis: timestamp, type: type, stream: stream, checksum: checksum,
                payload: payload, previous: previous))
    }
}

extension RecordFormat {
    /// Whether a line (without its newline) is a hole left by repair: only spaces. An empty line
    /// holds no record either; a record missing around one shows as a sequence gap.
    @inline(__always)
    static func isHole(_ line: UnsafeRawBufferPointer) -> Bool {
        // Every record starts with "{": one byte decides for all but holes themselves.
        guard let first = line.first else { return true }
        return first == UInt8(ascii: " ") && line.allSatisfy { $0 == UInt8(ascii: " ") }
    }

    /// What can still be read from a damaged line: its sequence and stream, when those fields parse.
    static func salvage(_ line: UnsafeRawBufferPointer) -> (sequence: UInt64?, stream: String?) {
        var scanner = ByteScanner(line)
        guard scanner.expect(seqKey), let sequence = scanner.unsigned() else { return (nil, nil) }
        guard scanner.expect(tsKey), scanner.signed() != nil, scanner.expect(typeKey), scanner.name() != nil,
            scanner.expect(streamKey), let stream = scanner.name(), scanner.peek(crcKey) || scanner.peek(prevKey)
        else { return (sequence, nil) }
        return (sequence, String(decoding: UnsafeRawBufferPointer(rebasing: line[stream]), as: UTF8.self))
    }

    /// Overwrites `length` bytes at `offset` (a whole line, newline included) with a hole.
    static func blank(descriptor: Int32, path: String, offset: UInt64, length: UInt64) throws {
        guard length > 0 else { return }
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: Int(length))
        bytes[bytes.count - 1] = 0x0A
        try bytes.withUnsafeBytes { try FileSystem.pwriteAll(descriptor, $0, at: offset, path: path) }
    }
}
