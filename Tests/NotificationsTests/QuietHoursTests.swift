import Foundation
import Testing

@testable import Notifications

/// Quiet hours as values on an injected clock: which moments are quiet, when they end, and what
/// the queue holds, sends at once and folds when they end.
struct QuietHoursTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-22 00:00 in Shanghai.
    static let midnight = Date(timeIntervalSince1970: 1_795_276_800)

    static func local(_ hours: Double) -> Date { midnight.addingTimeInterval(hours * 3600) }

    @Test func aSpanAcrossMidnightEndsTheNextMorning() throws {
        let quiet = try #require(QuietHours(startMinute: 22 * 60, endMinute: 7 * 60 + 30, timeZone: Self.shanghai))
        #expect(quiet.end(around: Self.local(21.99)) == nil)
        #expect(quiet.end(around: Self.local(22)) == Self.local(31.5), "22:00 today ends 07:30 tomorrow")
        #expect(quiet.end(around: Self.local(3)) == Self.local(7.5), "03:00 ends 07:30 today")
        #expect(quiet.end(around: Self.local(7.5)) == nil, "the end is not quiet")
        let day = try #require(QuietHours(startMinute: 12 * 60, endMinute: 13 * 60, timeZone: Self.shanghai))
        #expect(day.end(around: Self.local(12.5)) == Self.local(13) && day.end(around: Self.local(23)) == nil)
        #expect(QuietHours(startMinute: 60, endMinute: 60, timeZone: Self.shanghai) == nil)
        #expect(QuietHours.minutes("07:30") == 450 && QuietHours.minutes("24:00") == nil && QuietHours.minutes("7:30") == nil)
    }

    static func notice(_ n: Int, major: Bool = false) -> QueuedNotification {
        let facts = NotificationFacts(complaintID: "C2611-\(n)", trigger: major ? .major : .escalation, at: local(23), roles: [])
        return QueuedNotification(id: "ntf-\(n)", endpoint: "wh", queuedAt: local(23), facts: facts)
    }

    @Test func theQueueHoldsOrdinaryNoticesSendsMajorOnesAndFoldsTheHeldAtTheEnd() throws {
        let quiet = try #require(QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: Self.shanghai))
        var queue = EndpointQueue(perMinute: 20)
        for n in 1...3 { queue.enqueue(Self.notice(n), nextAttemptAt: Self.local(23)) }
        queue.enqueue(Self.notice(9, major: true), nextAttemptAt: Self.local(23))
        let first = queue.next(now: Self.local(23), quietHours: quiet)
        #expect(first == .send(["ntf-9"], heldOver: false), "major at once")
        queue.delivered(["ntf-9"])
        let night = queue.next(now: Self.local(23.1), quietHours: quiet)
        #expect(night == .wait(until: Self.local(31)), "the rest wait for 07:00")
        let morning = queue.next(now: Self.local(31), quietHours: quiet)
        #expect(morning == .send(["ntf-1", "ntf-2", "ntf-3"], heldOver: true), "one digest, oldest first")
        // Without quiet hours the same three go one by one.
        var plain = EndpointQueue(perMinute: 20)
        for n in 1...3 { plain.enqueue(Self.notice(n), nextAttemptAt: Self.local(23)) }
        #expect(plain.next(now: Self.local(23)) == .send(["ntf-1"], heldOver: false))
    }
}
