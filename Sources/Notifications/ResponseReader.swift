import Foundation
import HTTP1

/// Reads one HTTP/1.1 response incrementally: the status line and fields here, the body by its
/// framing — Content-Length, chunked (HTTP1's `ChunkedDecoder`, the server's own), or until the
/// connection closes. Pure, so tests feed it byte fixtures and every split of them.
struct ResponseReader {
    /// What the bytes so far make.
    enum Outcome {
        case incomplete
        case complete(ClientResponse)
        case invalid(String)
    }

    /// Robots answer a few hundred bytes; anything near this is not one of them.
    static let maxBodyBytes = 1 << 20
    static let maxHeadBytes = 65_536

    private enum Framing {
        case length(Int)
        case chunked(ChunkedDecoder)
        case untilClose
    }

    private var buffer: [UInt8] = []
    private var response: ClientResponse?
    private var framing = Framing.untilClose
    private var done: Outcome?

    /// Takes more bytes.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        if let done { return done }
        if response == nil {
            buffer.append(contentsOf: bytes)
            return parseHead()
        }
        return body(bytes)
    }

    /// The peer closed the connection: a body read until close is complete now.
    mutating func finish() -> Outcome {
        if let done { return done }
        guard let response else { return .invalid("no complete header") }
        if case .untilClose = framing { return finished(response) }
        return .invalid("the body ended early")
    }

    private mutating func parseHead() -> Outcome {
        guard let end = ResponseReader.find([13, 10, 13, 10], in: buffer) else {
            return buffer.count > ResponseReader.maxHeadBytes ? fail("no complete header") : .incomplete
        }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let parts = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...999).contains(status) else {
            return fail("bad status line")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return fail("bad header line") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let rest = Array(buffer[(end + 4)...])
        buffer = []
        if (100..<200).contains(status) {
            // An interim response (100 Continue): skip it and read what follows.
            return rest.withUnsafeBytes { feed($0) }
        }
        let started = ClientResponse(status: status, headers: headers, body: [])
        response = started
        if status == 204 || status == 304 { return finished(started) }
        if let coding = started.header("transfer-encoding"), coding.lowercased().contains("chunked") {
            framing = .chunked(ChunkedDecoder())
        } else if let length = started.header("content-length") {
            guard let count = Int(length), count >= 0, count <= ResponseReader.maxBodyBytes else { return fail("bad Content-Length") }
            framing = .length(count)
            if count == 0 { return finished(started) }
        }
        return rest.withUnsafeBytes { body($0) }
    }

    private mutating func body(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        guard var response else { return .incomplete }
        switch framing {
        case .length(let total):
            response.body.append(contentsOf: bytes.prefix(total - response.body.count))
            self.response = response
            return response.body.count == total ? finished(response) : .incomplete
        case .chunked(var decoder):
            var limits = HTTPLimits()
            limits.maxBodyBytes = ResponseReader.maxBodyBytes
            let progress = decoder.feed(bytes, into: &response.body, limits: limits)
            framing = .chunked(decoder)
            self.response = response
            switch progress {
            case .needMore: return .incomplete
            case .finished: return finished(response)
            case .failed(let failure): return fail("chunked body: \(failure.detail)")
            }
        case .untilClose:
            response.body.append(contentsOf: bytes)
            self.response = response
            return response.body.count > ResponseReader.maxBodyBytes ? fail("response larger than \(ResponseReader.maxBodyBytes) bytes") : .incomplete
        }
    }

    private mutating func finished(_ response: ClientResponse) -> Outcome {
        done = .complete(response)
        return done!
    }

    private mutating func fail(_ reason: String) -> Outcome {
        done = .invalid(reason)
        return done!
    }

    private static func find(_ needle: [UInt8], in buffer: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i] == needle[0] && buffer[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
