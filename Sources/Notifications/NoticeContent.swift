import Foundation

/// What one message says, before any platform's markup: a title, labelled lines, the link to
/// the complaint, and whom to @mention. `PlatformRequest` renders it as text, markdown or a card.
struct NoticeContent: Sendable, Equatable {
    /// One line: "label：value", or a digest entry with its own link.
    struct Line: Sendable, Equatable {
        var label: String?
        var value: String
        /// A digest entry's console link.
        var link: String?
        /// Shown in the warning colour where the platform has one (how late).
        var isAlert = false
    }

    var title: String
    var lines: [Line]
    /// The console page of the complaint (single notices).
    var link: String?
    var linkLabel: String
    /// The short label of digest links.
    var linkShortLabel: String
    /// "通知编号：ntf-…", the id receivers de-duplicate on, also visible in the text.
    var footer: String
    /// Mobiles to @mention.
    var mobiles: [String]
    /// The sentence that goes with a mention ("请 张三 尽快处理投诉 C…").
    var mention: String?
    /// Major or overdue: a red card header; otherwise orange.
    var isUrgent: Bool
    /// "：" or ": ".
    var separator: String

    /// Plain text: the title, one fact per line, the link, the id.
    var plainText: String {
        var out = [title]
        for line in lines {
            var text = line.label.map { $0 + separator + line.value } ?? line.value
            if let link = line.link { text += " " + link }
            out.append(text)
        }
        if let link { out.append(linkLabel + separator + link) }
        out.append(footer)
        return out.joined(separator: "\n")
    }
}

/// Formats times as the company reads them: local to `workflow.timeZone`, minutes precision.
enum LocalTime {
    /// "2026-11-22 21:39" in `zone` (proleptic Gregorian; years outside 0…9999 clamped).
    static func text(_ date: Date, in zone: TimeZone) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return "?" }
        let clamped = min(max(seconds, -62_167_219_200), 253_402_300_799)
        let local = Int64(clamped.rounded(.down)) + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: clamped)))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let minuteOfDay = (local - days * 86_400) / 60
        let (year, month, day) = civil(fromDays: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " " + pad(minuteOfDay / 60, 2) + ":" + pad(minuteOfDay % 60, 2)
    }

    /// Hinnant's civil-from-days.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(max(0, value))
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
