import Foundation

/// A notification waiting for delivery, with its retry state.
public struct PendingNotification: Sendable {
    /// The notification.
    public var notification: QueuedNotification
    /// Attempts made so far.
    public var attempts = 0
    /// Why the last attempt failed.
    public var lastError: String?
    /// When it may be tried (again).
    public var nextAttemptAt: Date
    /// Arrival order (ties in `queuedAt` keep it).
    var order: Int
    /// Held during quiet hours: it goes in the digest sent when they end.
    var held = false
}

/// One endpoint's queue and rate window: a value type that decides, the worker executes.
///
/// Rate rule: at most `perMinute` messages in any 60 s. While the window has room for every due
/// notification they go one by one; when it has room for just one more and more are due, the
/// due ones fold into one digest; when it is full, everything waits for the window to move.
///
/// Quiet hours: while they last only major notices go; the others are held, and when the span
/// ends everything held goes out as one digest (then the usual rule again).
struct EndpointQueue: Sendable {
    /// What the worker should do now.
    enum Decision: Equatable {
        /// Nothing due; look again at `until` (or when woken).
        case wait(until: Date?)
        /// Send these (one: a single message; more: a digest); `heldOver` when they are what
        /// quiet hours held back.
        case send([String], heldOver: Bool)
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
        items[notification.id] = PendingNotification(
            notification: notification, attempts: attempts, lastError: lastError,
            nextAttemptAt: nextAttemptAt, order: nextOrder)
        nextOrder += 1
        return true
    }

    /// Decides what to send at `now`, and counts it against the window when it sends.
    mutating func next(now: Date, quietHours: QuietHours? = nil) -> Decision {
        sentAt.removeAll { now.timeIntervalSince($0) >= 60 }
        var due = items.values.filter { $0.nextAttemptAt <= now }.sorted { $0.order < $1.order }
        let quietEnd = quietHours?.end(around: now)
        if let quietEnd {
            for item in due where !item.notification.facts.isMajor { items[item.notification.id]?.held = true }
            due.removeAll { !$0.notification.facts.isMajor }
            guard !due.isEmpty else {
                let nextMajor = items.values.filter { $0.notification.facts.isMajor }.map(\.nextAttemptAt).min()
                return .wait(until: nextMajor.map { min($0, quietEnd) } ?? quietEnd)
            }
        }
        guard let oldest = due.first else {
            return .wait(until: items.values.map(\.nextAttemptAt).min())
        }
        let room = perMinute - sentAt.count
        guard room > 0 else { return .wait(until: sentAt.first.map { $0.addingTimeInterval(60) }) }
        sentAt.append(now)
        let held = due.filter(\.held)
        if quietEnd == nil, !held.isEmpty { return .send(held.map(\.notification.id), heldOver: true) }
        if due.count <= room || room > 1 { return .send([oldest.notification.id], heldOver: false) }
        return .send(due.map(\.notification.id), heldOver: false)
    }

    /// Counts one more request against the window (a message sent as two requests).
    mutating func countExtraRequest(at now: Date) { sentAt.append(now) }

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
