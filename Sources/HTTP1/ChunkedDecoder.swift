/// Incremental decoder for `Transfer-Encoding: chunked` (RFC 9112 §7.1): chunk extensions and
/// trailer fields are accepted and ignored; line endings after sizes and data must be CRLF.
/// The server reads request bodies with it, the notification sender response bodies.
public struct ChunkedDecoder: Sendable {
    private enum State {
        case size(digits: Int, value: Int, inExtension: Bool, sawCR: Bool)
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerLine(sawCR: Bool, length: Int)
        case finalLF
        case done
    }
    private var state = State.size(digits: 0, value: 0, inExtension: false, sawCR: false)
    private var total = 0
    private var trailerBytes = 0

    /// A decoder at the start of a chunked body.
    public init() {}

    /// The result of feeding bytes.
    public enum Progress: Sendable {
        /// All bytes consumed, more needed.
        case needMore
        /// The body ended after `consumed` bytes of this input.
        case finished(consumed: Int)
        /// The chunked framing is broken or over a limit.
        case failed(ParseFailure)
    }

    /// Consumes `bytes`, appending chunk data to `body`.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, into body: inout [UInt8], limits: HTTPLimits) -> Progress {
        var i = 0
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        while i < bytes.count {
            let byte = bytes[i]
            switch state {
            case .size(let digits, let value, let inExtension, let sawCR):
                if sawCR {
                    guard byte == lf else { return .failed(.badRequest("Chunk size line must end with CRLF.")) }
                    guard digits > 0 else { return .failed(.badRequest("Missing chunk size.")) }
                    state = value == 0 ? .trailerLineStart : .data(remaining: value)
                } else if byte == cr {
                    state = .size(digits: digits, value: value, inExtension: inExtension, sawCR: true)
                } else if inExtension {
                    if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return .failed(.badRequest("Control character in a chunk extension.")) }
                } else if let hex = PercentCoding.hexValue(byte) {
                    guard digits < 15 else { return .failed(.badRequest("Chunk size too long.")) }
                    let next = value << 4 | Int(hex)
                    if total + next > limits.maxBodyBytes { return .failed(.bodyTooLarge) }
                    state = .size(digits: digits + 1, value: next, inExtension: false, sawCR: false)
                } else if byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") || byte == 0x09 {
                    guard digits > 0 else { return .failed(.badRequest("Missing chunk size.")) }
                    state = .size(digits: digits, value: value, inExtension: true, sawCR: false)
                } else {
                    return .failed(.badRequest("Invalid chunk size."))
                }
                i += 1
            case .data(let remaining):
                let take = min(remaining, bytes.count - i)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                total += take
                i += take
                state = remaining - take == 0 ? .dataCR : .data(remaining: remaining - take)
            case .dataCR:
                guard byte == cr else { return .failed(.badRequest("Chunk data must be followed by CRLF.")) }
                state = .dataLF
                i += 1
            case .dataLF:
                guard byte == lf else { return .failed(.badRequest("Chunk data must be followed by CRLF.")) }
                state = .size(digits: 0, value: 0, inExtension: false, sawCR: false)
                i += 1
            case .trailerLineStart:
                if byte == cr {
                    state = .finalLF
                    i += 1
                    continue
                }
                if byte == lf {
                    state = .done
                    return .finished(consumed: i + 1)
                }
                state = .trailerLine(sawCR: false, length: 0)
            case .trailerLine(let sawCR, let length):
                trailerBytes += 1
                if trailerBytes > limits.maxHeaderBytes { return .failed(.headersTooLarge("Trailer section too large.")) }
                if sawCR {
                    guard byte == lf else { return .failed(.badRequest("Bare CR in a trailer field.")) }
                    state = .trailerLineStart
                } else if byte == cr {
                    state = .trailerLine(sawCR: true, length: length)
                } else if byte == lf {
                    state = .trailerLineStart
                } else {
                    if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return .failed(.badRequest("Control character in a trailer field.")) }
                    state = .trailerLine(sawCR: false, length: length + 1)
                }
                i += 1
            case .finalLF:
                guard byte == lf else { return .failed(.badRequest("The chunked body must end with CRLF.")) }
                state = .done
                return .finished(consumed: i + 1)
            case .done:
                return .finished(consumed: i)
            }
        }
        return .needMore
    }
}
