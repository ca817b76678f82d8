// libFuzzer harness: the event-log line parser (RecordFormat.parse over ByteScanner, salvage,
// isHole) and the event payload reader (DomainEvent.read, DomainEvent.Reader, JSONCaseTable, the
// actor fast path of JSONReader.read(fast:general:)).
//
// Input: lines, split at "\n" as a segment is; each is copied into an allocation of its own size,
// so AddressSanitizer sees any read past its end. Every line goes to the line parser:
// - parse agrees with a byte-at-a-time reference parser written from the format's documentation
//   (the same verdict and reason, the same fields);
// - a record's ranges lie inside the line, `type` and `stream` are 1...128 bytes of
//   `[A-Za-z0-9._:-]`, the payload is `{...}` closing the line, a bitwise CRC-32C of it is the
//   checksum; encoding its fields again parses back to the same fields, is never longer than the
//   line and, as long, is the same bytes; salvage reads its seq and stream; it is no hole;
// - salvage reads what the reference reads of the same line, and isHole holds exactly for a line
//   of only spaces;
// - a line refused only for its checksum parses once the checksum is corrected (so mutated log
//   lines reach the record checks and the payload reader).
// A record's payload (or, for any other line, the line itself) goes to the event reader:
// - a Reader shared by the input's lines gives what a fresh DomainEvent.read gives (the same event
//   or the same JSONError), and its fields are all empty afterwards;
// - a Reader leaving the texts out (as a full replay reads), shared too, accepts and refuses the
//   same payloads (the same kind of error) and reads the same kind of event, for the same
//   complaint at the same time; its fields are empty afterwards as well;
// - an event read writes back to bytes that read as an equal event (times beyond ±2^51 ms, which
//   no writer makes, may move by a rounding), and writing that again gives the same bytes;
// - with a space after the `{` of `"actor":{` (the general path instead of the fast one) the
//   payload reads as the same event, or fails with the same kind of error.
// Every `"`-delimited piece of a line is looked up in each JSONCaseTable of the event reader and
// must find exactly the case whose raw value has its bytes.
import Foundation

@testable import ComplaintDomain
@testable import EventStore
@testable import JSONCodec

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}

/// How often each check ran, printed at exit when FUZZ_LOG_RECORDS_COUNTS is set (to see that a
/// corpus reaches them: `FUZZ_LOG_RECORDS_COUNTS=1 FuzzLogRecords -runs=0 <corpus>`).
nonisolated(unsafe) var counts: [String: Int] = [:]
let countsWanted = ProcessInfo.processInfo.environment["FUZZ_LOG_RECORDS_COUNTS"] != nil

func count(_ what: String) { if countsWanted { counts[what, default: 0] += 1 } }

/// Prints `counts` at exit (registered once, on the first input).
let printCountsAtExit: Void = {
    guard countsWanted else { return }
    atexit { for (what, n) in counts.sorted(by: { $0.key < $1.key }) { print("\(n)\t\(what)") } }
}()

func text(_ bytes: some Sequence<UInt8>) -> String { String(decoding: Array(bytes), as: UTF8.self).debugDescription }

// MARK: the line parser

/// CRC-32C bit by bit (reflected polynomial 0x82F63B78, init and xorout 0xFFFFFFFF).
func bitwiseCRC32C(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    return ~crc
}

