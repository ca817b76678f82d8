import ComplaintService
import Foundation
import TestSupport
import Testing

/// Scopes over real sockets: staff limited to estates, handlers and department heads to their
/// department (and their own past work); out of scope answers exactly like "does not exist".
@Suite(.serialized)
struct ScopeTests {
    static let assessMinor = #"{"valid":true,"severity":"minor","category":"engineering"}"#

    @Test func estateScopedStaffSeeAndActOnlyInTheirEstates() throws {
        let dir = try TempDir("scope-estate")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let here = try s.registered(estate: Estate.cuiyuan, unit: "101")
        let there = try s.registered(estate: Estate.jinse, unit: "202", content: "金色家园的水管漏水")
        #expect(Set(try s.listedIDs(Token.rita)) == [here, there])
        #expect(try s.listedIDs(ScopedToken.cui) == [here])
        #expect(try s.listedIDs(ScopedToken.jin) == [there])
        #expect(try s.listedIDs(ScopedToken.cui, query: "estate=" + queryValue(Estate.jinse)).isEmpty)
        #expect(try s.listedIDs(ScopedToken.cui, query: "q=" + queryValue("水管")).isEmpty)

        // Out of scope reads exactly like a complaint that does not exist: same status, same problem type.
        let missing = try s.get("/v1/complaints/C0000-999999", token: ScopedToken.cui)
        #expect(missing.status == 404)
        for path in ["/v1/complaints/\(there)", "/v1/complaints/\(there)?reveal=contact", "/v1/complaints/\(there)/events"] {
            let r = try s.get(path, token: ScopedToken.cui)
            #expect(r.status == 404, "\(path): \(r.status) \(r.text)")
            #expect(r.json?["type"] as? String == missing.json?["type"] as? String)
            #expect(!r.text.contains("水管") && !r.text.contains("138"), "\(path) leaks: \(r.text)")
        }
        // Actions too, with or without If-Match (a 412 would give the version away).
        let link = #"{"incidentID":"INC-1"}"#
        #expect(try s.post("/v1/complaints/\(there)/link", token: ScopedToken.cui, body: link).status == 404)
        for match in ["\"1\"", "garbage"] {
            let conditional = try s.post("/v1/complaints/\(there)/link", token: ScopedToken.cui, body: link, headers: [("If-Match", match)])
            #expect(conditional.status == 404 && conditional.header("ETag") == nil, "\(conditional.status) \(conditional.text)")
        }
        #expect(try s.get("/v1/complaints/\(there)").json?["version"] as? Int == 1, "the refused actions changed nothing")
        #expect(try s.events(there).count == 1, "and recorded nothing, not even a contact view")

        // Within scope: read, reveal (audited) and act.
        #expect(try s.get("/v1/complaints/\(here)", token: ScopedToken.cui).status == 200)
        let revealed = try s.get("/v1/complaints/\(here)?reveal=contact", token: ScopedToken.cui)
        #expect(revealed.status == 200 && revealed.text.contains("13800138000"))
        #expect(try s.post("/v1/complaints/\(here)/link", token: ScopedToken.cui, body: link).status == 200)

        // Registering outside one's estates is refused naming the field; inside is fine.
        let outside = try s.post("/v1/complaints", token: ScopedToken.cui, body: complaintBody(estate: Estate.jinse, unit: "303"))
        #expect(outside.status == 422, "\(outside.text)")
        #expect((outside.json?["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["complainant.estate"])
        _ = try s.registered(estate: Estate.cuiyuan, unit: "304", token: ScopedToken.cui)
        #expect(try s.listedIDs(ScopedToken.cui).count == 2)
    }

