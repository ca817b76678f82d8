import Foundation

/// RFC 4180 CSV in UTF-8 with a byte-order mark — without it Excel and WPS read UTF-8 as the
/// local ANSI code page (GBK on Chinese Windows) and Chinese comes out garbled.
enum ReportCSV {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// The media type; `header=present` (RFC 4180) tells importers the first row is a header.
    static let contentType = "text/csv; charset=utf-8; header=present"

    /// The rows as CSV, CRLF line ends, each row padded to the widest so every line has as many fields.
    static func encode(_ rows: [[String]]) -> [UInt8] {
        let width = rows.map(\.count).max() ?? 0
        var out = bom
        for row in rows {
            for index in 0..<width {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if index < row.count { out.append(contentsOf: field(row[index]).utf8) }
            }
            out.append(contentsOf: "\r\n".utf8)
        }
        return out
    }

    /// Quotes when needed. A text cell a spreadsheet would run as a formula — starting with `=`,
    /// `+`, `-`, `@`, a tab or a carriage return (OWASP, CSV injection) — gets a leading
    /// apostrophe, so an estate named `=HYPERLINK(…)` is shown, never evaluated. Plain numbers pass.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// `Content-Disposition: attachment` with a UTF-8 file name (RFC 6266 §4.3, RFC 5987 `filename*`)
/// and an ASCII `filename` for clients that know only that, so a browser link saves
/// `投诉月报_2026-11.csv` and an old client `complaint-report-monthly-2026-11.csv`.
enum ContentDisposition {
    static func attachment(fileName: String, asciiFallback: String) -> String {
        let fallback = asciiFallback.unicodeScalars.map { scalar -> String in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != "%" ? String(scalar) : "_"
        }.joined()
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encode(fileName))"
    }

    /// RFC 5987 `attr-char`s stay; every other byte of the UTF-8 is %XX.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$&+-.^_`|~".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A name part safe in a file name on every system: no path separators, quotes or controls.
    static func safe(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control ? "_" : Character(scalar)
            })
    }
}
