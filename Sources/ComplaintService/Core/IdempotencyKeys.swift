import Foundation

/// Idempotency-Keys seen in the last 24 hours: a retried registration with the same key and
/// body answers with the complaint the first one made; with another body it is refused.
/// Guarded by the core's lock; the records live in the log beside their registrations.
struct IdempotencyKeys {
    /// How long a key is remembered.
    static let window: Int64 = 24 * 3600 * 1000

    private(set) var records: [String: IdempotencyRecord] = [:]
    private var inFlight: Set<String> = []

    /// What a key means for a new request.
    enum Verdict {
        /// Not seen: go on.
        case fresh
        /// Seen with the same body: answer with this complaint.
        case replay(complaintID: String)
        /// Seen with another body (→ 422).
        case mismatch
        /// A request with it is still waiting for the store (→ 409).
        case inFlight
    }

    func verdict(key: String, hash: UInt64, now: Int64) -> Verdict {
        if let seen = records[key], now - seen.at < Self.window {
            return seen.bodyHash == hash ? .replay(complaintID: seen.complaintID) : .mismatch
        }
        return inFlight.contains(key) ? .inFlight : .fresh
    }

    mutating func begin(_ key: String) { inFlight.insert(key) }

    mutating func end(_ key: String) { inFlight.remove(key) }

    /// Remembers a durable record (live or replayed).
    mutating func remember(_ record: IdempotencyRecord) { records[record.key] = record }

    /// Forgets keys older than the window.
    mutating func prune(now: Int64) { records = records.filter { now - $0.value.at < Self.window } }

    /// Starts from a snapshot's keys.
    mutating func restore(_ saved: [IdempotencyRecord]) {
        records = Dictionary(saved.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }
}