    @Test func handlersSeeTheirDepartmentAndTheirOwnPastWork() throws {
        let dir = try TempDir("scope-department")
        defer { dir.remove() }
        var s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let lift = try s.registered(estate: Estate.cuiyuan, unit: "101")
        let litter = try s.registered(estate: Estate.cuiyuan, unit: "102", content: "垃圾未清运")
        let waiting = try s.registered(estate: Estate.jinse, unit: "103")
        try s.act(lift, "assess", Token.dora, Self.assessMinor)
        try s.act(litter, "assess", Token.dora, #"{"valid":true,"severity":"minor","category":"cleaning_greening"}"#)
        try s.act(lift, "dispatch", Token.rita, #"{"department":"engineering","handler":"hank"}"#)
        try s.act(litter, "dispatch", Token.rita, #"{"department":"cleaning_greening","handler":"cleo"}"#)

        #expect(try s.listedIDs(Token.hank) == [lift])
        #expect(try s.listedIDs(Token.dean) == [lift])
        #expect(try s.listedIDs(ScopedToken.cleo) == [litter])
        #expect(try s.listedIDs(Token.hank, query: "status=dispatched") == [lift])
        #expect(try s.listedIDs(Token.hank, query: "department=cleaning_greening").isEmpty)
        for id in [litter, waiting] {
            #expect(try s.get("/v1/complaints/\(id)", token: Token.hank).status == 404)
            #expect(try s.get("/v1/complaints/\(id)/events", token: Token.dean).status == 404)
        }
        #expect(try s.post("/v1/complaints/\(litter)/acknowledge", token: Token.hank).status == 404)
        // kim is an engineering handler serving 金色家园 only: the 翠苑 lift is out of scope.
        #expect(try s.listedIDs(ScopedToken.kim).isEmpty)
        #expect(try s.get("/v1/complaints/\(lift)", token: ScopedToken.kim).status == 404)
        try s.act(lift, "acknowledge", Token.hank)
        try s.act(lift, "progress", Token.hank, #"{"text":"已联系维保"}"#)
        // A complaint a handler takes himself is his (the first responsible person) until dispatched.
        let taken = try s.post("/v1/complaints", token: Token.hank, body: complaintBody(estate: Estate.jinse, unit: "105"))
        #expect(taken.status == 201 && taken.json?["trackingCode"] is String, "\(taken.text)")
        let own = try #require(taken.json?["id"] as? String)
        #expect(try s.listedIDs(Token.hank) == [own, lift])
        #expect(try s.get("/v1/complaints/\(own)", token: ScopedToken.cleo).status == 404)

        // hank moves to another department: what he worked on stays in his view, nothing else
        // of engineering does (checked after a restart, so from the snapshot and the log).
        s.stop()
        s = try Running(scopedConfiguration(dir, hankDepartment: "order_security"))
        let moved = try s.registered(estate: Estate.cuiyuan, unit: "104")
        try s.act(moved, "assess", Token.dora, Self.assessMinor)
        try s.act(moved, "dispatch", Token.rita, #"{"department":"engineering","handler":"dean"}"#)
        #expect(try s.listedIDs(Token.hank) == [own, lift])
        #expect(try s.get("/v1/complaints/\(lift)", token: Token.hank).status == 200)
        #expect(try s.get("/v1/complaints/\(moved)", token: Token.hank).status == 404)
        #expect(Set(try s.listedIDs(Token.dean)) == [lift, moved])
    }

    @Test func queuesAndNotificationsFollowTheScope() throws {
        let dir = try TempDir("scope-queues")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        var configuration = scopedConfiguration(dir)
        // An endpoint nobody answers: every notice stays pending.
        configuration.notificationsJSON = Data(
            """
            {"endpoints": [{"name":"dead","kind":"webhook","url":"http://127.0.0.1:\(try CrashTests.freePort())/hook"}],
             "maxAttempts": 8, "retryBaseSeconds": 600, "retryMaxSeconds": 600, "timeoutSeconds": 1}
            """.utf8)
        let s = try Running(configuration, clock: clock)
        defer { s.stop() }
        let here = try s.registered(estate: Estate.cuiyuan, unit: "101")
        let there = try s.registered(estate: Estate.jinse, unit: "202")
        clock.advance(by: 601)  // both dispatch clocks are missed and escalated
        func queue(_ path: String, _ token: String) throws -> Set<String> {
            let r = try s.get(path, token: token)
            guard r.status == 200 else { throw TestError("\(path): \(r.status) \(r.text)") }
            return Set((r.json?["items"] as? [[String: Any]] ?? []).compactMap { $0["complaintId"] as? String })
        }
        #expect(eventually { (try? queue("/v1/notifications?status=pending", Token.rita)) == [here, there] })
        #expect(try queue("/v1/escalations", Token.rita) == [here, there])
        #expect(try queue("/v1/escalations", ScopedToken.cui) == [here])
        #expect(try queue("/v1/escalations", ScopedToken.jin) == [there])
        #expect(try queue("/v1/escalations", Token.hank).isEmpty)
        #expect(try queue("/v1/notifications?status=pending", ScopedToken.cui) == [here])
        #expect(try queue("/v1/notifications?status=pending", ScopedToken.jin) == [there])
        #expect(try queue("/v1/notifications?status=pending", Token.hank).isEmpty)

        for id in [here, there] {
            try s.act(id, "assess", Token.dora, Self.assessMinor)
            try s.act(id, "dispatch", Token.rita, #"{"department":"engineering","handler":"hank"}"#)
            try s.act(id, "acknowledge", Token.hank)
            try s.act(id, "resolve", Token.hank, #"{"measures":"更换控制板","result":"恢复运行"}"#)
            try s.act(id, "reply", Token.rita, #"{"content":"已修复"}"#)
        }
        #expect(try queue("/v1/visits", Token.rita) == [here, there])
        #expect(try queue("/v1/visits", ScopedToken.cui) == [here])
        #expect(try queue("/v1/visits", ScopedToken.jin) == [there])
        #expect(try queue("/v1/visits", ScopedToken.cleo).isEmpty)
    }

    @Test func reportsCountOnlyTheReadersEstates() throws {
        let dir = try TempDir("scope-reports")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir), clock: ManualClock(start: ReportEndpointTests.monday))
        defer { s.stop() }
        for (estate, unit) in [(Estate.cuiyuan, "101"), (Estate.cuiyuan, "102"), (Estate.jinse, "201")] {
            _ = try s.registered(estate: estate, unit: unit)
        }
        func received(_ token: String, _ query: String = "") throws -> (Int?, [String]?) {
            let r = try s.get("/v1/reports/daily?date=2026-11-02" + query, token: token)
            guard r.status == 200 else { throw TestError("report: \(r.status) \(r.text)") }
            return (r.json?["received"] as? Int, r.json?["estates"] as? [String])
        }
        #expect(try received(Token.rita) == (3, nil))
        #expect(try received(ScopedToken.cui) == (2, [Estate.cuiyuan]))
        #expect(try received(ScopedToken.jin) == (1, [Estate.jinse]))
        // Another estate reads like an unknown one.
        #expect(try received(ScopedToken.cui, "&estate=" + queryValue(Estate.jinse)).0 == 0)
        #expect(try received(ScopedToken.cui, "&estate=" + queryValue(Estate.cuiyuan)).0 == 2)
        let weekly = try s.get("/v1/reports/weekly?week=2026-W45", token: ScopedToken.jin, headers: [("Accept", "text/csv")])
        #expect(weekly.status == 200 && weekly.text.contains("\r\n受理投诉,1,"), "\(weekly.text)")
        // Department roles: no per-department figures exist, so no report rather than a wrong one.
        for token in [Token.hank, Token.dean] {
            #expect(try s.get("/v1/reports/daily?date=2026-11-02", token: token).status == 403)
        }
    }

    @Test func theTrackingCodeStaysInTheRegistrationAnswer() throws {
        let dir = try TempDir("scope-code")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let created = try s.post("/v1/complaints", body: complaintBody(estate: Estate.cuiyuan, unit: "101"))
        let id = try #require(created.json?["id"] as? String)
        let code = try #require(created.json?["trackingCode"] as? String)
        try s.act(id, "link", Token.rita, #"{"incidentId":"INC-9"}"#)
        for path in ["/v1/complaints/\(id)", "/v1/complaints/\(id)?reveal=contact", "/v1/complaints/\(id)/events", "/v1/complaints"] {
            let r = try s.get(path)
            #expect(r.status == 200 && !r.text.contains(code), "\(path) shows the tracking code")
        }
        let action = try s.post("/v1/complaints/\(id)/upgrade", token: Token.dora, body: #"{"note":"业主多次投诉"}"#)
        #expect(action.status == 200 && !action.text.contains(code))
        #expect(try s.get("/v1/track/\(code)", token: nil).status == 200, "the owner still follows it")
    }
}
