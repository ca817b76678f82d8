import Foundation
import Testing

@testable import Notifications

/// The per-endpoint queue as a value: rate window, digest folding, backoff, give-up. No I/O.
struct EndpointQueueTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func notice(_ n: Int) -> QueuedNotification {
        let facts = NotificationFacts(complaintID: "C2611-\(n)", trigger: .escalation, at: start, roles: ["supervisor"])
        return QueuedNotification(id: "ntf-\(n)", endpoint: "wh", queuedAt: start, facts: facts)
    }

    @Test func sendsOneByOneThenFoldsTheRestIntoADigestThenWaitsForTheWindow() {
        var queue = EndpointQueue(perMinute: 20)
        for n in 0..<25 { queue.enqueue(Self.notice(n), nextAttemptAt: Self.start) }
        var messages: [[String]] = []
        while case .send(let ids, _) = queue.next(now: Self.start) {
            messages.append(ids)
            queue.delivered(ids)
        }
        #expect(messages.count == 20)
        #expect(messages.prefix(19).allSatisfy { $0.count == 1 })
        #expect(messages.last?.count == 6, "the 20th message folds the six left")
        #expect(messages.prefix(19).map { $0[0] } == (0..<19).map { "ntf-\($0)" }, "oldest first")

        queue.enqueue(Self.notice(99), nextAttemptAt: Self.start)
        let step1 = queue.next(now: Self.start.addingTimeInterval(30))
        #expect(step1 == .wait(until: Self.start.addingTimeInterval(60)))
        let step2 = queue.next(now: Self.start.addingTimeInterval(60))
        #expect(step2 == .send(["ntf-99"], heldOver: false))
    }

    @Test func backsOffExponentiallyAndGivesUpAfterMaxAttempts() {
        var settings = NotificationSettings()
        settings.maxAttempts = 3
        settings.retryBaseSeconds = 5
        settings.retryMaxSeconds = 8
        #expect([1, 2, 3, 4].map(settings.backoff(afterAttempts:)) == [5, 8, 8, 8])
        var queue = EndpointQueue(perMinute: 1000)
        queue.enqueue(Self.notice(1), nextAttemptAt: Self.start)
        var now = Self.start
        let step3 = queue.next(now: now)
        #expect(step3 == .send(["ntf-1"], heldOver: false))
        let step4 = queue.failed(["ntf-1"], error: "HTTP 500", now: now, settings: settings)
        #expect(step4.isEmpty)
        let step5 = queue.next(now: now)
        #expect(step5 == .wait(until: now.addingTimeInterval(5)))
        now = now.addingTimeInterval(5)
        let step6 = queue.next(now: now)
        #expect(step6 == .send(["ntf-1"], heldOver: false))
        let step7 = queue.failed(["ntf-1"], error: "HTTP 500", now: now, settings: settings)
        #expect(step7.isEmpty)
        #expect(queue.items["ntf-1"]?.nextAttemptAt == now.addingTimeInterval(8))
        now = now.addingTimeInterval(8)
        let step8 = queue.next(now: now)
        #expect(step8 == .send(["ntf-1"], heldOver: false))
        let given = queue.failed(["ntf-1"], error: "timed out", now: now, settings: settings)
        #expect(given.map(\.attempts) == [3])
        #expect(given.first?.lastError == "timed out")
        #expect(queue.items.isEmpty)
    }

    @Test func enqueueingTheSameIDTwiceKeepsOne() {
        var queue = EndpointQueue(perMinute: 20)
        let first = queue.enqueue(Self.notice(1), nextAttemptAt: Self.start)
        let second = queue.enqueue(Self.notice(1), nextAttemptAt: Self.start)
        #expect(first && !second)
        #expect(queue.items.count == 1)
    }
}
