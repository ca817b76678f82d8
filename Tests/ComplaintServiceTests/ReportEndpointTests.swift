import ComplaintService
import Foundation
import Testing

/// `GET /v1/reports/daily|weekly|monthly` over real sockets: JSON, CSV tables with a BOM, estates, refusals.
@Suite(.serialized)
struct ReportEndpointTests {
    /// 2026-11-02 09:00 in Shanghai, a Monday (ISO week 2026-W45).
    static let monday = Date(timeIntervalSince1970: 1_793_581_200)

    static func body(estate: String, unit: String, channel: String = "phone") -> String {
        jsonString([
            "channel": channel, "content": "电梯停运 lift stuck", "category": "engineering",
            "complainant": ["name": "张伟", "phone": "13800138000", "estate": estate, "building": "3栋", "unit": unit],
        ])
    }

    @Test func dailyAndWeeklyReportsAsJSONAndCSV() throws {
        let dir = try TempDir("reports")
        defer { dir.remove() }
        let clock = ManualClock(start: Self.monday)
        let s = try Running(testConfiguration(dataDirectory: dir.path), clock: clock)
        defer { s.stop() }
        var ids: [String] = []
        for (estate, unit, channel) in [("阳光花园", "1201", "phone"), ("阳光花园", "1202", "online"), ("Green Court", "501", "phone")] {
            let r = try s.post("/v1/complaints", body: Self.body(estate: estate, unit: unit, channel: channel))
            #expect(r.status == 201, "\(r.text)")
            ids.append(try #require(r.json?["id"] as? String))
        }
        clock.advance(by: 120)
        #expect(
            try s.post(
                "/v1/complaints/\(ids[0])/assess", token: Token.dora,
                body: #"{"valid":true,"severity":"minor","nature":"dissatisfaction"}"#
            ).status == 200)
        #expect(try s.post("/v1/complaints/\(ids[0])/dispatch", body: #"{"department":"engineering","handler":"hank"}"#).status == 200)

        let daily = try s.get("/v1/reports/daily?date=2026-11-02")
        #expect(daily.status == 200, "\(daily.text)")
        let json = try #require(daily.json)
        #expect(json["received"] as? Int == 3)
        #expect((json["byChannel"] as? [String: Int]) == ["phone": 2, "online": 1, "visit": 0, "other": 0])
        #expect((json["bySeverity"] as? [String: Int])?["minor"] == 1 && (json["bySeverity"] as? [String: Int])?["none"] == 2)
        #expect(json["openAtEnd"] as? Int == 3)
        let dispatch = try #require(json["timeToDispatch"] as? [String: Any])
        #expect(dispatch["count"] as? Int == 1 && dispatch["medianSeconds"] as? Double == 120)
        let clocks = try #require(json["clocks"] as? [String: [String: Any]])
        #expect(clocks["dispatch"]?["onTime"] as? Int == 1 && clocks["dispatch"]?["running"] as? Int == 2)
        #expect(clocks["dispatch"]?["onTimeRate"] as? Double == 1)
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["from"] as? String == "2026-11-01T16:00:00.000Z" && period["timeZone"] as? String == "Asia/Shanghai")
        let hotline = try #require(json["hotline"] as? [String: Any])
        #expect((hotline["redispatch"] as? [String: Any])?["denominator"] as? Int == 1)
        let top = try #require(json["topMatters"] as? [[String: Any]])
        #expect(top.first?["estate"] as? String == "阳光花园" && top.first?["count"] as? Int == 2)

        let weekly = try s.get("/v1/reports/weekly?week=2026-W45&estate=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD")
        #expect(weekly.status == 200 && weekly.json?["received"] as? Int == 2 && weekly.json?["estate"] as? String == "阳光花园")
        #expect(try s.get("/v1/reports/weekly?week=2026-W46").json?["received"] as? Int == 0)
        #expect(try s.get("/v1/reports/weekly?week=2026-W45&estate=Nowhere").json?["received"] as? Int == 0)

        let csv = try s.get("/v1/reports/weekly?week=2026-W45", headers: [("Accept", "text/csv")])
        #expect(csv.status == 200)
        #expect(csv.header("content-type")?.hasPrefix("text/csv") == true)
        #expect(csv.header("content-language") == "zh")
        #expect(Array(csv.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = String(decoding: csv.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.first?.first == "投诉周报")
        #expect(rows.contains { $0.prefix(2) == ["受理投诉", "3"] })
        // One section per breakdown, each with its own header row; shares as percentages.
        let channel = try #require(rows.firstIndex { $0.first == "按受理渠道" })
        #expect(rows[channel + 1].prefix(3) == ["渠道", "件数", "占比"])
        #expect(rows[(channel + 2)...].contains { $0.prefix(3) == ["网上", "1", "33.3%"] })
        #expect(rows.contains { $0.prefix(4) == ["阳光花园", "3栋", "2", "66.7%"] })
        #expect(rows.contains { $0.prefix(6) == ["派单", "1", "0", "0", "2", "100.0%"] })
        #expect(rows.contains { $0.prefix(2) == ["开始日期", "2026-11-02"] } && rows.contains { $0.prefix(2) == ["结束日期", "2026-11-08"] })
        let width = rows.first?.count ?? 0
        #expect(rows.dropLast().allSatisfy { $0.count == width }, "every line has as many fields")
        // JSON still wins when preferred.
        #expect(try s.get("/v1/reports/daily?date=2026-11-02", headers: [("Accept", "application/json, text/csv;q=0.5")]).json != nil)
    }

    @Test func refusals() throws {
        let dir = try TempDir("reports-refused")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        #expect(try s.get("/v1/reports/daily?date=2026-11-02", token: nil).status == 401)
        #expect(try s.get("/v1/reports/daily?date=2026-11-02", token: Token.web).status == 403)
        for path in [
            "/v1/reports/daily", "/v1/reports/daily?date=2026-02-30", "/v1/reports/weekly?week=2026-W54",
            "/v1/reports/weekly?week=2026-11-02", "/v1/reports/monthly", "/v1/reports/monthly?month=2026-13",
            "/v1/reports/monthly?month=2026-11-01", "/v1/reports/monthly?month=2026-11&format=xlsx",
        ] {
            let r = try s.get(path)
            #expect(r.status == 400, "\(path)")
            #expect(r.json?["type"] as? String != nil)
        }
        #expect(try s.get("/v1/reports/daily?date=2026-11-02", token: Token.mona).status == 200)
    }
}
