import ComplaintDomain
import Foundation
import HTTP1

/// `GET /v1/reports/daily`, `/weekly` and `/monthly` (workflow.md §7): JSON, or CSV tables with
/// `Accept: text/csv` or `?format=csv`. Figures come from the book's incrementally kept ledger,
/// never a scan.
struct ReportsAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    /// The language of CSV headers when the request states no preference.
    let language: Language

    func daily(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        answer(request, kind: .daily)
    }

    func weekly(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        answer(request, kind: .weekly)
    }

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
            return Problems.forbidden(Message(.reportsDepartmentScoped))
        }
        guard let query = QueryReader(request) else { return Problems.badRequest(Message(.queryMalformed)) }
        if let refusal = query.unknownParameter([kind.parameter, "estate", "format"]) { return refusal }
        let asked: QueryParsing.ReportRequest
        switch QueryParsing.report(query, kind: kind, zone: core.policy.calendar.timeZone) {
        case .success(let parsed): asked = parsed
        case .failure(let refusal): return refusal.response
        }
        let report = core.read { $0.complaints.periodReport(asked.period, estate: asked.estate, within: scope) }
        let zone = core.policy.calendar.timeZone
        let csv = asked.format.map { $0 == "csv" } ?? ReportsAPI.wantsCSV(request.headers["accept"])
        guard csv else {
            return HTTPResponse.json(200, ReportJSON.encode(report, timeZone: zone.identifier), headers: [("Vary", "Accept")])
        }
        let language = Language.preferred(by: request, fallback: language)
        return HTTPResponse(
            status: 200, contentType: ReportCSV.contentType,
            headers: [
                ("Vary", "Accept, Accept-Language"), ("Content-Language", language.rawValue),
                ("Content-Disposition", ReportsAPI.disposition(report, language: language)),
            ], body: ReportCSV.encode(ReportTables.rows(report, zone: zone, language: language)))
    }

    /// `投诉月报_翠苑小区_2026-11.csv`, with `complaint-report-monthly-2026-11.csv` for ASCII-only clients.
    static func disposition(_ report: PeriodReport, language: Language) -> String {
        let title: ReportWords = report.period.kind == "daily" ? .titleDaily : report.period.kind == "weekly" ? .titleWeekly : .titleMonthly
        let estate = report.estate.map { ContentDisposition.safe($0) } ?? ""
        let ascii = "complaint-report-\(report.period.kind)-\(report.period.label)"
        let name =
            language == .zh
            ? [title.text(.zh), estate, report.period.label].filter { !$0.isEmpty }.joined(separator: "_")
            : [ascii, estate].filter { !$0.isEmpty }.joined(separator: "-")
        return ContentDisposition.attachment(fileName: name + ".csv", asciiFallback: ascii + ".csv")
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
