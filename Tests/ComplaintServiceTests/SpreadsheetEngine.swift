import Foundation
import TestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// LibreOffice Calc, headless, as the spreadsheet a manager opens an export in: it imports a CSV
/// as UTF-8 with formulas evaluated (as Excel does) and writes flat ODS XML, whose cells tell
/// their text, their type and whether they became a formula. Absent (no `soffice`), tests that
/// need it are skipped with a note; `.ci/run` installs it.
enum SpreadsheetEngine {
    /// One imported cell.
    struct Cell: Equatable {
        var text: String
        var type: String
        var isFormula: Bool
    }

    /// The `soffice` executable, if installed.
    static let executable: String? = ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isAvailable: Bool { executable != nil }

    /// The rows of `csv` as Calc imports them; throws when the conversion fails.
    static func open(csv: [UInt8]) throws -> [[Cell]] {
        guard let executable else { throw TestError("soffice is not installed") }
        let dir = NSTemporaryDirectory() + "spreadsheet-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/export.csv"
        try Data(csv).write(to: URL(fileURLWithPath: input))
        // Comma, double quote, UTF-8 (76), from line 1, detect numbers, evaluate formulas (token 13).
        let child = try ChildProcess(
            executable,
            [
                "--headless", "--norestore", "-env:UserInstallation=file://\(dir)/profile",
                "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true",
                "--convert-to", "fods", "--outdir", dir, input,
            ],
            stdout: .file(dir + "/soffice.log"), stderr: .file(dir + "/soffice.log"))
        guard child.exitStatus(within: 180) == 0, let xml = FileManager.default.contents(atPath: dir + "/export.fods") else {
            child.stop()
            throw TestError("soffice failed: \(fileText(dir + "/soffice.log"))")
        }
        let reader = FlatODSReader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        guard parser.parse() else { throw TestError("unreadable flat ODS") }
        return reader.rows
    }
}

/// Collects the cells of the first table of a flat ODS document.
private final class FlatODSReader: NSObject, XMLParserDelegate {
    var rows: [[SpreadsheetEngine.Cell]] = []
    private var row: [SpreadsheetEngine.Cell]?
    private var cell: SpreadsheetEngine.Cell?
    private var repeated = 1
    private var paragraphs = 0
    private var inParagraph = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "table:table-row": row = []
        case "table:table-cell", "table:covered-table-cell":
            cell = SpreadsheetEngine.Cell(text: "", type: attributes["office:value-type"] ?? "", isFormula: attributes["table:formula"] != nil)
            repeated = Int(attributes["table:number-columns-repeated"] ?? "1") ?? 1
            paragraphs = 0
        case "text:p":
            if paragraphs > 0 { cell?.text += "\n" }
            paragraphs += 1
            inParagraph = true
        case "text:s": cell?.text += String(repeating: " ", count: Int(attributes["text:c"] ?? "1") ?? 1)
        case "text:line-break": cell?.text += "\n"
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if cell != nil && inParagraph { cell?.text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "text:p": inParagraph = false
        case "table:table-cell", "table:covered-table-cell":
            if let cell { row?.append(contentsOf: repeatElement(cell, count: min(repeated, 64))) }
            cell = nil
        case "table:table-row":
            if var row {
                while row.last?.text.isEmpty == true && row.last?.isFormula == false { row.removeLast() }
                if !row.isEmpty { rows.append(row) }
            }
            row = nil
        default: break
        }
    }
}
