import ComplaintDomain
import Foundation
import Telemetry

/// The CSV of a complaint list as people read it: Chinese column names and values (English when
/// the request prefers English), times in the company's time zone (`workflow.timeZone`).
struct ExportFile {
    let rows: [ExportRow]
    let english: Bool
    let zone: TimeZone

    static let chineseHeader = [
        "编号", "状态", "受理时间", "渠道", "投诉人", "联系电话", "小区", "楼栋", "房号", "类别", "严重程度",
        "处理部门", "处理人", "投诉内容", "业主诉求", "是否逾期", "最近时限", "最近更新",
    ]
    static let englishHeader = [
        "ID", "Status", "Received", "Channel", "Complainant", "Phone", "Estate", "Building", "Unit", "Category",
        "Severity", "Department", "Handler", "Content", "Demands", "Overdue", "Next due", "Last updated",
    ]

    /// The file's bytes.
    var bytes: [UInt8] {
        var csv = ExportCSV()
        csv.row(english ? Self.englishHeader : Self.chineseHeader)
        for row in rows {
            csv.row([
                row.id, english ? row.status.rawValue : VocabularyLabels.status(row.status), local(row.receivedAt),
                english ? row.channel.rawValue : VocabularyLabels.channel(row.channel), row.name, Self.readablePhone(row.phone),
                row.estate, row.building, row.unit,
                row.category.map { english ? $0.rawValue : VocabularyLabels.department($0) } ?? "",
                row.severity.map { english ? $0.rawValue : VocabularyLabels.severity($0) } ?? "",
                row.department.map { english ? $0.rawValue : VocabularyLabels.department($0) } ?? "",
                row.handler ?? "", row.content, row.demands ?? "",
                row.overdue ? (english ? "yes" : "是") : (english ? "no" : "否"),
                row.nextDueAt.map(local) ?? "", local(row.updatedAt),
            ])
        }
        return csv.bytes
    }

    /// `Content-Disposition` naming the file after the list and the local time of the export.
    func disposition(now: Date) -> String {
        let stamp = String(local(now).filter { $0.isNumber }.prefix(12))
        let day = stamp.prefix(8) + "-" + stamp.dropFirst(8)
        let ascii = "complaints-\(day).csv"
        return ExportCSV.contentDisposition(name: english ? ascii : "投诉列表-\(day).csv", asciiName: ascii)
    }

    /// `2026-12-01 09:30` in the company's zone.
    func local(_ date: Date) -> String {
        let milliseconds = Milliseconds.of(date) + Int64(zone.secondsFromGMT(for: date)) * 1000
        let iso = Timestamp.iso8601(millisecondsSinceEpoch: milliseconds)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
    }

    /// A mainland mobile shown `138 0013 8000`, so a spreadsheet keeps it as text (not 1.38E+10);
    /// anything else (masked, landlines) as written.
    static func readablePhone(_ phone: String) -> String {
        let digits = Array(phone.utf8)
        guard digits.count == 11, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits[0] == UInt8(ascii: "1") else { return phone }
        let text = String(decoding: digits, as: UTF8.self)
        return String(text.prefix(3)) + " " + String(text.dropFirst(3).prefix(4)) + " " + String(text.suffix(4))
    }
}
