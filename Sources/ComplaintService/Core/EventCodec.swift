import ComplaintDomain
import EventStore
import Foundation

/// Turns domain events into log records and back. Dates are whole milliseconds since the epoch,
/// so a replayed state equals the live one exactly.
enum EventCodec {
    static let idempotencyType = "idempotency.key"

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    static func record(for event: DomainEvent, encoder: JSONEncoder) throws -> NewRecord {
        NewRecord(type: event.typeName, stream: event.complaintID, payload: Array(try encoder.encode(event)))
    }

    /// A remembered Idempotency-Key, stored beside the registration it produced.
    struct IdempotencyRecord: Codable {
        var key: String
        var bodyHash: UInt64
        var complaintID: String
        var at: Date
    }
}

/// FNV-1a over a request body: tells "same body" from "different body" for Idempotency-Key.
func fingerprint(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash ^ UInt64(bytes.count)
}
