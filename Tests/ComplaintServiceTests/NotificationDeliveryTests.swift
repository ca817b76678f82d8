import ComplaintService
import Foundation
import TestSupport
import Testing

/// Notifications end to end: the service delivers to an in-test receiver on loopback that
/// checks every platform's signature; retries, give-up, restart and the rate limit.
@Suite(.serialized)
struct NotificationDeliveryTests {
    static let unit = "B-77Q"

    static func configuration(_ dir: TempDir, endpoints: String, maxAttempts: Int = 5, retryBase: Double = 0.1, workflow: String? = nil)
        -> ServiceConfiguration
    {
        var c = testConfiguration(dataDirectory: dir.path, workflow: workflow)
        c.notificationsJSON = Data(
            """
            {"endpoints": \(endpoints), "maxAttempts": \(maxAttempts), "retryBaseSeconds": \(retryBase), "retryMaxSeconds": 1,
             "timeoutSeconds": 2, "pollSeconds": 0.05}
            """.utf8)
        return c
    }

    static func register(_ s: Running, content: String = "The lift in building 3 has been stuck since Monday.") throws -> String {
        let r = try s.post("/v1/complaints", body: registrationBody(content: content, unit: unit))
        guard r.status == 201, let id = r.json?["id"] as? String else { throw TestError("register: \(r.status) \(r.text)") }
        return id
    }

    static func notifications(_ s: Running, _ status: String) throws -> [[String: Any]] {
        let r = try s.get("/v1/notifications?status=\(status)", token: Token.sue)
        guard r.status == 200 else { throw TestError("notifications: \(r.status) \(r.text)") }
        return r.json?["items"] as? [[String: Any]] ?? []
    }

