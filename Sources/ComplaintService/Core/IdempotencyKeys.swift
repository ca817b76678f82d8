import Foundation

/// Idempotency-Keys seen in the last 24 hours: a retried registration with the same key and
/// body answers with the complaint the first one made; with another body it is refused.
/// Guarded by the core's lock; the records live in the log beside their registrations.
struct IdempotencyKeys {
    /// How long a key is remembered.
    static let window: Int64 = 24 * 3600 * 1000

    /// The keys as of the last snapshot. A snapshot shares this storage while it lists it
    /// outside the lock, so new keys go to `recent` and never make a write copy it.
    private var settled: [String: IdempotencyRecord] = [:]
    /// Keys remembered since the last snapshot; they win over `settled`.
    private var recent: [String: IdempotencyRecord] = [:]
    private var inFlight: Set<String> = []

    /// Every key remembered (a merged copy, not for hot paths).
    var records: [String: IdempotencyRecord] { settled.merging(recent) { $1 } }

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
        if let seen = recent[key] ?? settled[key], now - seen.at < Self.window {
            return seen.bodyHash == hash ? .replay(complaintID: seen.complaintID) : .mismatch
        }
        return inFlight.contains(key) ? .inFlight : .fresh
    }

    mutating func begin(_ key: String) { inFlight.insert(key) }

    mutating func end(_ key: String) { inFlight.remove(key) }

    /// Remembers a durable record (live or replayed).
    mutating func remember(_ record: IdempotencyRecord) { recent[record.key] = record }

    /// Forgets keys older than the window.
    mutating func prune(now: Int64) {
        settled = settled.filter { now - $0.value.at < Self.window }
        recent = recent.filter { now - $0.value.at < Self.window }
    }

    /// Starts from a snapshot's keys.
    mutating func restore(_ saved: [IdempotencyRecord]) {
        settled = Dictionary(saved.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        recent = [:]
    }

    /// Every key, for a snapshot, under the lock: folds the keys remembered since the last
    /// snapshot into the settled ones (costing those keys, not the day's) and returns the settled
    /// dictionary shared, not copied. The caller lists it outside the lock and then lets it go.
    mutating func settle() -> [String: IdempotencyRecord] {
        if !recent.isEmpty {
            settled.merge(recent) { $1 }
            recent = [:]
        }
        return settled
    }
}
