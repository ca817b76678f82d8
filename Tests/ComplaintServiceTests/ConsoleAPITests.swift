import ComplaintService
import Foundation
import TestSupport
import Testing

/// What the console and the owner's page read beyond the complaint API: the work queue tabs,
/// duplicate hints, public intake, and retrying a failed notification.
@Suite(.serialized)
struct ConsoleAPITests {
    private func tab(_ running: Running, _ tab: String, token: String) throws -> (counts: [String: Int], ids: [String]) {
        let r = try running.get("/v1/queue?tab=\(tab)", token: token)
        guard r.status == 200, let counts = r.json?["counts"] as? [String: Int], let items = r.json?["items"] as? [[String: Any]] else {
            throw TestError("queue \(tab): \(r.status) \(r.text)")
        }
        return (counts, items.compactMap { $0["id"] as? String })
    }

    @Test func theQueueCountsEachTabAndPutsTheMostUrgentFirstWithinTheCallersScope() throws {
        let dir = try TempDir("queue")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        let running = try Running(webConfiguration(dataDirectory: dir.path), clock: clock)
        let minor = try #require(running.register(unit: "101").json?["id"] as? String)
        let major = try #require(running.register(unit: "102").json?["id"] as? String)
        #expect(
            try running.post(
                "/v1/complaints/\(minor)/assess", token: Token.mona,
                body: #"{"valid":true,"inScope":true,"severity":"minor","category":"engineering"}"#
            ).status == 200)
        #expect(
            try running.post(
                "/v1/complaints/\(major)/assess", token: Token.mona,
                body: #"{"valid":true,"inScope":true,"severity":"major","category":"engineering"}"#
            ).status == 200)
        #expect(
            try running.post("/v1/complaints/\(minor)/dispatch", token: Token.rita, body: #"{"department":"engineering","handler":"hank"}"#).status
                == 200)
        // The handler sees only what was dispatched to engineering; the receptionist sees both.
        let hank = try tab(running, "department", token: Token.hank)
        #expect(hank.ids == [minor] && hank.counts["department"] == 1)
        #expect(try tab(running, "mine", token: Token.hank).ids == [minor])
        let rita = try tab(running, "department", token: Token.rita)
        #expect(Set(rita.ids) == [minor, major])
        #expect(try tab(running, "mine", token: Token.rita).ids == [major], "dispatching the major one is the receptionist's step")
        #expect(rita.counts["overdue"] == 0)
        // Ten minutes on, the major complaint has missed its dispatch clock.
        clock.advance(by: 11 * 60)
        let overdue = try tab(running, "overdue", token: Token.rita)
        #expect(overdue.ids == [major] && overdue.counts["overdue"] == 1)
        let soon = try tab(running, "due_soon", token: Token.admin)
        #expect(soon.counts["due_soon"] == 0 || !soon.ids.contains(major))
        #expect(try running.get("/v1/queue?tab=everything", token: Token.rita).status == 400)
        #expect(try running.get("/v1/queue", token: Token.web).status == 403)
    }

    @Test func complaintsEquallyUrgentKeepTheirNumbersOrderFromReadToRead() throws {
        let dir = try TempDir("queue-ties")
        defer { dir.remove() }
        // Received in the same instant: the same clocks, severity and time of receipt.
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        let running = try Running(webConfiguration(dataDirectory: dir.path), clock: clock)
        var ids: [String] = []
        for unit in 301...308 { ids.append(try #require(running.register(unit: String(unit)).json?["id"] as? String)) }
        for _ in 0..<3 { #expect(try tab(running, "department", token: Token.rita).ids == ids, "the lower number first") }
    }

    @Test func duplicateHintsListOpenComplaintsAtTheUnitForStaffOnly() throws {
        let dir = try TempDir("hints")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let first = try #require(running.register(unit: "1202").json?["id"] as? String)
        _ = try running.register(unit: "1203")
        let query = "/v1/duplicates?estate=Sunny%20Gardens&building=3&unit=1202"
        let hints = try running.get(query, token: Token.rita)
        #expect(hints.status == 200)
        #expect(((hints.json?["items"] as? [[String: Any]]) ?? []).map { $0["id"] as? String } == [first])
        #expect(try running.get(query, token: Token.web).status == 403)
        #expect(try running.get("/v1/duplicates?estate=Sunny%20Gardens&building=3", token: Token.rita).status == 400)
        // Not dispatched to engineering: outside the handler's scope.
        #expect((try running.get(query, token: Token.hank).json?["items"] as? [Any])?.isEmpty == true)
    }

    @Test func theSettingsOfferTheOwnerOnlyWhatTheServiceTakes() throws {
        let dir = try TempDir("settings")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let settings = try #require(running.get("/v1/public/settings", token: nil).json)
        #expect(Set(settings["reportPeriods"] as? [String] ?? []).isSuperset(of: ["daily", "weekly"]))
        let registered = try running.post("/v1/complaints", token: Token.rita, body: registrationBody(content: "楼道灯不亮"))
        let code = try #require(registered.json?["trackingCode"] as? String)
        let id = try #require(registered.json?["id"] as? String)
        // The pages show the confirmation and photo forms exactly when their endpoints exist.
        for (flag, path, token) in [
            ("ownerConfirm", "/v1/track/\(code)/confirm", nil), ("ownerPhotos", "/v1/track/\(code)/attachments", nil),
            ("staffFiles", "/v1/complaints/\(id)/attachments", Token.rita),
        ] {
            let offered = try #require(settings[flag] as? Bool)
            let status = try running.post(path, token: token, body: "{}").status
            #expect(offered == ![404, 405].contains(status), "\(flag) is \(offered) but POST \(path) answers \(status)")
        }
    }

    @Test func publicFilingIsOffByDefaultAndLimitedPerAddressWhenOn() throws {
        let dir = try TempDir("public")
        defer { dir.remove() }
        let off = try Running(webConfiguration(dataDirectory: dir.path))
        #expect(try off.get("/v1/public/settings", token: nil).json?["publicIntake"] as? Bool == false)
        #expect(try off.post("/v1/public/complaints", token: nil, body: registrationBody(content: "噪音")).status == 404)
        off.stop()
        var c = webConfiguration(dataDirectory: dir.path)
        c.web.publicIntake = true
        c.web.publicIntakePerHour = 2
        let on = try Running(c)
        #expect(try on.get("/v1/public/settings", token: nil).json?["publicIntake"] as? Bool == true)
        let filed = try on.post("/v1/public/complaints", token: nil, body: registrationBody(content: "楼下夜间施工噪音", unit: "301"))
        #expect(filed.status == 201)
        #expect((filed.json?["trackingCode"] as? String)?.count == 32)
        #expect(filed.json?["complainant"] == nil && filed.json?["possibleDuplicates"] == nil)
        let id = try #require(filed.json?["id"] as? String)
        let staffView = try on.get("/v1/complaints/\(id)", token: Token.rita)
        #expect(staffView.json?["channel"] as? String == "online" && staffView.json?["receivedBy"] as? String == "public-web")
        #expect(try on.post("/v1/public/complaints", token: nil, body: registrationBody(content: "x", unit: "301")).status == 201)
        let limited = try on.post("/v1/public/complaints", token: nil, body: registrationBody(content: "y", unit: "301"))
        #expect(limited.status == 429 && limited.header("Retry-After") != nil)
    }

    @Test func aFailedNotificationCanBeSentAgain() throws {
        let dir = try TempDir("retry")
        defer { dir.remove() }
        let endpoints = #"[{"name":"dead","kind":"webhook","url":"http://127.0.0.1:9/none"}]"#
        var c = NotificationDeliveryTests.configuration(dir, endpoints: endpoints, maxAttempts: 1)
        c.usersJSON = Data(webUsersJSON.utf8)
        let running = try Running(c)
        let id = try #require(running.register().json?["id"] as? String)
        #expect(try running.post("/v1/complaints/\(id)/assess", token: Token.mona, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        var failed: [[String: Any]] = []
        #expect(
            eventually {
                failed = (try? running.get("/v1/notifications?status=failed", token: Token.mona).json?["items"] as? [[String: Any]]) ?? []
                return !failed.isEmpty
            })
        let notification = try #require(failed.first?["id"] as? String)
        #expect(try running.post("/v1/notifications/\(notification)/retry", token: Token.rita).status == 403)
        #expect(try running.post("/v1/notifications/ntf-000/retry", token: Token.mona).status == 404)
        #expect(try running.post("/v1/notifications/\(notification)/retry", token: Token.mona).status == 202)
        // It fails again (the endpoint is still down) and is back in the failed list, one attempt later.
        #expect(
            eventually {
                let items = (try? running.get("/v1/notifications?status=failed", token: Token.mona).json?["items"] as? [[String: Any]]) ?? []
                return items.contains { $0["id"] as? String == notification }
            })
        running.stop()
        // The decision is in the log: a restart replays it.
        let again = try Running(c)
        #expect(eventually { ((try? again.get("/v1/notifications?status=failed", token: Token.mona).json?["items"] as? [Any]) ?? []).count == 1 })
    }
}
