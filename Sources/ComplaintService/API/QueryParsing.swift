import ComplaintDomain
import Foundation
import HTTP1

/// Turns the query string of each list, report and announcement endpoint into what the domain
/// reads: one total function per endpoint (the fuzz harness `FuzzQueryParsing` calls exactly
/// these), each refusal a 400 naming the parameter.
enum QueryParsing {
    /// `GET /v1/complaints`: filters, search, order, page size and cursor (see `ComplaintQueryParsing`).
    static func complaintQuery(_ q: QueryReader, zone: TimeZone, now: Date) -> Result<ComplaintQuery, Refusal> {
        ComplaintQueryParsing.complaintQuery(q, zone: zone, now: now)
    }

    /// A report request: its period, optional estate, and `format=json|csv` when given.
    struct ReportRequest: Equatable {
        var period: ReportPeriod
        var estate: String?
        var format: String? = nil
    }

    /// The report periods: daily, weekly (ISO) and monthly, each named by one parameter.
    enum ReportKind: String, CaseIterable {
        case daily, weekly, monthly

        var parameter: String { self == .daily ? "date" : self == .weekly ? "week" : "month" }
        var example: String { self == .daily ? "2026-11-02" : self == .weekly ? "2026-W45" : "2026-11" }
    }

    /// `GET /v1/reports/daily?date=YYYY-MM-DD`, `/weekly?week=YYYY-Www`, `/monthly?month=YYYY-MM`,
    /// in days of `zone`; `format=csv|json` (the other way to ask for CSV than `Accept`).
    static func report(_ q: QueryReader, kind: ReportKind, zone: TimeZone) -> Result<ReportRequest, Refusal> {
        let parameter = kind.parameter
        let example = Message.Value.text(kind.example)
        guard let raw = q.string(parameter) else { return refuse(parameter, Message(.reportParameterRequired, ["example": example])) }
        let parsed: ReportPeriod?
        switch kind {
        case .daily: parsed = ReportPeriod.daily(raw)
        case .weekly: parsed = ReportPeriod.weekly(raw)
        case .monthly: parsed = ReportPeriod.monthly(raw)
        }
        guard let period = parsed else {
            let key: MessageKey = kind == .daily ? .reportDateExpected : kind == .weekly ? .reportWeekExpected : .reportMonthExpected
            return refuse(parameter, Message(key, ["example": example]))
        }
        guard AcceptedInstants.contains(period.from(in: zone)),
            AcceptedInstants.contains(period.to(in: zone).addingTimeInterval(-0.001))
        else {
            return refuse(parameter, Message(.reportPeriodOutOfRange, ["range": .text(AcceptedInstants.text), "zone": .text(zone.identifier)]))
        }
        let estate = q.string("estate")
        if let estate, estate.isEmpty || estate.count > 200 {
            return refuse("estate", Message(.expectedLength, ["min": .text("1"), "max": .text("200")]))
        }
        let format = q.string("format")
        if let format, format != "json" && format != "csv" { return refuse("format", Message(.reportFormatUnknown)) }
        return .success(ReportRequest(period: period, estate: estate, format: format))
    }

    /// The daily or weekly report request (kept for callers that name the period by a flag).
    static func report(_ q: QueryReader, weekly: Bool, zone: TimeZone) -> Result<ReportRequest, Refusal> {
        report(q, kind: weekly ? .weekly : .daily, zone: zone)
    }

    /// What `GET /v1/announcements` asks for.
    struct AnnouncementFilter: Equatable {
        var from: Date
        var to: Date
        var estate: String?
        var limit: Int
    }

    /// The default announcement period: the seven days before `to`.
    static let defaultAnnouncementSpan: Double = 7 * 86_400

    /// `GET /v1/announcements?from=&to=&estate=&limit=`: received in `from ..< to`, oldest first.
    static func announcementFilter(_ q: QueryReader, zone: TimeZone, now: Date) -> Result<AnnouncementFilter, Refusal> {
        let from: Date
        let to: Date
        let limit: Int
        switch q.date("to", in: zone) {
        case .success(let d): to = d ?? now
        case .failure(let r): return .failure(r)
        }
        switch q.date("from", in: zone) {
        case .success(let d): from = d ?? max(Date(timeIntervalSince1970: 0), to.addingTimeInterval(-defaultAnnouncementSpan))
        case .failure(let r): return .failure(r)
        }
        // Paged like every list (the board follows `nextCursor`).
        switch q.int("limit", 1...Paging.maximumLimit) {
        case .success(let n): limit = n ?? Paging.defaultLimit
        case .failure(let r): return .failure(r)
        }
        guard from <= to else { return refuse("from", Message(.fromAfterTo)) }
        let estate = q.string("estate")
        if let estate, estate.isEmpty || estate.count > 200 {
            return refuse("estate", Message(.expectedLength, ["min": .text("1"), "max": .text("200")]))
        }
        return .success(AnnouncementFilter(from: from, to: to, estate: estate, limit: limit))
    }

    /// `GET /v1/visits?due_before=`: defaults to now.
    static func visitsDueBefore(_ q: QueryReader, zone: TimeZone, now: Date) -> Result<Date, Refusal> {
        q.date("due_before", in: zone).map { $0 ?? now }
    }

    private static func refuse<T>(_ parameter: String, _ detail: Message) -> Result<T, Refusal> {
        .failure(Refusal(Problems.invalidParameter(parameter, detail)))
    }
}
