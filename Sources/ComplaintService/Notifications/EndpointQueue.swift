import Foundation

/// A notification waiting for delivery, with its retry state.
struct PendingNotification: Sendable {
    var notification: QueuedNotification
    var attempts = 0
    var lastError: String?
    var nextAttemptAt: Date
    /// Arrival order (ties in `queuedAt` keep it).
    var order: Int
}

/// One endpoint's queue and rate window: a value type that decides, the worker executes.
///
/// Rate rule: at most `perMinute` messages in any 60 s. While the window has room for every due
/// notification they go one by one; when it has room for just one more and more are due, the
/// due ones fold into one digest; when it is full, everything waits for the window to move.
struct EndpointQueue: Sendable {
    /// What the worker should do now.
    enum Decision: Equatable {
        /// Nothing due; look again at `until` (or when woken).
        case wait(until: Date?)
        /// Send these (one: a single message; more: a digest).
        case send([String])
    }

    let perMinute: Int
    private(set) var items: [String: PendingNotification] = [:]
    private(set) var sentAt: [Date] = []
    private var nextOrder = 0

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Adds a notification; false when it is already queued.
    @discardableResult
    mutating func enqueue(_ notification: QueuedNotification, attempts: Int = 0, lastError: String? = nil, nextAttemptAt: Date) -> Bool {
        guard items[notification.id] == nil else { return false }
        items[notification.id] = PendingNotification(notification: notification, attempts: attempts, lastError: lastError,
                                                     nextAttemptAt: nextAttemptAt, order: nextOrder)
        nextOrder += 1
        return true
    }

    /// Decides what to send at `now`, and counts it against the window when it sends.
    mutating func next(now: Date) -> Decision {
        sentAt.removeAll { now.timeIntervalSince($0) >= 60 }
        let due = items.values.filter { $0.nextAttemptAt <= now }.sorted { $0.order < $1.order }
        guard let oldest = due.first else {
            return .wait(until: items.values.map(\.nextAttemptAt).min())
        }
        let room = perMinute - sentAt.count
        guard room > 0 else { return .wait(until: sentAt.first.map { $0.addingTimeInterval(60) }) }
        sentAt.append(now)
        if due.count <= room || room > 1 { return .send([oldest.notification.id]) }
        return .send(due.map(\.notification.id))
    }

    /// Removes delivered notifications.
    mutating func delivered(_ ids: [String]) {
        for id in ids { items[id] = nil }
    }

    /// Records a failed attempt; returns those that reached `maxAttempts` (removed from the queue).
    mutating func failed(_ ids: [String], error: String, now: Date, settings: NotificationSettings) -> [PendingNotification] {
        var given: [PendingNotification] = []
        for id in ids {
            guard var item = items[id] else { continue }
            item.attempts += 1
            item.lastError = error
            if item.attempts >= settings.maxAttempts {
                items[id] = nil
                given.append(item)
            } else {
                item.nextAttemptAt = now.addingTimeInterval(settings.backoff(afterAttempts: item.attempts))
                items[id] = item
            }
        }
        return given
    }
}
