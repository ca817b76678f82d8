import ComplaintDomain
import Foundation
import HTTP1

/// Body and query decoding at the edge: malformed JSON is 400, well-formed JSON that breaks a
/// rule is 422 naming each field.
enum RequestDecoding {
    /// A decoder for request bodies: dates are RFC 3339 / ISO 8601, with or without fractions.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an RFC 3339 date-time, e.g. 2026-11-22T09:30:00+08:00")
            }
            return date
        }
        return decoder
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
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
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), object is [String: Any] else {
            return Problems.badRequest("The body is not a JSON object.", slug: "malformed-json")
        }
        return nil
    }

    /// Decodes a JSON body into `T`: 415 for another media type, 400 for malformed JSON, 422 for wrong types.
    static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) -> Result<T, Refusal> {
        if let refusal = checkMediaType(request) { return .failure(Refusal(refusal)) }
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        do {
            return .success(try makeDecoder().decode(T.self, from: Data(body)))
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

    func string(_ name: String) -> String? { values[name]?.last }

    func enumValue<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> Result<T?, Refusal> where T.RawValue == String {
        guard let raw = string(name) else { return .success(nil) }
        guard let value = T(rawValue: raw) else {
            return .failure(Refusal(Problems.invalidParameter(name, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")))
        }
        return .success(value)
    }

    func date(_ name: String) -> Result<Date?, Refusal> {
        guard let raw = string(name) else { return .success(nil) }
        if let date = RequestDecoding.parseDate(raw) { return .success(date) }
        // A plain day means its start in UTC.
        if let day = try? Date.ISO8601FormatStyle().year().month().day().parse(raw) { return .success(day) }
        return .failure(Refusal(Problems.invalidParameter(name, "expected an RFC 3339 date-time")))
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

/// An HTTP answer that stops a handler early (bad input, no permission).
struct Refusal: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
