/// One part of a `multipart/form-data` body, as its headers describe it.
public struct MultipartPart: Sendable, Equatable {
    /// The header fields, names lower-cased, in order.
    public var headers: [(name: String, value: String)]
    /// The form field's name (`Content-Disposition: form-data; name="…"`).
    public var name: String?
    /// The file name a client gave, for a file (`filename*` in UTF-8 preferred over `filename`).
    public var filename: String?
    /// The media type the client declared (never trusted for what a file is).
    public var contentType: String?

    /// Whether the part is a file rather than a text field.
    public var isFile: Bool { filename != nil }

    /// Reads a header section (every line with its CRLF, the empty line included). Header values
    /// are UTF-8 (browsers send file names raw); a section that is not is refused.
    init(headerSection bytes: [UInt8]) throws(MultipartParser.Malformed) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .init("a part's headers are not UTF-8") }
        headers = []
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw .init("a part's header line has no colon") }
            let name = line[..<colon].trimmingSpaces.lowercased()
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .init("a part's header has an invalid name") }
            headers.append((name, String(line[line.index(after: colon)...].trimmingSpaces)))
        }
        if let disposition = headers.first(where: { $0.name == "content-disposition" })?.value {
            guard let parsed = MediaTypeHeader(disposition), parsed.type == "form-data" else {
                throw .init("a part's Content-Disposition is not form-data")
            }
            name = parsed.parameters["name"]
            filename = parsed.fileName
        } else {
            throw .init("a part has no Content-Disposition")
        }
        contentType = headers.first(where: { $0.name == "content-type" })?.value
    }

    /// An RFC 8187 value: `UTF-8''%E6%9D%8E.jpg` (charset, optional language, percent-encoded).
    static func extendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var iterator = pieces[2].utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    public static func == (lhs: MultipartPart, rhs: MultipartPart) -> Bool {
        lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
            && lhs.name == rhs.name && lhs.filename == rhs.filename && lhs.contentType == rhs.contentType
    }
}

/// A header value of the form `type; name=value; name="quoted value"` (Content-Type,
/// Content-Disposition): the type lower-cased, parameter names lower-cased, values unquoted.
public struct MediaTypeHeader: Sendable {
    /// The type, e.g. `multipart/form-data` or `form-data`.
    public var type: String
    /// The parameters by lower-cased name (the first of a repeated name wins).
    public var parameters: [String: String] = [:]

    /// The file name a Content-Disposition gives: `filename*` (RFC 8187, UTF-8) over `filename`.
    public var fileName: String? {
        parameters["filename*"].flatMap(MultipartPart.extendedValue) ?? parameters["filename"]
    }

    /// Parses `value`; nil when it is malformed (an unterminated quote, a parameter without `=`).
    public init?(_ value: String) {
        var rest = Substring(value)
        let end = rest.firstIndex(of: ";") ?? rest.endIndex
        type = rest[..<end].trimmingSpaces.lowercased()
        guard !type.isEmpty else { return nil }
        rest = rest[end...]
        while let first = rest.first, first == ";" {
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { break }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].trimmingSpaces.lowercased()
            guard !name.isEmpty, !name.contains(";") else { return nil }
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var parameter = ""
            if rest.first == "\"" {
                // A quoted string; a backslash quotes the next character (browsers send `%22` instead).
                rest = rest.dropFirst()
                var closed = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "\"" {
                        closed = true
                        break
                    }
                    if character == "\\", let next = rest.first {
                        parameter.append(next)
                        rest = rest.dropFirst()
                    } else {
                        parameter.append(character)
                    }
                }
                guard closed else { return nil }
                rest = rest.drop { $0 == " " || $0 == "\t" }
                guard rest.isEmpty || rest.first == ";" else { return nil }
            } else {
                let stop = rest.firstIndex(of: ";") ?? rest.endIndex
                parameter = rest[..<stop].trimmingSpaces
                rest = rest[stop...]
            }
            if parameters[name] == nil { parameters[name] = parameter }
        }
        guard rest.isEmpty else { return nil }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
