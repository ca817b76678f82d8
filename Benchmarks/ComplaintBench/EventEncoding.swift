import ComplaintDomain
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Encodes one event exactly as the service stores it: the domain's own writer (`DomainEvent.json()`).
func encode(_ event: DomainEvent) -> [UInt8] {
    event.json()
}

/// CRC-32C (Castagnoli, reflected 0x82F63B78, init and xorout 0xFFFFFFFF), slice-by-8: the
/// checksum of the store's record format (`Sources/EventStore/RecordFormat.swift`).
enum CRC32C {
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[i] = crc
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = table[(k - 1) * 256 + i]
                table[k * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            var crc: UInt32 = 0xFFFF_FFFF
            guard var pointer = bytes.baseAddress else { return 0 }
            var remaining = bytes.count
            let t = table.baseAddress!
            while remaining >= 8 {
                let low = pointer.loadUnaligned(as: UInt32.self).littleEndian ^ crc
                let high = pointer.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
                crc =
                    t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                pointer += 8
                remaining -= 8
            }
            while remaining > 0 {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(pointer.load(as: UInt8.self))) & 0xFF)]
                pointer += 1
                remaining -= 1
            }
            return crc ^ 0xFFFF_FFFF
        }
    }
}

/// One log line of the store's record format:
/// `{"seq":N,"ts":MS,"type":"T","stream":"ID","crc32c":"xxxxxxxx","data":{…}}\n`, appended to `buffer`.
/// `ts` is the event's own time, as if the service had committed it then. Returns the index in
/// `buffer` just after the stream's closing quote, where the writer inserts `,"prev":[s,o,l]`
/// once it knows where the stream's previous record went.
@discardableResult
func appendRecordLine(sequence: UInt64, event: DomainEvent, payload: [UInt8], into buffer: inout [UInt8]) -> Int {
    let millis = Int64((event.at.timeIntervalSince1970 * 1000).rounded())
    buffer.append(contentsOf: #"{"seq":"#.utf8)
    buffer.append(contentsOf: String(sequence).utf8)
    buffer.append(contentsOf: #","ts":"#.utf8)
    buffer.append(contentsOf: String(millis).utf8)
    buffer.append(contentsOf: #","type":""#.utf8)
    buffer.append(contentsOf: event.typeName.utf8)
    buffer.append(contentsOf: #"","stream":""#.utf8)
    buffer.append(contentsOf: event.complaintID.utf8)
    let split = buffer.count + 1
    buffer.append(contentsOf: #"","crc32c":""#.utf8)
    let crc = payload.withUnsafeBytes { CRC32C.checksum($0) }
    let hex = Array("0123456789abcdef".utf8)
    for shift in stride(from: 28, through: 0, by: -4) { buffer.append(hex[Int((crc >> UInt32(shift)) & 0xF)]) }
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
