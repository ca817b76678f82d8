import ComplaintDomain
import EventStore
import Foundation
import JSONCodec

#if canImport(Glibc)
    import Glibc
#endif

/// Encodes events exactly as the service stores them — the domain's own writer
/// (`DomainEvent.write(to:)`) — into one writer reused for every event of a thread, so an event
/// costs no allocation and no copy of its bytes.
struct PayloadEncoder {
    private var writer = JSONWriter(capacity: 4_096)

    /// Calls `body` with the event's JSON (valid only inside `body`).
    mutating func encode<Result>(_ event: DomainEvent, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        writer.removeAll()
        event.write(to: &writer)
        return writer.withUnsafeBytes(body)
    }
}

/// Where the value of the payload's `"complaintId"` member is (it comes second, after "type").
func complaintIDRange(in payload: UnsafeRawBufferPointer) -> Range<Int>? {
    let key = #""complaintId":""#
    return key.utf8.withContiguousStorageIfAvailable { key -> Range<Int>? in
        let limit = min(payload.count, 160) - key.count
        guard limit > 0 else { return nil }
        for start in 0..<limit where payload[start] == key[0] && payload[start..<start + key.count].elementsEqual(key) {
            let valueStart = start + key.count
            guard let end = payload[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return valueStart..<end
        }
        return nil
    } ?? nil
}

/// One log line of the store's record format:
/// `{"seq":N,"ts":MS,"type":"T","stream":"ID","crc32c":"xxxxxxxx","data":{…}}\n`, appended to `buffer`.
/// `ts` is the event's own time, as if the service had committed it then; `stream` is the
/// complaint's id as the log has it, and the payload's `"complaintId"` (at `idRange`) is written
/// as `stream` when given (the merge renumbered the complaint). Returns the index in `buffer`
/// just after the stream's closing quote, where the writer inserts `,"prev":[s,o,l]` once it
/// knows where the stream's previous record went.
@discardableResult
func appendRecordLine(
    sequence: UInt64, event: DomainEvent, stream: [UInt8], payload: UnsafeRawBufferPointer, replacingIDAt idRange: Range<Int>? = nil,
    into buffer: inout [UInt8]
) -> Int {
    let millis = Int64((event.at.timeIntervalSince1970 * 1000).rounded())
    buffer.append(contentsOf: #"{"seq":"#.utf8)
    appendDecimal(sequence, to: &buffer)
    buffer.append(contentsOf: #","ts":"#.utf8)
    appendDecimal(UInt64(max(0, millis)), to: &buffer)
    buffer.append(contentsOf: #","type":""#.utf8)
    buffer.append(contentsOf: event.typeName.utf8)
    buffer.append(contentsOf: #"","stream":""#.utf8)
    buffer.append(contentsOf: stream)
    let split = buffer.count + 1
    buffer.append(contentsOf: #"","crc32c":""#.utf8)
    // The checksum of the payload as written, in pieces when the id is replaced (no spliced copy).
    let crc: UInt32
    if let idRange {
        let head = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: payload[..<idRange.lowerBound]))
        let id = stream.withUnsafeBytes { CRC32C.checksum($0, continuing: head) }
        crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: payload[idRange.upperBound...]), continuing: id)
    } else {
        crc = CRC32C.checksum(payload)
    }
    for shift in stride(from: 28, through: 0, by: -4) {
        let digit = UInt8((crc >> UInt32(shift)) & 0xF)
        buffer.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
    }
    buffer.append(contentsOf: #"","data":"#.utf8)
    if let idRange {
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[..<idRange.lowerBound]))
        buffer.append(contentsOf: stream)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[idRange.upperBound...]))
    } else {
        buffer.append(contentsOf: payload)
    }
    buffer.append(UInt8(ascii: "}"))
    buffer.append(0x0A)
    return split
}

/// The number a complaint id ends with (`C2611-000042` → 42): ids are numbered across the whole
/// log, so it indexes the writer's table of each stream's last record.
func streamNumber(_ id: String) -> Int {
    let digits = id.utf8.reversed().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.reversed()
    return digits.reduce(0) { $0 &* 10 &+ Int($1 - UInt8(ascii: "0")) }
}

/// Appends `value` in decimal without building a `String` (two per record line otherwise).
@inline(__always)
func appendDecimal(_ value: UInt64, to buffer: inout [UInt8]) {
    var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes: room for 20 digits
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { scratch in
        repeat {
            scratch[31 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            count += 1
        } while rest > 0
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(32 - count)...]))
    }
}
