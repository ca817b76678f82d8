import ComplaintService
import Foundation
import TestSupport
import Testing

/// The monthly report, and report CSV files as a manager gets them: downloaded by a browser link
/// (`?format=csv`, a UTF-8 file name), opened in a real spreadsheet engine (LibreOffice Calc).
@Suite(.serialized)
struct ReportSpreadsheetTests {
    /// 2026-11-30 23:30 in Shanghai (15:30Z): the last half hour of November there.
    static let lateNovember = Date(timeIntervalSince1970: 1_796_052_600)

    static func body(estate: String, unit: String, channel: String = "phone") -> String {
        jsonString([
            "channel": channel, "content": "电梯停运", "category": "engineering",
            "complainant": ["name": "张伟", "phone": "13800138000", "estate": estate, "building": "3栋", "unit": unit],
        ])
    }

    /// Three complaints on the last evening of November (Shanghai), one just after midnight (December).
    static func running(_ dir: TempDir) throws -> (Running, ManualClock) {
        let clock = ManualClock(start: lateNovember)
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.http.cors.allowedOrigins = ["https://kefu.example.com"]
        let s = try Running(configuration, clock: clock)
        for (estate, unit, channel) in [("阳光花园", "1201", "phone"), ("阳光花园", "1202", "online"), ("=HYPERLINK(\"http://x\",\"点\")", "501", "phone")] {
            let r = try s.post("/v1/complaints", body: body(estate: estate, unit: unit, channel: channel))
            guard r.status == 201 else { throw TestError("register: \(r.status) \(r.text)") }
        }
        clock.advance(by: 3600)  // 00:30 on 1 December in Shanghai, still 30 November in UTC
        guard try s.post("/v1/complaints", body: body(estate: "阳光花园", unit: "1203")).status == 201 else { throw TestError("register") }
        return (s, clock)
    }

    @Test func aMonthRunsFromTheFirstToTheLastLocalDay() throws {
        let dir = try TempDir("report-month")
        defer { dir.remove() }
        let (s, _) = try Self.running(dir)
        defer { s.stop() }
        let november = try #require(try s.get("/v1/reports/monthly?month=2026-11").json)
        #expect(november["received"] as? Int == 3)
        let period = try #require(november["period"] as? [String: Any])
        #expect(period["kind"] as? String == "monthly" && period["label"] as? String == "2026-11")
        #expect(period["from"] as? String == "2026-10-31T16:00:00.000Z" && period["to"] as? String == "2026-11-30T16:00:00.000Z")
        #expect(try s.get("/v1/reports/monthly?month=2026-12").json?["received"] as? Int == 1, "00:30 local is December")
        #expect(
            try s.get("/v1/reports/monthly?month=2026-02").json?["period"].flatMap { ($0 as? [String: Any])?["to"] as? String }
                == "2026-02-28T16:00:00.000Z", "February 2026 has 28 days")
    }

    @Test func aBrowserLinkDownloadsTheCSVWithAUTF8FileName() throws {
        let dir = try TempDir("report-download")
        defer { dir.remove() }
        let (s, _) = try Self.running(dir)
        defer { s.stop() }
        let csv = try s.get("/v1/reports/monthly?month=2026-11&format=csv&estate=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8; header=present")
        let disposition = try #require(csv.header("Content-Disposition"))
        #expect(disposition.hasPrefix("attachment; filename=\"complaint-report-monthly-2026-11.csv\"; filename*=UTF-8''"))
        let encoded = try #require(disposition.components(separatedBy: "filename*=UTF-8''").last)
        #expect(encoded.removingPercentEncoding == "投诉月报_阳光花园_2026-11.csv")
        #expect(encoded.allSatisfy { $0.isASCII }, "RFC 5987: the UTF-8 name is percent-encoded")
        // A console page that fetches the file with its token may read the name (CORS).
        let fetched = try s.get("/v1/reports/monthly?month=2026-11&format=csv", headers: [("Origin", "https://kefu.example.com")])
        #expect(fetched.header("Access-Control-Expose-Headers")?.contains("Content-Disposition") == true)
        // format=json wins over Accept: text/csv, and English follows Accept-Language.
        #expect(try s.get("/v1/reports/monthly?month=2026-11&format=json", headers: [("Accept", "text/csv")]).json != nil)
        let english = try s.get("/v1/reports/monthly?month=2026-11&format=csv", headers: [("Accept-Language", "en-US,en;q=0.9,zh;q=0.5")])
        #expect(english.header("Content-Language") == "en")
        #expect(String(decoding: english.body.dropFirst(3), as: UTF8.self).hasPrefix("Complaint report (monthly)"))
        #expect(english.header("Content-Disposition")?.contains("filename*=UTF-8''complaint-report-monthly-2026-11.csv") == true)
    }

    @Test(.enabled(if: Spreadsheet.mustRun, "LibreOffice (soffice) is not installed: spreadsheet check SKIPPED (required under CI)"))
    func libreOfficeReadsTheTablesAsAManagerShouldSeeThem() throws {
        let dir = try TempDir("report-calc")
        defer { dir.remove() }
        let (s, _) = try Self.running(dir)
        defer { s.stop() }
        let csv = try s.get("/v1/reports/monthly?month=2026-11", headers: [("Accept", "text/csv")])
        #expect(csv.status == 200)
        let sheet = try Spreadsheet.open(csv: csv.body)
        func row(_ first: String) -> [Spreadsheet.Cell]? { sheet.first { $0.first?.text == first } }
        // Chinese intact, starting in A1 (the BOM was read, not shown).
        #expect(sheet.first?.first?.text == "投诉月报")
        let received = try #require(row("受理投诉"))
        #expect(received[1] == Spreadsheet.Cell(type: "float", value: "3", text: "3"))
        // A share is a percentage, a number Calc can sum and chart: 2 of 3 is 0.667.
        let phone = try #require(row("电话"))
        // (How many decimals are shown is the engine's percent format: Calc says 66.70%.)
        #expect(phone[2].type == "percentage" && phone[2].value == "0.667")
        #expect(phone[2].text.hasPrefix("66.7") && phone[2].text.hasSuffix("%"), "shown as \(phone[2].text)")
        // Local dates are dates.
        let from = try #require(row("开始日期"))
        let to = try #require(row("结束日期"))
        #expect(from[1].type == "date" && from[1].value == "2026-11-01")
        #expect(to[1].value == "2026-11-30")
        // A section header row per breakdown.
        let header = try #require(sheet.firstIndex { $0.first?.text == "按受理渠道" })
        #expect(sheet[header + 1].map(\.text) == ["渠道", "件数", "占比"])
        // The estate named like a formula is shown as text, never run.
        let formulas = sheet.flatMap { $0 }.compactMap(\.formula)
        #expect(formulas.isEmpty, "no cell became a formula: \(formulas)")
        let named = sheet.flatMap { $0 }.filter { $0.text.contains("HYPERLINK") }
        #expect(!named.isEmpty && named.allSatisfy { $0.type == "string" })
    }

    @Test(.enabled(if: Spreadsheet.mustRun, "LibreOffice (soffice) is not installed: spreadsheet check SKIPPED (required under CI)"))
    func theSpreadsheetHelperSeesAFormulaWhenOneGetsThrough() throws {
        // The check above can fail: an unguarded cell does become a formula in Calc.
        let sheet = try Spreadsheet.open(csv: Array("\u{FEFF}a,=1+1,'=1+1\r\n".utf8))
        #expect(sheet.first?[1].formula == "of:=1+1")
        #expect(sheet.first?[2].formula == nil && sheet.first?[2].type == "string")
    }
}
