import Foundation
import Synchronization

/// Counts events per key (a user id, a client address) in a sliding window and says when a key
/// has had its allowance: failed sign-ins, public filings. Time comes from the injected clock.
/// Memory is bounded: at most `maxKeys` keys are tracked; beyond that the stalest are forgotten.
final class AttemptLimiter: Sendable {
    private let windowSeconds: Double
    private let maxKeys: Int
    private let clock: any ServiceClock
    private let attempts = Mutex<[String: [Date]]>([:])

    init(windowSeconds: Double, clock: any ServiceClock, maxKeys: Int = 100_000) {
        self.windowSeconds = windowSeconds
        self.clock = clock
        self.maxKeys = maxKeys
    }

    /// Seconds until `key` may try again when it has used `allowance` in the window; nil while it may.
    func retryAfter(_ key: String, allowance: Int) -> Int? {
        let now = clock.now()
        return attempts.withLock { attempts -> Int? in
            let recent = (attempts[key] ?? []).filter { now.timeIntervalSince($0) < windowSeconds }
            attempts[key] = recent.isEmpty ? nil : recent
            guard recent.count >= allowance, let oldest = recent.first else { return nil }
            return max(1, Int((windowSeconds - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    /// Counts one event for `key` now.
    func record(_ key: String) {
        let now = clock.now()
        attempts.withLock { attempts in
            if attempts[key] == nil && attempts.count >= maxKeys {
                attempts = attempts.filter { now.timeIntervalSince($0.value.last ?? .distantPast) < windowSeconds }
                if attempts.count >= maxKeys, let stalest = attempts.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }) {
                    attempts[stalest.key] = nil
                }
            }
            var list = attempts[key] ?? []
            list.append(now)
            if list.count > 1000 { list.removeFirst(list.count - 1000) }
            attempts[key] = list
        }
    }

    /// Forgets `key` (a successful sign-in clears that user's failures).
    func reset(_ key: String) {
        _ = attempts.withLock { $0.removeValue(forKey: key) }
    }
}
