/// Parses a complete HTTP/1.1 response from the bytes read so far (Content-Length, chunked, or
/// read-until-close bodies). Pure, so tests feed it fixtures.
enum ResponseParser {
    enum Outcome {
        case incomplete
        case complete(ClientResponse)
        case invalid(String)
    }

    static func parse(_ buffer: [UInt8], atEOF: Bool) -> Outcome {
        guard let headEnd = find([13, 10, 13, 10], in: buffer, from: 0) else {
            return atEOF || buffer.count > 65536 ? .invalid("no complete header") : .incomplete
        }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...999).contains(status) else {
            return .invalid("bad status line")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { return .invalid("bad header line") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let bodyStart = headEnd + 4
        let response = ClientResponse(status: status, headers: headers, body: [])
        if (100..<200).contains(status) {
            // An interim response (100 Continue): skip it and parse what follows.
            return parse(Array(buffer[bodyStart...]), atEOF: atEOF)
        }
        if status == 204 || status == 304 { return .complete(response) }
        if let encoding = response.header("transfer-encoding"), encoding.lowercased().contains("chunked") {
            return dechunk(buffer, from: bodyStart, response: response, atEOF: atEOF)
        }
        if let lengthText = response.header("content-length") {
            guard let length = Int(lengthText), length >= 0 else { return .invalid("bad Content-Length") }
            guard buffer.count >= bodyStart + length else { return atEOF ? .invalid("body shorter than Content-Length") : .incomplete }
            var done = response
            done.body = Array(buffer[bodyStart..<(bodyStart + length)])
            return .complete(done)
        }
        guard atEOF else { return .incomplete }
        var done = response
        done.body = Array(buffer[bodyStart...])
        return .complete(done)
    }

    private static func dechunk(_ buffer: [UInt8], from start: Int, response: ClientResponse, atEOF: Bool) -> Outcome {
        var body: [UInt8] = []
        var cursor = start
        while true {
            guard let lineEnd = find([13, 10], in: buffer, from: cursor) else { return atEOF ? .invalid("truncated chunk size") : .incomplete }
            let sizeText = String(decoding: buffer[cursor..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { return .invalid("bad chunk size") }
            cursor = lineEnd + 2
            if size == 0 {
                // Trailers end with an empty line.
                guard let end = find([13, 10], in: buffer, from: cursor) else { return atEOF ? .invalid("truncated trailer") : .incomplete }
                if end == cursor {
                    var done = response
                    done.body = body
                    return .complete(done)
                }
                cursor = end + 2
                while let next = find([13, 10], in: buffer, from: cursor), next != cursor { cursor = next + 2 }
                guard find([13, 10], in: buffer, from: cursor) == cursor else { return atEOF ? .invalid("truncated trailer") : .incomplete }
                var done = response
                done.body = body
                return .complete(done)
            }
            guard buffer.count >= cursor + size + 2 else { return atEOF ? .invalid("truncated chunk") : .incomplete }
            body.append(contentsOf: buffer[cursor..<(cursor + size)])
            guard buffer[cursor + size] == 13, buffer[cursor + size + 1] == 10 else { return .invalid("chunk not followed by CRLF") }
            cursor += size + 2
        }
    }

    private static func find(_ needle: [UInt8], in buffer: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= needle.count, start <= buffer.count - needle.count else { return nil }
        var i = start
        while i <= buffer.count - needle.count {
            if buffer[i] == needle[0] && Array(buffer[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

import Foundation
