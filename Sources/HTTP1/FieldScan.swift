/// Collects the header fields that decide framing and connection handling, then decides:
/// Host rules (RFC 9112 §3.2), Content-Length / Transfer-Encoding (§6), Connection, Expect.
struct FieldScan {
    private var hostCount = 0
    private var contentLength: Int?
    private var contentLengthTooLarge = false
    private var transferCodings: [String] = []
    private var sawTransferEncoding = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectsContinue = false
    private var unsupportedExpectation = false

    /// Notes one field; returns a failure as soon as the field alone is invalid.
    mutating func note(name: String, value: String) -> ParseFailure? {
        // Told apart by length first: most fields decide nothing here, and comparing each name
        // with five literals cost 300 instructions a field.
        switch name.utf8.count {
        case 4 where name == "host":
            hostCount += 1
            if !FieldScan.isValidHost(value) { return .badRequest("The Host field is malformed.") }
        case 14 where name == "content-length":
            if let parsed = FieldScan.plainLength(value) {
                // One plain number, what nearly every client sends (no list, no spaces).
                if let existing = contentLength, existing != parsed { return .badRequest("Differing Content-Length values.") }
                contentLength = parsed
                return nil
            }
            // A list of identical values is allowed (§6.3); anything else is a framing error.
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = element.trimmingCharacters(in: " \t")
                guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                    return .badRequest("The Content-Length field is malformed.")
                }
                let parsed = trimmed.utf8.count > 18 ? Int.max : Int(trimmed)!
                if let existing = contentLength, existing != parsed { return .badRequest("Differing Content-Length values.") }
                contentLength = parsed
                if parsed == Int.max { contentLengthTooLarge = true }
            }
        case 17 where name == "transfer-encoding":
            sawTransferEncoding = true
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let coding = element.trimmingCharacters(in: " \t").lowercased()
                guard !coding.isEmpty else { return .badRequest("The Transfer-Encoding field is malformed.") }
                transferCodings.append(coding)
            }
        case 10 where name == "connection":
            for element in value.split(separator: ",") {
                switch element.trimmingCharacters(in: " \t").lowercased() {
                case "close": connectionClose = true
                case "keep-alive": connectionKeepAlive = true
                default: break
                }
            }
        case 6 where name == "expect":
            if value.lowercased() == "100-continue" { expectsContinue = true } else { unsupportedExpectation = true }
        default:
            break
        }
        return nil
    }

    /// Decides framing, keep-alive and 100-continue once every field has been seen.
    func decide(minorVersion: Int, limits: HTTPLimits) -> Result<(BodyFraming, Bool, Bool), ParseFailure> {
        if minorVersion >= 1 {
            if hostCount == 0 { return .failure(.badRequest("An HTTP/1.1 request needs a Host field.")) }
        }
        if hostCount > 1 { return .failure(.badRequest("More than one Host field.")) }
        var framing = BodyFraming.none
        if sawTransferEncoding {
            if contentLength != nil { return .failure(.badRequest("Both Content-Length and Transfer-Encoding are present.")) }
            if minorVersion == 0 { return .failure(.badRequest("Transfer-Encoding is not allowed in HTTP/1.0.")) }
            if let unknown = transferCodings.first(where: { $0 != "chunked" }) {
                return .failure(.notImplemented("The transfer coding \"\(unknown)\" is not implemented."))
            }
            if transferCodings.count != 1 { return .failure(.badRequest("chunked may be applied only once.")) }
            framing = .chunked
        } else if let length = contentLength {
            if contentLengthTooLarge || length > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            framing = length > 0 ? .length(length) : .none
        }
        if unsupportedExpectation { return .failure(.expectationFailed) }
        let keepAlive = minorVersion >= 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let continues = expectsContinue && minorVersion >= 1 && framing != .none
        return .success((framing, keepAlive, continues))
    }

    /// A Content-Length of 1 to 18 ASCII digits and nothing else, as a number; nil for any other
    /// value (a list, spaces, a sign, too many digits: the general rules judge those).
    private static func plainLength(_ value: String) -> Int? {
        var value = value
        return value.withUTF8 { bytes -> Int? in
            guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
            var parsed = 0
            for byte in bytes {
                guard byte &- UInt8(ascii: "0") < 10 else { return nil }
                parsed = parsed &* 10 &+ Int(byte &- UInt8(ascii: "0"))
            }
            return parsed
        }
    }

    /// uri-host [ ":" port ]: no whitespace, no userinfo, no path; empty is allowed (§3.2).
    private static func isValidHost(_ value: String) -> Bool {
        var value = value
        // On the contiguous bytes: iterating a small String's UTF-8 view cost 1 % of a `/healthz`.
        return value.withUTF8 { bytes in bytes.allSatisfy(isHostByte) }
    }

    /// Whether a uri-host [ ":" port ] may hold `byte`: unreserved, sub-delims, `%`, `:`, `[`, `]`
    /// (`a-z A-Z 0-9 - . _ ~ ! $ & ' ( ) * + , ; = % : [ ]`). Two constant bit masks, one per half
    /// of ASCII: a table in a global was reached through `swift_once` on every request.
    @inline(__always)
    private static func isHostByte(_ byte: UInt8) -> Bool {
        let below64: UInt64 = 0x2fff_7ff2_0000_0000  // ! $ % & ' ( ) * + , - . 0-9 : ; =
        let from64: UInt64 = 0x47ff_fffe_afff_fffe  // A-Z [ ] _ a-z ~
        if byte < 64 { return below64 >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return from64 >> UInt64(byte - 64) & 1 == 1 }
        return false
    }
}

extension StringProtocol {
    /// Trims the given ASCII characters from both ends.
    func trimmingCharacters(in set: String) -> String {
        // The sets are a character or two (" \t"): a linear look, not a hashed Set built per field.
        var view = Substring(self)
        while let first = view.unicodeScalars.first, set.unicodeScalars.contains(first) { view = view.dropFirst() }
        while let last = view.unicodeScalars.last, set.unicodeScalars.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
