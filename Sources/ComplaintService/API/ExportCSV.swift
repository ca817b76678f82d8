import Foundation

/// A CSV file that Excel, WPS and LibreOffice open with Chinese intact: UTF-8 with a byte-order
/// mark, RFC 4180 quoting, CRLF line ends — and no cell a spreadsheet would run as a formula.
struct ExportCSV {
    /// The file so far.
    private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Appends one row.
    mutating func row(_ cells: [String]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(Self.guarded(cell))
        }
        bytes.append(contentsOf: [13, 10])
    }

    /// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
    /// return before them) gets a leading apostrophe, as OWASP advises: it is shown, never run.
    static func guarded(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠": return "'" + cell
        default: return cell
        }
    }

    private mutating func append(_ cell: String) {
        let needsQuotes = cell.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            bytes.append(contentsOf: cell.utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in cell.utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `Content-Disposition` for a download named `name` (RFC 6266): an ASCII `filename` for old
    /// clients and the UTF-8 name in `filename*` (RFC 5987 percent-encoding).
    static func contentDisposition(name: String, asciiName: String) -> String {
        var encoded = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "attachment; filename=\"\(asciiName)\"; filename*=UTF-8''\(encoded)"
    }
}
