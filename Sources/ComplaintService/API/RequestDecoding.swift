import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec
import Telemetry

/// Body and query decoding at the edge: a body that is not UTF-8 (a GBK form post) is 400 saying
/// UTF-8 is required, malformed JSON is 400, well-formed JSON that breaks a rule is 422 naming
/// each field. Every message comes from the catalogue, in the reader's language.
enum RequestDecoding {
    /// The decoder for request bodies: our strict reader (UTF-8, duplicate names, limits), and
    /// dates as RFC 3339 strings (our strict parser) within `AcceptedInstants`.
    static let decoder = JSONValueDecoder(override: { type, value, path in
        guard type == Date.self else { return nil }
        guard case .string(let text) = value else {
            throw DecodingError.typeMismatch(Date.self, .init(codingPath: path, debugDescription: DomainMessage.notADateTime.rawValue))
        }
        switch bodyDate(text) {
        case .success(let date): return date
        case .failure(let refusal):
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: refusal.rule.rawValue, underlyingError: refusal))
        }
    })

    /// A date-time of a body field: RFC 3339 inside `AcceptedInstants`, or why not.
    static func bodyDate(_ text: String) -> Result<Date, DateRefusal> {
        guard let milliseconds = RFC3339.milliseconds(text) else { return .failure(DateRefusal(rule: .notADateTime)) }
        guard AcceptedInstants.contains(milliseconds: milliseconds) else { return .failure(DateRefusal(rule: .instantOutOfRange)) }
        return .success(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Refuses a body declared as anything but JSON (a missing Content-Type is taken as JSON), or
    /// declared in a charset other than UTF-8 (RFC 8259 §8.1: JSON between systems is UTF-8).
    static func checkMediaType(_ request: HTTPRequest) -> HTTPResponse? {
        guard let type = request.headers["content-type"] else { return nil }
        if isExactly(type, "application/json") || isExactly(type, "application/json; charset=utf-8") { return nil }
        let parts = type.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let media = parts.first ?? ""
        guard media == "application/json" || media.hasSuffix("+json") else { return Problems.unsupportedMediaType() }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst(8).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if charset != "utf-8" && charset != "utf8" {
                return Problems.response(status: 415, slug: "unsupported-media-type", detail: Message(.charsetNotUTF8, ["charset": .text(charset)]))
            }
        }
        return nil
    }

    /// Whether `text` is byte for byte `literal` (no Unicode equivalence): one comparison of
    /// memory where comparing the two as sequences cost 1,200 instructions a request.
    static func isExactly(_ text: String, _ literal: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            literal.withUTF8Buffer { expected in
                bytes.count == expected.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, expected.baseAddress!, bytes.count) == 0)
            }
        }
    }

    /// 400 for a body that is not UTF-8 (a GBK form, say): said before any JSON error, so the
    /// sender learns what to fix rather than which byte broke the parser.
    static func checkEncoding(_ request: HTTPRequest) -> HTTPResponse? {
        guard let offset = firstInvalidUTF8(request.body) else { return nil }
        return Problems.badRequest(Message(.bodyNotUTF8, ["offset": .text(String(offset))]), slug: "body-not-utf8")
    }

    /// The offset of the first byte that is not well-formed UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Checks the media type, the encoding and that the body is one JSON object; nil when fine.
    static func checkJSONBody(_ request: HTTPRequest) -> HTTPResponse? {
        if let refusal = checkMediaType(request) ?? checkEncoding(request) { return refusal }
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        guard case .object = try? JSONValue(parsing: body) else {
            return Problems.badRequest(Message(.bodyNotObject), slug: "malformed-json")
        }
        return nil
    }

    /// Decodes a JSON body into `T`: 415 for another media type, 400 for a body that is not UTF-8
    /// or not JSON, 422 for wrong types.
    static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) -> Result<T, Refusal> {
        if let refusal = checkMediaType(request) ?? checkEncoding(request) { return .failure(Refusal(refusal)) }
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        do {
            return .success(try decoder.decode(T.self, from: body))
        } catch {
            // Not JSON at all, or JSON of the wrong shape at the top: 400; a field of the wrong type: 422.
            if case .dataCorrupted(let context) = error as? DecodingError, context.codingPath.isEmpty {
                let reason = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
                return .failure(Refusal(Problems.badRequest(Message(.bodyInvalidJSON, ["reason": .text(reason)]), slug: "malformed-json")))
            }
            if case .typeMismatch(_, let context) = error as? DecodingError, context.codingPath.isEmpty {
                return .failure(Refusal(Problems.badRequest(Message(.bodyNotObject), slug: "malformed-json")))
            }
            return .failure(Refusal(Problems.validation([FieldError(decodingError: error)])))
        }
    }
}

