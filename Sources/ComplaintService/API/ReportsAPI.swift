import ComplaintDomain
import Foundation
import JSONCodec
import HTTP1
import Telemetry

/// `GET /v1/reports/daily`, `/weekly` (workflow.md §7) and `/monthly`: JSON, or CSV with
/// `Accept: text/csv`. Figures come from the book's incrementally kept ledger, never a scan.
struct ReportsAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator

    func daily(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        answer(request, kind: .daily)
    }

    func weekly(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        answer(request, kind: .weekly)
    }

    /// A calendar month of local days: what a property company's monthly meeting reviews.
    func monthly(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        answer(request, kind: .monthly)
    }

    private func answer(_ request: HTTPRequest, kind: QueryParsing.ReportKind) -> HTTPResponse {
        let scope: AccessScope
        switch auth.reader(request, reading: "reports") {
        case .success(let principal): scope = principal.scope
        case .failure(let refusal): return refusal.response
        }
        // The ledger keeps figures per estate, not per department: a report would count complaints
        // a handler or department head may not see, so those roles work from their lists instead.
        if scope.isDepartmentScoped {
            return Problems.forbidden("Reports cover whole estates; a handler or department head lists the department's complaints with GET /v1/complaints.")
        }
        guard let query = QueryReader(request) else { return Problems.badRequest("The query string is malformed.") }
        let asked: QueryParsing.ReportRequest
        switch QueryParsing.report(query, kind: kind, zone: core.policy.calendar.timeZone) {
        case .success(let parsed): asked = parsed
        case .failure(let refusal): return refusal.response
        }
        let report = core.read { $0.complaints.periodReport(asked.period, estate: asked.estate, within: scope) }
        let zone = core.policy.timeZone
        if ReportsAPI.wantsCSV(request.headers["accept"]) {
            return HTTPResponse(status: 200, contentType: "text/csv; charset=utf-8", headers: [("Vary", "Accept")],
                                body: ReportCSV.encode(ReportRows.rows(report, timeZone: zone)))
        }
        return HTTPResponse.json(200, ReportJSON.encode(report, timeZone: zone), headers: [("Vary", "Accept")])
    }

    /// CSV when the client names `text/csv` and prefers it at least as much as JSON.
    static func wantsCSV(_ accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return false }
        var csv: Double?
        var json: Double?
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch parts.first {
            case "text/csv": csv = max(csv ?? 0, quality)
            case "application/json": json = max(json ?? 0, quality)
            default: break
            }
        }
        guard let csv, csv > 0 else { return false }
        return csv >= (json ?? 0)
    }
}

/// The JSON body of a report.
enum ReportJSON {
    static func encode(_ r: PeriodReport, timeZone: String) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.memberObject("period") { w in
            w.member("kind", r.period.kind); w.member("label", r.period.label)
            w.member("from", date: r.from); w.member("to", date: r.to); w.member("timeZone", timeZone)
        }
        w.member("estate", r.estate)
        if let estates = r.estates { w.member("estates", strings: estates) } else { w.memberNull("estates") }
        w.member("received", r.received)
        for (name, counts) in [("byChannel", r.byChannel), ("byCategory", r.byCategory), ("bySeverity", r.bySeverity),
                               ("byNature", r.byNature), ("byStatus", r.byStatus)] {
            w.memberObject(named: name) { w in for c in counts { w.member(named: c.name, c.count) } }
        }
        w.memberArray("byBuilding") { w in for m in r.byBuilding { matter(m, &w, withCategory: false) } }
        w.member("closed", r.closed)
        w.member("openAtEnd", r.openAtEnd)
        w.memberObject("clocks") { w in
            for (kind, t) in r.clocks {
                w.memberObject(named: kind.rawValue) { w in
                    w.member("onTime", t.onTime); w.member("late", t.late); w.member("overdue", t.overdue); w.member("running", t.running)
                    optional("onTimeRate", t.onTimeRate, &w)
                }
            }
        }
        durations("timeToDispatch", r.timeToDispatch, &w)
        durations("timeToResolve", r.timeToResolve, &w)
        ratio("returnVisit", r.returnVisit, &w)
        ratio("satisfaction", r.satisfaction, &w)
        ratio("reprocessing", r.reprocessing, &w)
        w.member("repeated", r.repeated)
        w.memberObject("escalations") { w in for c in r.escalations { w.member(named: c.name, c.count) } }
        w.memberObject("upgrades") { w in for c in r.upgrades { w.member(named: c.name, c.count) } }
        w.memberArray("topMatters") { w in for m in r.topMatters { matter(m, &w, withCategory: true) } }
        w.memberObject("hotline") { w in
            ratio("onTimeCompletion", r.onTimeCompletion, &w)
            ratio("solved", r.solved, &w)
            ratio("redispatch", r.redispatch, &w)
            ratio("repeat", r.repeatRate, &w)
            w.member("extensions", r.extensions)
            w.member("reminders", r.reminders)
        }
        w.endObject()
        return w.bytes
    }

    private static func matter(_ m: PeriodReport.Matter, _ w: inout JSONWriter, withCategory: Bool) {
        w.beginObject()
        w.member("estate", m.estate); w.member("building", m.building)
        if withCategory { w.member("category", m.category ?? "none") }
        w.member("count", m.count)
        w.endObject()
    }

    private static func optional(_ name: StaticString, _ value: Double?, _ w: inout JSONWriter) {
        if let value { w.member(name, rounded: value) } else { w.memberNull(name) }
    }

    private static func ratio(_ name: StaticString, _ r: PeriodReport.Ratio, _ w: inout JSONWriter) {
        w.memberObject(name) { w in
            w.member("numerator", r.numerator); w.member("denominator", r.denominator); optional("rate", r.rate, &w)
        }
    }

    private static func durations(_ name: StaticString, _ d: PeriodReport.Durations, _ w: inout JSONWriter) {
        w.memberObject(name) { w in
            w.member("count", d.count); optional("medianSeconds", d.median, &w); optional("p90Seconds", d.p90, &w)
        }
    }
}

