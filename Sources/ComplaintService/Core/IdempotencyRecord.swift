import Foundation
import JSONCodec

/// A remembered Idempotency-Key, stored in the log beside the registration it produced, so a
/// retried registration after a crash answers with the same complaint.
struct IdempotencyRecord: Sendable, Hashable {
    /// The record type in the log.
    static let type = "idempotency.key"

    /// The caller's id and key.
    var key: String
    /// A hash of the request body (same key, other body → 422).
    var bodyHash: UInt64
    /// The complaint the first request registered.
    var complaintID: String
    /// When, in milliseconds since the epoch.
    var at: Int64

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.member("key", key)
        w.member("bodyHash", bodyHash)
        w.member("complaintId", complaintID)
        w.member("at", at)
        w.endObject()
    }

    var json: [UInt8] {
        var w = JSONWriter(capacity: 128)
        write(to: &w)
        return w.bytes
    }

    /// Reads one record; earlier versions wrote `complaintID` and fractional milliseconds.
    init(from r: inout JSONReader) throws {
        var key: String?
        var hash: UInt64?
        var id: String?
        var at: Double?
        let start = r.offset
        try r.readObject { name, r in
            switch name {
            case "key": key = try r.readString()
            case "bodyHash": hash = try r.readUInt64()
            case "complaintId", "complaintID": id = try r.readString()
            case "at": at = try r.readDouble()
            default: try r.skipValue()
            }
        }
        guard let key, let hash, let id, let at, at.isFinite, abs(at) < 9e18 else {
            throw JSONError(.missingMember, at: start, detail: "an idempotency record needs key, bodyHash, complaintId and at")
        }
        self.init(key: key, bodyHash: hash, complaintID: id, at: Int64(at.rounded()))
    }

    init(key: String, bodyHash: UInt64, complaintID: String, at: Int64) {
        self.key = key
        self.bodyHash = bodyHash
        self.complaintID = complaintID
        self.at = at
    }

    static func read(_ bytes: [UInt8]) throws -> IdempotencyRecord {
        try JSONReader.withReader(bytes) { try IdempotencyRecord(from: &$0) }
    }
}