    func expectNoPersonalData(_ received: [NotificationReceiver.Received]) {
        for message in received {
            #expect(
                !message.text.contains("Zhang Wei") && !message.text.contains("13800138000") && !message.text.contains(Self.unit),
                "personal data in \(message.kind) message")
        }
    }

    @Test func majorComplaintReachesEveryPlatformSigned() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-major")
        defer { dir.remove() }
        // A fifth endpoint only for the supervisor: a major notice (department head, leader) skips it.
        let extra = #",{"name":"sup","kind":"webhook","url":"http://127.0.0.1:\#(receiver.port)/hook","roles":["supervisor"]}"#
        let s = try Running(Self.configuration(dir, endpoints: receiver.endpointsJSON(extra: extra)))
        defer { s.stop() }
        let id = try Self.register(s)
        #expect(try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)

        #expect(eventually { Set(receiver.received.filter { $0.text.contains(id) }.map(\.kind)) == ["wecom", "dingtalk", "feishu", "webhook"] })
        usleep(300_000)
        let messages = receiver.received.filter { $0.text.contains(id) }
        #expect(messages.count == 4, "one message per platform; the supervisor-only endpoint is skipped")
        for message in messages {
            #expect(message.verified, "\(message.kind): \(message.problem ?? "")")
            #expect(message.notificationID.hasPrefix("ntf-"))
            #expect(message.text.contains(message.notificationID))
        }
        let webhook = try #require(messages.first { $0.kind == "webhook" }?.json)
        let item = try #require((webhook["notifications"] as? [[String: Any]])?.first)
        #expect(item["trigger"] as? String == "major")
        #expect(item["severity"] as? String == "major")
        #expect(item["estate"] as? String == "Sunny Gardens")
        expectNoPersonalData(messages)
        #expect(try Self.notifications(s, "pending").isEmpty)
        let metrics = try s.get("/metrics", token: nil).text
        #expect(metrics.contains("notifications_pending 0"))
        #expect(metrics.contains(#"notification_deliveries_total{outcome="delivered"} 4"#))
    }

    @Test func escalationIsDeliveredOnTheManualClock() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-escalate")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let s = try Running(Self.configuration(dir, endpoints: receiver.endpointsJSON(), workflow: #"{"dispatchWithin": 600}"#), clock: clock)
        defer { s.stop() }
        let id = try Self.register(s, content: "Nobody picks this up")
        clock.advance(by: 620)
        #expect(eventually { Set(receiver.received.filter { $0.text.contains(id) }.map(\.kind)).count == 4 })
        let messages = receiver.received.filter { $0.text.contains(id) }
        #expect(messages.allSatisfy { $0.verified }, "\(messages.compactMap(\.problem))")
        let webhook = try #require(messages.first { $0.kind == "webhook" }?.json)
        let item = try #require((webhook["notifications"] as? [[String: Any]])?.first)
        #expect(item["trigger"] as? String == "escalation")
        #expect(item["clock"] as? String == "dispatch")
        #expect(item["roles"] as? [String] == ["supervisor"])
        #expect((item["lateBySeconds"] as? Double ?? 0) >= 19)
        #expect(messages.first { $0.kind == "wecom" }?.text.contains("派单时限已过") == true)
        expectNoPersonalData(messages)
    }

    @Test func retriesWithTheSameIDThenGivesUpAndListsTheFailure() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-retry")
        defer { dir.remove() }
        let endpoints =
            #"[{"name":"wh","kind":"webhook","url":"http://127.0.0.1:\#(receiver.port)/hook","secret":"\#(NotificationReceiver.webhookSecret)"}]"#
        let s = try Running(Self.configuration(dir, endpoints: endpoints, maxAttempts: 3, retryBase: 0.2))
        defer { s.stop() }
        let flaky = try Self.register(s, content: "Flaky delivery")
        let doomed = try Self.register(s, content: "Never delivered")
        receiver.fail(flaky, times: 2)
        receiver.fail(doomed, times: 100)
        #expect(try s.post("/v1/complaints/\(flaky)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        #expect(try s.post("/v1/complaints/\(doomed)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)

        // While retrying, the pending list shows the attempts and the last error.
        #expect(
            try eventually {
                try Self.notifications(s, "pending").contains { ($0["attempts"] as? Int ?? 0) >= 1 && $0["lastError"] as? String == "HTTP 500" }
            })

        #expect(eventually { receiver.received.contains { $0.text.contains(flaky) && $0.accepted } })
        let flakyAttempts = receiver.received.filter { $0.text.contains(flaky) }
        #expect(flakyAttempts.count == 3)
        #expect(Set(flakyAttempts.map(\.notificationID)).count == 1, "every attempt carries the same notification id")
        #expect(flakyAttempts.allSatisfy { $0.verified })

        let failed = try #require(
            try {
                var items: [[String: Any]] = []
                _ = try eventually {
                    items = try Self.notifications(s, "failed")
                    return !items.isEmpty
                }
                return items.first
            }())
        #expect(failed["complaintId"] as? String == doomed)
        #expect(failed["attempts"] as? Int == 3)
        #expect(failed["lastError"] as? String == "HTTP 500")
        #expect(failed["endpoint"] as? String == "wh")
        #expect(failed["trigger"] as? String == "major")
        #expect(failed["nextAttemptAt"] is NSNull)
        #expect(receiver.received.filter { $0.text.contains(doomed) }.count == 3)
        #expect(try Self.notifications(s, "pending").isEmpty)
        #expect(try s.get("/v1/notifications?status=failed", token: Token.web).status == 403)
        #expect(try s.get("/v1/notifications?status=bogus", token: Token.sue).status == 400)
        let metrics = try s.get("/metrics", token: nil).text
        #expect(metrics.contains(#"notification_deliveries_total{outcome="delivered"} 1"#))
        #expect(metrics.contains(#"notification_deliveries_total{outcome="retry"} 4"#))
        #expect(metrics.contains(#"notification_deliveries_total{outcome="failed"} 1"#))
    }

    @Test func pendingNotificationSurvivesARestart() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-restart")
        defer { dir.remove() }
        let endpoints =
            #"[{"name":"wh","kind":"webhook","url":"http://127.0.0.1:\#(receiver.port)/hook","secret":"\#(NotificationReceiver.webhookSecret)"}]"#
        let configuration = Self.configuration(dir, endpoints: endpoints, maxAttempts: 50, retryBase: 0.3)
        receiver.failAll(true)
        var first: Running? = try Running(configuration)
        let id = try Self.register(first!)
        #expect(try first!.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        #expect(eventually { !receiver.received.isEmpty })
        let sentID = try #require(receiver.received.first?.notificationID)
        first!.stop()
        first = nil

        receiver.failAll(false)
        let second = try Running(configuration)
        defer { second.stop() }
        #expect(eventually { receiver.received.contains { $0.accepted } })
        let accepted = receiver.received.filter { $0.accepted }
        #expect(accepted.count == 1)
        #expect(accepted.first?.notificationID == sentID, "the same id after the restart")
        #expect(try eventually { try Self.notifications(second, "pending").isEmpty })

        // A third start finds it delivered and sends nothing more.
        second.stop()
        let third = try Running(configuration)
        defer { third.stop() }
        usleep(500_000)
        #expect(receiver.received.filter { $0.accepted }.count == 1)
        #expect(try Self.notifications(third, "pending").isEmpty)
    }

    /// A trigger event durable without its `notification.queued` record (here: notifications were
    /// configured only after it happened) is queued at the next start, once.
    @Test func recentTriggerWithoutOutboxRecordIsQueuedAtStartUp() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-rederive")
        defer { dir.remove() }
        let plain = try Running(testConfiguration(dataDirectory: dir.path))
        let id = try Self.register(plain)
        #expect(try plain.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        plain.stop()

        let endpoints =
            #"[{"name":"wh","kind":"webhook","url":"http://127.0.0.1:\#(receiver.port)/hook","secret":"\#(NotificationReceiver.webhookSecret)"}]"#
        let configuration = Self.configuration(dir, endpoints: endpoints)
        let s = try Running(configuration)
        #expect(eventually { receiver.received.contains { $0.text.contains(id) && $0.accepted } })
        s.stop()
        let again = try Running(configuration)
        defer { again.stop() }
        usleep(400_000)
        #expect(receiver.received.filter { $0.text.contains(id) }.count == 1, "not re-derived once queued")
    }

    @Test func moreThanTwentyInAMinuteFoldIntoADigest() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-rate")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let endpoints =
            #"[{"name":"wh","kind":"webhook","url":"http://127.0.0.1:\#(receiver.port)/hook","secret":"\#(NotificationReceiver.webhookSecret)"}]"#
        let s = try Running(Self.configuration(dir, endpoints: endpoints, workflow: #"{"dispatchWithin": 600}"#), clock: clock)
        defer { s.stop() }
        var ids: [String] = []
        for i in 0..<25 { ids.append(try Self.register(s, content: "Complaint number \(i)")) }
        clock.advance(by: 620)  // 25 dispatch escalations at once

        func coveredIDs() -> Set<String> {
            Set(receiver.received.flatMap { ($0.json["notifications"] as? [[String: Any]] ?? []).compactMap { $0["complaintId"] as? String } })
        }
        _ = eventually { receiver.received.count >= 20 }
        usleep(600_000)
        #expect(receiver.received.count <= 20, "at most 20 messages within the minute")
        clock.advance(by: 61)
        #expect(eventually { coveredIDs() == Set(ids) })
        let messages = receiver.received
        #expect(messages.count <= 21)
        let digests = messages.filter { $0.json["digest"] as? Bool == true }
        #expect(!digests.isEmpty)
        #expect(digests.allSatisfy { $0.notificationID.hasPrefix("dgst-") && $0.verified })
        #expect(messages.allSatisfy { $0.verified })
    }
}
