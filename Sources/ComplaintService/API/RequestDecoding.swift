import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec
import Telemetry

/// Body and query decoding at the edge: malformed JSON is 400, well-formed JSON that breaks a
/// rule is 422 naming each field.
enum RequestDecoding {
    /// The decoder for request bodies: our strict reader (UTF-8, duplicate names, limits), and
    /// dates as RFC 3339 strings (our strict parser) within `AcceptedInstants`.
    static let decoder = JSONValueDecoder(override: { type, value, path in
        guard type == Date.self else { return nil }
        guard case .string(let text) = value else {
            throw DecodingError.typeMismatch(Date.self, .init(codingPath: path, debugDescription: "Expected an RFC 3339 date-time string."))
        }
        switch bodyDate(text) {
        case .success(let date): return date
        case .failure(let refusal):
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: refusal.message, underlyingError: refusal))
        }
    })

    /// A date-time of a body field: RFC 3339 inside `AcceptedInstants`, or why not.
    static func bodyDate(_ text: String) -> Result<Date, DateRefusal> {
        guard let milliseconds = RFC3339.milliseconds(text) else {
            return .failure(DateRefusal(message: "is not an RFC 3339 date-time, e.g. 2026-11-22T09:30:00+08:00"))
        }
        guard AcceptedInstants.contains(milliseconds: milliseconds) else { return .failure(DateRefusal(message: AcceptedInstants.refusal)) }
        return .success(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Refuses a body declared as anything but JSON (a missing Content-Type is taken as JSON).
    static func checkMediaType(_ request: HTTPRequest) -> HTTPResponse? {
        guard let type = request.headers["content-type"] else { return nil }
        if type.utf8.starts(with: "application/json".utf8) {
            let rest = type.utf8.dropFirst(16)
            if rest.isEmpty || rest.first == UInt8(ascii: ";") || rest.first == UInt8(ascii: " ") { return nil }
        }
        let media = type.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard media == "application/json" || media.hasSuffix("+json") else { return Problems.unsupportedMediaType() }
        return nil
    }

    /// Checks the media type and that the body is one JSON object; nil when fine.
    static func checkJSONBody(_ request: HTTPRequest) -> HTTPResponse? {
        if let refusal = checkMediaType(request) { return refusal }
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        guard case .object = try? JSONValue(parsing: body) else {
            return Problems.badRequest("The body is not a JSON object.", slug: "malformed-json")
        }
        return nil
    }

    /// Decodes a JSON body into `T`: 415 for another media type, 400 for malformed JSON, 422 for wrong types.
    static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) -> Result<T, Refusal> {
        if let refusal = checkMediaType(request) { return .failure(Refusal(refusal)) }
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        do {
            return .success(try decoder.decode(T.self, from: body))
        } catch {
            // Not JSON at all, or JSON of the wrong shape at the top: 400; a field of the wrong type: 422.
            if case .dataCorrupted(let context) = error as? DecodingError, context.codingPath.isEmpty {
                return .failure(Refusal(Problems.badRequest("The body is not valid JSON: \(context.debugDescription)", slug: "malformed-json")))
            }
            if case .typeMismatch(_, let context) = error as? DecodingError, context.codingPath.isEmpty {
                return .failure(Refusal(Problems.badRequest("The body must be a JSON object.", slug: "malformed-json")))
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
            return .failure(Refusal(Problems.invalidParameter(name, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")))
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
            return .failure(DateRefusal(message: "expected an RFC 3339 date-time such as 2026-11-22T09:30:00+08:00, or a date such as 2026-11-22 (the start of that day in \(zone.identifier))"))
        }
        guard AcceptedInstants.contains(milliseconds: milliseconds) else { return .failure(DateRefusal(message: AcceptedInstants.refusal)) }
        return .success(Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    func bool(_ name: String) -> Result<Bool?, Refusal> {
        guard let raw = string(name) else { return .success(nil) }
        switch raw.lowercased() {
        case "true", "1": return .success(true)
        case "false", "0": return .success(false)
        default: return .failure(Refusal(Problems.invalidParameter(name, "expected true or false")))
        }
    }

    func int(_ name: String, _ range: ClosedRange<Int>) -> Result<Int?, Refusal> {
        guard let raw = string(name) else { return .success(nil) }
        guard let value = Int(raw), range.contains(value) else {
            return .failure(Refusal(Problems.invalidParameter(name, "expected an integer in \(range.lowerBound)...\(range.upperBound)")))
        }
        return .success(value)
    }
}

/// Why a date from outside was refused; the message follows the field or parameter name.
struct DateRefusal: Error {
    let message: String
}

/// An HTTP answer that stops a handler early (bad input, no permission).
struct Refusal: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
