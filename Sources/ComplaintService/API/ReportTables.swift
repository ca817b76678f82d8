import ComplaintDomain
import Foundation

/// A report as tables a manager reads in a spreadsheet: a title block, then one section per
/// breakdown with its own header row (Chinese 列名 by default), counts as numbers, shares and
/// rates as percentages (`41.7%`), durations in hours, dates local to the company's time zone.
enum ReportTables {
    /// The rows (cells) of the report in `language`; an empty row separates sections.
    static func rows(_ r: PeriodReport, zone: TimeZone, language: Language) -> [[String]] {
        func w(_ word: ReportWords) -> String { word.text(language) }
        func label(_ kind: Vocabulary.Kind, _ code: String) -> String { Vocabulary.label(kind, code, language) }
        let title: ReportWords = r.period.kind == "daily" ? .titleDaily : r.period.kind == "weekly" ? .titleWeekly : .titleMonthly
        var rows: [[String]] = [[w(title)]]
        rows.append([w(.period), r.period.label])
        rows.append([w(.from), localDate(r.period.days.lowerBound)])
        rows.append([w(.to), localDate(r.period.days.upperBound)])
        rows.append([w(.timeZone), zone.identifier])
        rows.append([w(.estate), r.estate ?? w(.allEstates)])
        if let estates = r.estates { rows.append([w(.estatesInScope)] + estates) }

        section(
            &rows, w(.sectionSummary), [w(.metric), w(.value)],
            [
                [w(.received), String(r.received)], [w(.closed), String(r.closed)], [w(.openAtEnd), String(r.openAtEnd)],
                [w(.repeated), String(r.repeated)], [w(.extensions), String(r.extensions)], [w(.reminders), String(r.reminders)],
            ])
        func breakdown(_ title: ReportWords, _ column: ReportWords, _ kind: Vocabulary.Kind, _ counts: [PeriodReport.Count]) {
            section(
                &rows, w(title), [w(column), w(.count), w(.share)],
                counts.map { c in
                    [
                        c.name == "none" ? w(.notAssessed) : label(kind, c.name), String(c.count),
                        percent(r.received == 0 ? nil : Double(c.count) / Double(r.received)),
                    ]
                })
        }
        breakdown(.sectionChannel, .channel, .channel, r.byChannel)
        breakdown(.sectionCategory, .category, .department, r.byCategory)
        breakdown(.sectionSeverity, .severity, .severity, r.bySeverity)
        breakdown(.sectionNature, .nature, .nature, r.byNature)
        breakdown(.sectionStatus, .status, .status, r.byStatus)
        section(
            &rows, w(.sectionBuilding), [w(.estate), w(.building), w(.count), w(.share)],
            r.byBuilding.map { m in
                [m.estate, m.building, String(m.count), percent(r.received == 0 ? nil : Double(m.count) / Double(r.received))]
            })
        section(
            &rows, w(.sectionClocks), [w(.clock), w(.onTime), w(.late), w(.overdue), w(.running), w(.onTimeRate)],
            r.clocks.map { c in
                [
                    label(.clock, c.kind.rawValue), String(c.tally.onTime), String(c.tally.late), String(c.tally.overdue), String(c.tally.running),
                    percent(c.tally.onTimeRate),
                ]
            })
        section(
            &rows, w(.sectionDurations), [w(.metric), w(.completed), w(.median), w(.p90)],
            [
                [w(.timeToDispatch), String(r.timeToDispatch.count), hours(r.timeToDispatch.median), hours(r.timeToDispatch.p90)],
                [w(.timeToResolve), String(r.timeToResolve.count), hours(r.timeToResolve.median), hours(r.timeToResolve.p90)],
            ])
        section(
            &rows, w(.sectionRates), [w(.metric), w(.numerator), w(.denominator), w(.rate)],
            [
                ratio(w(.returnVisit), r.returnVisit), ratio(w(.satisfaction), r.satisfaction), ratio(w(.reprocessing), r.reprocessing),
            ])
        let c = r.confirmations
        section(
            &rows, w(.sectionConfirmations), [w(.metric), w(.value)],
            [
                [w(.confirmed), String(c.confirmed)], [w(.signedOff), String(c.signedOff)], [w(.onPaper), String(c.onPaper)],
                [w(.signOffRate), percent(c.signOffRate.rate)],
            ])
        section(&rows, w(.sectionEscalations), [w(.clock), w(.times)], r.escalations.map { [label(.clock, $0.name), String($0.count)] })
        section(&rows, w(.sectionUpgrades), [w(.reason), w(.times)], r.upgrades.map { [label(.upgradeReason, $0.name), String($0.count)] })
        section(
            &rows, w(.sectionTopMatters), [w(.rank), w(.estate), w(.building), w(.category), w(.count)],
            r.topMatters.enumerated().map { rank, m in
                [String(rank + 1), m.estate, m.building, m.category.map { label(.department, $0) } ?? w(.notAssessed), String(m.count)]
            })
        section(
            &rows, w(.sectionHotline), [w(.metric), w(.numerator), w(.denominator), w(.rate)],
            [
                ratio(w(.onTimeCompletion), r.onTimeCompletion), ratio(w(.solved), r.solved), ratio(w(.redispatch), r.redispatch),
                ratio(w(.repeatRate), r.repeatRate),
            ])
        return rows
    }

    private static func section(_ rows: inout [[String]], _ title: String, _ header: [String], _ body: [[String]]) {
        rows.append([])
        rows.append([title])
        rows.append(header)
        rows += body
    }

    private static func ratio(_ name: String, _ r: PeriodReport.Ratio) -> [String] {
        [name, String(r.numerator), String(r.denominator), percent(r.rate)]
    }

    /// "41.7%": what a spreadsheet reads as the number 0.417 shown as a percentage; empty when undefined.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.1f%%", value * 100)
    }

    /// Seconds as hours with one decimal; empty when there is none.
    static func hours(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "" }
        return String(format: "%.1f", seconds / 3600)
    }

    /// A local day number as `2026-11-01`.
    static func localDate(_ day: Int32) -> String {
        let (year, month, dayOfMonth) = civil(Int64(day))
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// Hinnant's civil-from-days.
    private static func civil(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