func isNameByte(_ byte: UInt8) -> Bool {
    (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || Array("._:-".utf8).contains(byte)
}

/// The line format read one byte at a time, from `RecordFormat`'s documentation.
struct ReferenceParser {
    let bytes: [UInt8]
    var index = 0

    func peek(_ literal: String) -> Bool {
        let expected = Array(literal.utf8)
        return bytes.count - index >= expected.count && Array(bytes[index..<(index + expected.count)]) == expected
    }

    mutating func expect(_ literal: String) -> Bool {
        guard peek(literal) else { return false }
        index += literal.utf8.count
        return true
    }

    mutating func unsigned() -> UInt64? {
        let start = index
        var value: UInt64? = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            if let v = value {
                let (times10, o1) = v.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - 0x30))
                value = o1 || o2 ? nil : sum
            }
            index += 1
        }
        return index > start ? value : nil
    }

    mutating func signed() -> Int64? {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let magnitude = unsigned(), magnitude <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    mutating func name() -> Range<Int>? {
        let start = index
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        return (1...128).contains(index - start) ? start..<index : nil
    }

    mutating func hex32() -> UInt32? {
        guard bytes.count - index >= 8 else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 8)] {
            switch byte {
            case 0x30...0x39: value = value << 4 | UInt32(byte - 0x30)
            case 0x61...0x66: value = value << 4 | UInt32(byte - 0x61 + 10)
            default: return nil
            }
        }
        index += 8
        return value
    }

    /// What `salvage` must read: the seq if it parses, and the stream if everything up to the
    /// checksum's key (or `prev`'s) does.
    static func salvage(_ line: [UInt8]) -> (sequence: UInt64?, stream: String?) {
        var s = ReferenceParser(bytes: line)
        guard s.expect(#"{"seq":"#), let sequence = s.unsigned() else { return (nil, nil) }
        guard s.expect(#","ts":"#), s.signed() != nil, s.expect(#","type":""#), s.name() != nil, s.expect(#"","stream":""#),
            let stream = s.name(), s.peek(#"","crc32c":""#) || s.peek(#"","prev":["#)
        else { return (sequence, nil) }
        return (sequence, String(decoding: line[stream], as: UTF8.self))
    }

    static func parse(_ line: [UInt8]) -> RecordFormat.ParseResult {
        var s = ReferenceParser(bytes: line)
        guard s.expect(#"{"seq":"#), let sequence = s.unsigned() else { return .invalid("bad or missing seq") }
        guard s.expect(#","ts":"#), let timestamp = s.signed() else { return .invalid("bad or missing ts") }
        guard s.expect(#","type":""#), let type = s.name() else { return .invalid("bad or missing type") }
        guard s.expect(#"","stream":""#), let stream = s.name() else { return .invalid("bad or missing stream") }
        var previous: RecordPosition?
        if s.peek(#"","prev":["#) {
            guard s.expect(#"","prev":["#), let segment = s.unsigned(), segment <= UInt32.max, s.expect(","), let offset = s.unsigned(),
                s.expect(","), let length = s.unsigned(), length <= UInt32.max, s.expect(#"],"crc32c":""#)
            else { return .invalid("bad prev") }
            previous = RecordPosition(segment: UInt32(segment), offset: offset, length: UInt32(length))
        } else {
            guard s.expect(#"","crc32c":""#) else { return .invalid("bad or missing crc32c") }
        }
        guard let checksum = s.hex32() else { return .invalid("bad or missing crc32c") }
        guard s.expect(#"","data":"#), line.count - s.index >= 3 else { return .invalid("missing data") }
        let payload = s.index..<(line.count - 1)
        guard line[payload.lowerBound] == UInt8(ascii: "{"), line[payload.upperBound - 1] == UInt8(ascii: "}"), line.last == UInt8(ascii: "}")
        else { return .invalid("data is not a JSON object closing the line") }
        guard bitwiseCRC32C(line[payload]) == checksum else { return .invalid("checksum mismatch") }
        return .record(
            .init(
                sequence: sequence, timestampMillis: timestamp, type: type, stream: stream, checksum: checksum, payload: payload,
                previous: previous))
    }
}

/// The fields of a parsed line, with the ranges resolved to bytes (to compare lines of different spelling).
struct Fields: Equatable {
    var sequence: UInt64
    var timestampMillis: Int64
    var type: [UInt8]
    var stream: [UInt8]
    var checksum: UInt32
    var payload: [UInt8]
    var previous: RecordPosition?

    init(_ p: RecordFormat.ParsedLine, in line: [UInt8]) {
        sequence = p.sequence
        timestampMillis = p.timestampMillis
        type = Array(line[p.type])
        stream = Array(line[p.stream])
        checksum = p.checksum
        payload = Array(line[p.payload])
        previous = p.previous
    }
}

/// `body` with `bytes` in an allocation of exactly their size (AddressSanitizer flags any read past it).
func withExactCopy<R>(of bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { copy.deallocate() }
    bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
    return try body(UnsafeRawBufferPointer(copy))
}

func parse(_ line: [UInt8]) -> RecordFormat.ParseResult { withExactCopy(of: line) { RecordFormat.parse($0) } }

/// Checks a line's verdicts; returns the payload of the record it holds (nil: not a record).
func checkLine(_ line: [UInt8]) -> [UInt8]? {
    let result = parse(line)
    let salvaged = withExactCopy(of: line) { RecordFormat.salvage($0) }
    let hole = withExactCopy(of: line) { RecordFormat.isHole($0) }
    check(hole == line.allSatisfy { $0 == UInt8(ascii: " ") }, "isHole \(hole) for \(text(line))")
    let expected = ReferenceParser.salvage(line)
    check(salvaged.sequence == expected.sequence && salvaged.stream == expected.stream, "salvage read \(salvaged), not \(expected): \(text(line))")

    switch (result, ReferenceParser.parse(line)) {
    case (.invalid(let reason), .invalid(let expected)):
        check(reason == expected, "refused for \(reason), the reference says \(expected): \(text(line))")
        count("line refused: \(reason)")
        if reason == "checksum mismatch" { return checkCorrected(line) }
        return nil
    case (.record(let p), .record(let q)):
        check(p.type == q.type && p.stream == q.stream && p.payload == q.payload, "ranges differ from the reference: \(text(line))")
        check(Fields(p, in: line) == Fields(q, in: line), "fields differ from the reference: \(Fields(p, in: line)) \(Fields(q, in: line))")
        checkRecord(p, line, salvaged: salvaged, hole: hole)
        count(p.previous == nil ? "record" : "record with prev")
        return Array(line[p.payload])
    case (.record, .invalid(let expected)):
        fatalError("parsed, the reference refuses it for \(expected): \(text(line))")
    case (.invalid(let reason), .record):
        fatalError("refused for \(reason), the reference parses it: \(text(line))")
    }
}

/// A line refused for its checksum alone, with the checksum replaced by the payload's, must parse.
func checkCorrected(_ line: [UInt8]) -> [UInt8]? {
    // Nothing before the checksum can hold a quote, so the first `"crc32c":"` is the field's.
    let key = Array(#""crc32c":""#.utf8)
    guard let at = (0...(line.count - key.count)).first(where: { Array(line[$0..<($0 + key.count)]) == key }) else {
        fatalError("checksum mismatch without a crc32c field: \(text(line))")
    }
    let hex = at + key.count
    let payload = (hex + 8 + #"","data":"#.utf8.count)..<(line.count - 1)
    var fixed = line
    fixed.replaceSubrange(hex..<(hex + 8), with: String(format: "%08x", bitwiseCRC32C(line[payload])).utf8)
    guard case .record(let p) = parse(fixed) else { fatalError("still refused with the checksum corrected: \(text(fixed))") }
    check(p.payload == payload, "the corrected line's payload is \(p.payload), not \(payload)")
    _ = checkLine(fixed)
    return Array(fixed[p.payload])
}

func checkRecord(_ p: RecordFormat.ParsedLine, _ line: [UInt8], salvaged: (sequence: UInt64?, stream: String?), hole: Bool) {
    for range in [p.type, p.stream, p.payload] { check(range.lowerBound >= 0 && range.upperBound <= line.count, "range \(range) outside the line") }
    for name in [line[p.type], line[p.stream]] {
        check((1...128).contains(name.count) && name.allSatisfy(isNameByte), "bad name \(text(name))")
    }
    check(line[p.payload].first == UInt8(ascii: "{") && line[p.payload].last == UInt8(ascii: "}"), "payload is not {...}")
    check(line.last == UInt8(ascii: "}") && p.payload.upperBound == line.count - 1, "the payload does not close the line")
    check(bitwiseCRC32C(line[p.payload]) == p.checksum, "checksum \(p.checksum) is not the payload's")
    check(!hole, "a record is a hole")
    let stream = String(decoding: line[p.stream], as: UTF8.self)
    check(salvaged.sequence == p.sequence && salvaged.stream == stream, "salvage read \(salvaged), the record is \(p.sequence) \(stream)")

    // Written again, the fields read back the same; the writer's spelling is the shortest.
    let record = NewRecord(
        type: String(decoding: line[p.type], as: UTF8.self), stream: stream, payload: Array(line[p.payload]), previous: p.previous)
    let problem = RecordFormat.problem(with: record)
    check(problem == nil || record.payload.contains(0x0D), "a parsed record is refused: \(problem ?? "")")
    var encoded: [UInt8] = []
    let length = RecordFormat.encode(sequence: p.sequence, timestampMillis: p.timestampMillis, record: record, previous: p.previous, into: &encoded)
    check(length == encoded.count && encoded.last == 0x0A, "encode returned \(length) for \(encoded.count) bytes")
    encoded.removeLast()
    guard case .record(let again) = parse(encoded) else { fatalError("the re-encoded line is refused: \(text(encoded))") }
    check(Fields(again, in: encoded) == Fields(p, in: line), "re-encoded \(Fields(again, in: encoded)), parsed \(Fields(p, in: line))")
    check(encoded.count <= line.count, "the writer's line is longer: \(text(encoded))")
    check(encoded.count < line.count || encoded == line, "as long but different: \(text(encoded))")
}

// MARK: the event reader

let farMilliseconds = 1 << 51

/// Whether `value` holds a Date beyond ±2^51 ms (where Double milliseconds / 1000 may not round-trip).
func holdsFarDate(_ value: Any) -> Bool {
    if let date = value as? Date { return !(abs(date.timeIntervalSince1970 * 1000) < Double(farMilliseconds)) }
    return Mirror(reflecting: value).children.contains { holdsFarDate($0.value) }
}

func isNil(_ value: Any) -> Bool {
    let mirror = Mirror(reflecting: value)
    return mirror.displayStyle == .optional && mirror.children.isEmpty
}

func readEvent(_ bytes: [UInt8]) -> Result<DomainEvent, JSONError> {
    withExactCopy(of: bytes) { buffer in
        do { return .success(try DomainEvent.read(from: buffer)) } catch let error as JSONError { return .failure(error) } catch {
            fatalError("not a JSONError: \(error)")
        }
    }
}

/// The optional fields a reader still holds (its setting, `leavesOutTexts`, is no optional).
func fieldsLeft(_ reader: DomainEvent.Reader) -> [String] {
    Mirror(reflecting: reader.fields).children.filter { Mirror(reflecting: $0.value).displayStyle == .optional && !isNil($0.value) }
        .compactMap(\.label)
}

func checkEvent(_ bytes: [UInt8], reader: inout DomainEvent.Reader, lean: inout DomainEvent.Reader) {
    let fresh = readEvent(bytes)
    let reused = withExactCopy(of: bytes) { buffer in Result { try reader.read(from: buffer) } }
    let left = fieldsLeft(reader)
    check(left.isEmpty, "the reader's fields keep \(left) after \(text(bytes))")
    switch (fresh, reused) {
    case (.success(let a), .success(let b)): check(a == b, "a reused reader read \(b), a fresh one \(a): \(text(bytes))")
    case (.failure(let a), .failure(let b)):
        check(a == b as? JSONError, "a reused reader failed with \(b), a fresh one with \(a): \(text(bytes))")
    case (.success(let a), .failure(let b)): fatalError("a reused reader failed with \(b), a fresh one read \(a): \(text(bytes))")
    case (.failure(let a), .success(let b)): fatalError("a reused reader read \(b), a fresh one failed with \(a): \(text(bytes))")
    }

    switch fresh {
    case .success(let event): count("event read: \(event.typeName)")
    case .failure(let error): count("event refused: \(error.kind)")
    }

    // Leaving the texts out changes what is read, never whether.
    let leanRead = withExactCopy(of: bytes) { buffer in Result { try lean.read(from: buffer) } }
    let leanLeft = fieldsLeft(lean)
    check(leanLeft.isEmpty, "the lean reader's fields keep \(leanLeft) after \(text(bytes))")
    switch (fresh, leanRead) {
    case (.success(let a), .success(let b)):
        check(a.typeName == b.typeName && a.complaintID == b.complaintID && a.at == b.at, "leaving texts out read \(b), whole \(a): \(text(bytes))")
    case (.failure(let a), .failure(let b)):
        check(a.kind == (b as? JSONError)?.kind, "leaving texts out failed with \(b), whole with \(a): \(text(bytes))")
    case (.success(let a), .failure(let b)): fatalError("leaving texts out failed with \(b), whole read \(a): \(text(bytes))")
    case (.failure(let a), .success(let b)): fatalError("leaving texts out read \(b), whole failed with \(a): \(text(bytes))")
    }
    if case .success(let event) = fresh {
        let written = event.json()
        guard case .success(let again) = readEvent(written) else { fatalError("the written event is refused: \(text(written))") }
        check(again == event || holdsFarDate(event), "written and read again: \(again), read first: \(event), written: \(text(written))")
        check(again.json() == written || holdsFarDate(event), "writing twice gave different bytes: \(text(written))")
    }

    // The actor through the general path: a space after its `{`.
    let marker = Array(#""actor":{"#.utf8)
    if bytes.count >= marker.count, let at = (0...(bytes.count - marker.count)).first(where: { Array(bytes[$0..<($0 + marker.count)]) == marker }) {
        count("actor re-spelled")
        var spaced = bytes
        spaced.insert(UInt8(ascii: " "), at: at + marker.count)
        switch (fresh, readEvent(spaced)) {
        case (.success(let a), .success(let b)): check(a == b, "with a space in the actor: \(b), without: \(a): \(text(bytes))")
        case (.failure(let a), .failure(let b)): check(a.kind == b.kind, "with a space in the actor: \(b), without: \(a): \(text(bytes))")
        case (.success(let a), .failure(let b)): fatalError("with a space in the actor: \(b), without: \(a): \(text(bytes))")
        case (.failure(let a), .success(let b)): fatalError("with a space in the actor: \(b), without: \(a): \(text(bytes))")
        }
    }
}

// MARK: the case tables

/// A table and its raw values' bytes, to find a name the slow way.
struct TableCheck: Sendable {
    let lookup: @Sendable (JSONKey) -> Int?
    let names: [[UInt8]]
    let byName: [[UInt8]: Int]
    let label: String

    init<Value: RawRepresentable & CaseIterable & Sendable & Hashable>(_ table: JSONCaseTable<Value>) where Value.RawValue == String {
        let cases = Array(Value.allCases)
        let positions = Dictionary(uniqueKeysWithValues: cases.enumerated().map { ($1, $0) })
        lookup = { key in table.value(named: key).map { positions[$0]! } }
        names = cases.map { Array($0.rawValue.utf8) }
        byName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        label = "\(Value.self)"
    }

    func check(_ name: [UInt8], _ key: JSONKey) {
        let found = lookup(key)
        let expected = byName[name]
        Self.report(found == expected, "\(label) finds \(found.map { text(names[$0]) } ?? "nothing") for \(text(name))")
    }

    static func report(_ condition: Bool, _ message: @autoclosure () -> String) { if !condition { fatalError(message()) } }
}

let tables: [TableCheck] = [
    TableCheck(EventFields.members), TableCheck(Tables.channel), TableCheck(Tables.department), TableCheck(Tables.severity),
    TableCheck(Tables.nature), TableCheck(Tables.contentType), TableCheck(Tables.clock), TableCheck(Tables.role),
    TableCheck(Tables.outcome), TableCheck(Tables.method), TableCheck(Tables.reason), TableCheck(Tables.status),
    TableCheck(Tables.signature),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLogRecords(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = printCountsAtExit
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var reader = DomainEvent.Reader()
    var lean = DomainEvent.Reader(leavingOutTexts: true)
    for line in input.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) {
        let payload = checkLine(line)
        checkEvent(payload ?? line, reader: &reader, lean: &lean)
        for piece in line.split(separator: UInt8(ascii: "\""), omittingEmptySubsequences: false) where piece.count <= 40 {
            let name = Array(piece)
            let key = name.withUnsafeBytes { JSONKey(bytes: $0) }
            for table in tables { table.check(name, key) }
        }
    }
    return 0
}
