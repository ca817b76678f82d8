import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Opens a CSV file the way a manager's spreadsheet does — LibreOffice Calc, headless — and
/// returns its cells as Calc read them: type (string, float, percentage, date…), value, shown
/// text and any formula. A CSV parser says what the bytes are; this says what Excel, WPS and
/// Calc users see: whether Chinese survives, whether `41.7%` is a percentage, whether a cell
/// starting with `=` runs as a formula.
///
/// `.ci/run` installs LibreOffice (`libreoffice-calc-nogui`); without it `isAvailable` is false
/// and tests that need it are skipped with a notice.
public enum Spreadsheet {
    /// One cell as Calc read it.
    public struct Cell: Equatable, Sendable {
        /// `office:value-type`: `string`, `float`, `percentage`, `date`, `boolean`…; "" for an empty cell.
        public var type: String
        /// The typed value (`0.417`, `2026-11-01`); nil for text.
        public var value: String?
        /// The text shown.
        public var text: String
        /// A formula Calc made of the cell, if any (a CSV injection that got through).
        public var formula: String?

        /// A cell as expected.
        public init(type: String, value: String?, text: String, formula: String? = nil) {
            self.type = type
            self.value = value
            self.text = text
            self.formula = formula
        }
    }

    /// Where `soffice` is, or nil.
    public static let executable: String? = ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether LibreOffice is installed.
    public static var isAvailable: Bool { executable != nil }

    /// Whether spreadsheet tests run: when LibreOffice is installed, and always under CI (`CI` or
    /// `CI_REQUIRE_SPREADSHEET` set), where a missing LibreOffice is a failure, not a skip.
    public static var mustRun: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isAvailable || environment["CI"].map { !$0.isEmpty && $0 != "false" } == true
            || environment["CI_REQUIRE_SPREADSHEET"].map { !$0.isEmpty } == true
    }

    /// The rows of `csv` (UTF-8 bytes, as served) after LibreOffice opened it with its default
    /// CSV import (comma, double quotes, UTF-8 — what a double-click gives) and saved it as
    /// flat ODS; each row as many cells as it has, trailing empty cells dropped.
    public static func open(csv: [UInt8]) throws -> [[Cell]] {
        guard let executable else { throw TestError("LibreOffice (soffice) is not installed") }
        let directory = NSTemporaryDirectory() + "complaintd-calc-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/report.csv"
        try Data(csv).write(to: URL(fileURLWithPath: input))
        let child = try ChildProcess(
            executable,
            [
                "--headless", "--norestore", "--nolockcheck", "-env:UserInstallation=file://\(directory)/profile",
                "--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", directory, input,
            ], environment: ["HOME": directory], stdout: .file(directory + "/out.log"), stderr: .file(directory + "/out.log"))
        guard let status = child.exitStatus(within: 120), status == 0 else {
            throw TestError("soffice did not convert the file: \(fileText(directory + "/out.log"))")
        }
        guard let xml = FileManager.default.contents(atPath: directory + "/report.fods") else {
            throw TestError("soffice wrote no file: \(fileText(directory + "/out.log"))")
        }
        let reader = CellReader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        guard parser.parse() else { throw TestError("the flat ODS does not parse: \(parser.parserError.map { "\($0)" } ?? "?")") }
        return reader.rows
    }

    /// Reads `table:table-row` / `table:table-cell` of the first sheet.
    private final class CellReader: NSObject, XMLParserDelegate {
        var rows: [[Cell]] = []
        private var row: [Cell]?
        private var cell: Cell?
        private var repeated = 1
        private var rowsRepeated = 1
        private var sheets = 0
        private var text = ""
        private var paragraphs = 0

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "table:table": sheets += 1
            case "table:table-row" where sheets == 1:
                row = []
                rowsRepeated = min(Int(attributes["table:number-rows-repeated"] ?? "1") ?? 1, 64)
            case "table:table-cell" where row != nil:
                repeated = min(Int(attributes["table:number-columns-repeated"] ?? "1") ?? 1, 64)
                let type = attributes["office:value-type"] ?? ""
                let value = attributes["office:value"] ?? attributes["office:date-value"] ?? attributes["office:boolean-value"]
                cell = Cell(type: type, value: value, text: "", formula: attributes["table:formula"])
                text = ""
            case "text:p" where cell != nil:
                if !text.isEmpty { text += "\n" }
                paragraphs += 1
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if cell != nil && paragraphs > 0 { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "text:p" where paragraphs > 0:
                paragraphs -= 1
            case "table:table-cell" where cell != nil:
                cell!.text = text
                for _ in 0..<repeated { row?.append(cell!) }
                cell = nil
            case "table:table-row" where row != nil:
                while let last = row?.last, last.type.isEmpty, last.text.isEmpty { row?.removeLast() }
                for _ in 0..<rowsRepeated { rows.append(row!) }
                row = nil
            default: break
            }
        }
    }
}
