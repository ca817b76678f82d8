import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

/// The registration body (`POST /v1/complaints`) read straight from the bytes.
///
/// Every create goes through here, and the general path (a `JSONValue` tree walked by `Decodable`)
/// cost about a tenth of a durable create's CPU. This reader takes only the plain shape — the
/// documented members, each a value of its type or null — and gives up (nil) on anything else:
/// an unknown member, a wrong type, a bad date or enum value, malformed JSON. The caller then
/// decodes the body the general way, which accepts or refuses it with the error it always gave,
/// so the answers are the same; only the common case is faster.
enum RegistrationBody {
    /// Decodes the body as `RequestDecoding.decode(RegistrationInput.self, from:)` does.
    static func decode(_ request: HTTPRequest) -> Result<RegistrationInput, Refusal> {
        if RequestDecoding.checkMediaType(request) == nil, let input = read(request.body) { return .success(input) }
        return RequestDecoding.decode(RegistrationInput.self, from: request)
    }

    /// The input of a plain body, or nil to leave it to the general decoder. Bytes that are not
    /// UTF-8 are refused by the reader (and so left to the general path's 400).
    static func read(_ body: [UInt8]) -> RegistrationInput? {
        guard !body.isEmpty else { return nil }
        return try? JSONReader.withReader(body, limits: RequestDecoding.decoder.limits) { reader -> RegistrationInput? in
            guard try reader.peekKind() == .object else { return nil }
            var input = RegistrationInput()
            var plain = true
            try reader.readObject { key, reader in
                guard plain else { return try reader.skipValue() }
                switch key {
                case "channel": plain = try optional(&reader) { Channel(rawValue: $0) }.map { input.channel = $0 } != nil
                case "complainant":
                    if try reader.readNull() { break }
                    guard let complainant = try complainant(&reader) else {
                        plain = false
                        break
                    }
                    input.complainant = complainant
                case "content": input.content = try reader.readNullOrString()
                case "demands": input.demands = try reader.readNullOrString()
                case "incidentTime": plain = try optional(&reader, date).map { input.incidentTime = $0 } != nil
                case "incidentPlace": input.incidentPlace = try reader.readNullOrString()
                case "complaintObject": input.complaintObject = try reader.readNullOrString()
                case "category": plain = try optional(&reader) { Department(rawValue: $0) }.map { input.category = $0 } != nil
                case "incidentKey": input.incidentKey = try reader.readNullOrString()
                case "requestedBy": plain = try optional(&reader, date).map { input.requestedBy = $0 } != nil
                case "resolvedOnSpot":
                    if try reader.readNull() { break }
                    guard try reader.peekKind() == .object else {
                        plain = false
                        break
                    }
                    var onSpot = OnSpotInput()
                    try reader.readObject { key, reader in
                        switch key {
                        case "measures": onSpot.measures = try reader.readNullOrString()
                        case "result": onSpot.result = try reader.readNullOrString()
                        default: plain = false
                        }
                    }
                    input.resolvedOnSpot = onSpot
                default: plain = false
                }
            }
            return plain ? input : nil
        }
    }

    /// The complainant object's members, or nil when one is not plain.
    private static func complainant(_ reader: inout JSONReader) throws -> ComplainantInput? {
        guard try reader.peekKind() == .object else { return nil }
        var complainant = ComplainantInput()
        var plain = true
        try reader.readObject { key, reader in
            switch key {
            case "name": complainant.name = try reader.readNullOrString()
            case "phone": complainant.phone = try reader.readNullOrString()
            case "estate": complainant.estate = try reader.readNullOrString()
            case "building": complainant.building = try reader.readNullOrString()
            case "unit": complainant.unit = try reader.readNullOrString()
            default: plain = false
            }
        }
        return plain ? complainant : nil
    }

    /// A string member made into `T` by `make`: `.some(nil)` for null, nil when `make` refuses it
    /// (the general path names the error). Any other type throws (the same).
    private static func optional<T>(_ reader: inout JSONReader, _ make: (String) -> T?) throws -> T?? {
        if try reader.readNull() { return .some(nil) }
        guard let value = make(try reader.readString()) else { return nil }
        return .some(value)
    }

    /// A body date as the general decoder reads it (RFC 3339 within `AcceptedInstants`).
    private static func date(_ text: String) -> Date? {
        if case .success(let date) = RequestDecoding.bodyDate(text) { return date }
        return nil
    }
}