/// The CSV layout: `metric,value`, one metric per row, metric names are the JSON paths
/// (`clocks.dispatch.onTimeRate`, `byBuilding.阳光花园/3栋`, `topMatters.1.阳光花园/3栋/engineering`);
/// empty value where the JSON has null.
enum ReportRows {
    static func rows(_ r: PeriodReport, timeZone: String) -> [(String, String)] {
        var rows: [(String, String)] = [
            ("period.kind", r.period.kind), ("period.label", r.period.label),
            ("period.from", iso(r.from)), ("period.to", iso(r.to)), ("period.timeZone", timeZone),
            ("estate", r.estate ?? ""), ("estates", r.estates?.joined(separator: ";") ?? ""), ("received", String(r.received)),
        ]
        for (name, counts) in [("byChannel", r.byChannel), ("byCategory", r.byCategory), ("bySeverity", r.bySeverity),
                               ("byNature", r.byNature), ("byStatus", r.byStatus)] {
            for c in counts { rows.append(("\(name).\(c.name)", String(c.count))) }
        }
        for m in r.byBuilding { rows.append(("byBuilding.\(m.estate)/\(m.building)", String(m.count))) }
        rows.append(("closed", String(r.closed)))
        rows.append(("openAtEnd", String(r.openAtEnd)))
        for (kind, t) in r.clocks {
            let p = "clocks.\(kind.rawValue)."
            rows += [(p + "onTime", String(t.onTime)), (p + "late", String(t.late)), (p + "overdue", String(t.overdue)),
                     (p + "running", String(t.running)), (p + "onTimeRate", number(t.onTimeRate))]
        }
        for (name, d) in [("timeToDispatch", r.timeToDispatch), ("timeToResolve", r.timeToResolve)] {
            rows += [("\(name).count", String(d.count)), ("\(name).medianSeconds", number(d.median)), ("\(name).p90Seconds", number(d.p90))]
        }
        for (name, ratio) in [("returnVisit", r.returnVisit), ("satisfaction", r.satisfaction), ("reprocessing", r.reprocessing)] {
            rows += ratioRows(name, ratio)
        }
        rows.append(("repeated", String(r.repeated)))
        for c in r.escalations { rows.append(("escalations.\(c.name)", String(c.count))) }
        for c in r.upgrades { rows.append(("upgrades.\(c.name)", String(c.count))) }
        for (rank, m) in r.topMatters.enumerated() {
            rows.append(("topMatters.\(rank + 1).\(m.estate)/\(m.building)/\(m.category ?? "none")", String(m.count)))
        }
        for (name, ratio) in [("onTimeCompletion", r.onTimeCompletion), ("solved", r.solved), ("redispatch", r.redispatch),
                              ("repeat", r.repeatRate)] {
            rows += ratioRows("hotline.\(name)", ratio)
        }
        rows.append(("hotline.extensions", String(r.extensions)))
        rows.append(("hotline.reminders", String(r.reminders)))
        return rows
    }

    private static func ratioRows(_ name: String, _ r: PeriodReport.Ratio) -> [(String, String)] {
        [("\(name).numerator", String(r.numerator)), ("\(name).denominator", String(r.denominator)), ("\(name).rate", number(r.rate))]
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }

    private static func iso(_ date: Date) -> String {
        Timestamp.iso8601(millisecondsSinceEpoch: Timestamp.milliseconds(fromSeconds: date.timeIntervalSince1970))
    }
}

/// RFC 4180 CSV in UTF-8 with a byte-order mark, so spreadsheets read Chinese text correctly.
enum ReportCSV {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func encode(_ rows: [(String, String)]) -> [UInt8] {
        var out = bom
        out.append(contentsOf: "metric,value\r\n".utf8)
        for (metric, value) in rows {
            out.append(contentsOf: field(metric).utf8)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: field(value).utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        return out
    }

    /// Quotes when needed; a text cell a spreadsheet would run as a formula gets a leading apostrophe.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
