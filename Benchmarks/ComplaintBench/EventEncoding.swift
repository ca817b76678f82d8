import ComplaintDomain
import EventStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Encodes one event exactly as the service stores it: the domain's own writer (`DomainEvent.json()`).
func encode(_ event: DomainEvent) -> [UInt8] {
    event.json()
}

private let complaintIDKey = Array(#""complaintId":""#.utf8)

/// Where the value of the payload's `"complaintId"` member is (it comes second, after "type").
func complaintIDRange(in payload: [UInt8]) -> Range<Int>? {
    let key = complaintIDKey
    let limit = min(payload.count, 160) - key.count
    guard limit > 0 else { return nil }
    for start in 0..<limit where payload[start] == key[0] && payload[start..<start + key.count].elementsEqual(key) {
        let valueStart = start + key.count
        guard let end = payload[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return valueStart..<end
    }
    return nil
}

/// One log line of the store's record format:
/// `{"seq":N,"ts":MS,"type":"T","stream":"ID","crc32c":"xxxxxxxx","data":{…}}\n`, appended to `buffer`.
/// `ts` is the event's own time, as if the service had committed it then; `stream` is the
/// complaint's id as the log has it. Returns the index in
/// `buffer` just after the stream's closing quote, where the writer inserts `,"prev":[s,o,l]`
/// once it knows where the stream's previous record went.
@discardableResult
func appendRecordLine(sequence: UInt64, event: DomainEvent, stream: [UInt8], payload: [UInt8], into buffer: inout [UInt8]) -> Int {
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
    let crc = payload.withUnsafeBytes { CRC32C.checksum($0) }
    for shift in stride(from: 28, through: 0, by: -4) {
        let digit = UInt8((crc >> UInt32(shift)) & 0xF)
        buffer.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
    }
    buffer.append(contentsOf: #"","data":"#.utf8)
    buffer.append(contentsOf: payload)
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