/// Query parameters with typed accessors that answer 400 naming the parameter.
struct QueryReader {
    let values: [String: [String]]

    init?(_ request: HTTPRequest) {
        guard let values = request.queryParameters else { return nil }
        self.values = values
    }

    /// Reads a raw query string (after `?`) as a request would; nil when its escapes are malformed.
    init?(query: String?) {
        self.init(HTTPRequest(method: .GET, path: "/", query: query))
    }

    func string(_ name: String) -> String? { values[name]?.last }

    func enumValue<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> Result<T?, Refusal> where T.RawValue == String {
        guard let raw = string(name) else { return .success(nil) }
        guard let value = T(rawValue: raw) else {
            return .failure(
                Refusal(
                    Problems.invalidParameter(name, Message(.expectedOneOf, ["values": .text(T.allCases.map(\.rawValue).joined(separator: ", "))]))))
        }
        return .success(value)
    }

    /// A date-time (RFC 3339) or a plain date `YYYY-MM-DD`, which means the start of that day in
    /// `zone` (workflow.timeZone); 400 naming the parameter when malformed or outside `AcceptedInstants`.
    func date(_ name: String, in zone: TimeZone) -> Result<Date?, Refusal> {
        guard let raw = string(name) else { return .success(nil) }
        switch QueryReader.instant(raw, in: zone) {
        case .success(let date): return .success(date)
        case .failure(let refusal): return .failure(Refusal(Problems.invalidParameter(name, refusal.message)))
        }
    }

    /// Reads `raw` as a query date (see `date(_:in:)`).
    static func instant(_ raw: String, in zone: TimeZone) -> Result<Date, DateRefusal> {
        let milliseconds: Int64
        if let instant = RFC3339.milliseconds(raw) {
            milliseconds = instant
        } else if let day = RFC3339.civilDate(raw) {
            // Years 0000…9999 only, so the day number fits.
            milliseconds = Timestamp.milliseconds(fromSeconds: ReportLedger.start(ofDay: Int32(day.dayNumber), in: zone))
        } else {
            return .failure(DateRefusal(Message(.expectedDateOrDateTime, ["zone": .text(zone.identifier)])))
        }
        guard AcceptedInstants.contains(milliseconds: milliseconds) else { return .failure(DateRefusal(rule: .instantOutOfRange)) }
        return .success(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    func bool(_ name: String) -> Result<Bool?, Refusal> {
        guard let raw = string(name) else { return .success(nil) }
        switch raw.lowercased() {
        case "true", "1": return .success(true)
        case "false", "0": return .success(false)
        default: return .failure(Refusal(Problems.invalidParameter(name, Message(.expectedBoolean))))
        }
    }

    func int(_ name: String, _ range: ClosedRange<Int>) -> Result<Int?, Refusal> {
        guard let raw = string(name) else { return .success(nil) }
        guard let value = Int(raw), range.contains(value) else {
            return .failure(
                Refusal(
                    Problems.invalidParameter(
                        name,
                        Message(
                            .expectedIntegerRange,
                            [
                                "min": .text(String(range.lowerBound)), "max": .text(String(range.upperBound)),
                            ]))))
        }
        return .success(value)
    }
}

/// Why a date from outside was refused; the message follows the field or parameter name.
struct DateRefusal: Error {
    /// The field rule, for a body field's `errors[]` entry.
    let rule: DomainMessage
    /// The words, for a query parameter's detail.
    let message: Message

    init(rule: DomainMessage) {
        self.rule = rule
        message = Message(domain: rule, [:])
    }

    init(_ message: Message) {
        rule = .invalidValue
        self.message = message
    }
}

/// An HTTP answer that stops a handler early (bad input, no permission).
struct Refusal: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
