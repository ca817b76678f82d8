import POSIXIO
import Telemetry

/// Serialises a response with the headers every response carries, and records it
/// (metrics, access log).
enum ResponseWriter {
    private static let crlf: [UInt8] = [13, 10]

    /// Serialises `response` into `out` and records it.
    static func write(_ response: HTTPResponse, info: RequestInfo, keepAlive: Bool, context: LoopContext, into out: inout [UInt8]) {
        let bodyBytes = serialize(response, info: info, keepAlive: keepAlive, context: context, into: &out)
        record(status: response.status, bodyBytes: bodyBytes, info: info, context: context)
    }

    /// Appends the status line, headers and body; returns the body's length (before HEAD omits it).
    @discardableResult
    static func serialize(_ response: HTTPResponse, info: RequestInfo, keepAlive: Bool, context: LoopContext, into out: inout [UInt8]) -> Int {
        context.dateCache.refresh()
        let status = response.status
        var body = response.body
        var contentLanguage: String?
        if let problem = response.problem {
            var text: ProblemText?
            if let localizer = context.server.problemLocalizer, let fallback = localizer.languages.first {
                let language = AcceptLanguage.best(info.acceptLanguage, available: localizer.languages, fallback: fallback)
                text = problem.translations[language] ?? localizer.text(for: problem, in: language)
                if text != nil { contentLanguage = language }
            }
            body = problem.body(typeBase: context.server.configuration.problemTypeBase, text: text)
        }
        let omitsBody = info.method == .HEAD || status == 204 || status == 304 || status < 200
        out.reserveCapacity(out.count + 256 + (omitsBody ? 0 : body.count))
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        JSONText.appendInteger(status, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: HTTPStatus.reason(status).utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: context.dateCache.line)
        out.append(contentsOf: context.serverLine)
        if let contentType = response.contentType {
            out.append(contentsOf: "Content-Type: ".utf8)
            out.append(contentsOf: contentType.utf8)
            out.append(contentsOf: crlf)
        }
        if status != 204 && status != 304 && status >= 200 && response.bodyStream == nil {
            out.append(contentsOf: "Content-Length: ".utf8)
            JSONText.appendInteger(body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: info.requestID.utf8)
        out.append(contentsOf: crlf)
        if let origin = info.origin, let allowed = context.server.configuration.cors.allowOriginValue(for: origin),
            response.header("Access-Control-Allow-Origin") == nil
        {
            out.append(contentsOf: "Access-Control-Allow-Origin: \(allowed)\r\nVary: Origin\r\n".utf8)
            out.append(contentsOf: context.corsExposeLine)
        }
        if let contentLanguage {
            out.append(contentsOf: "Content-Language: \(contentLanguage)\r\nVary: Accept-Language\r\n".utf8)
        }
        for (name, value) in response.headers {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: crlf)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if info.minorVersion == 0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)
        if !omitsBody { out.append(contentsOf: body) }
        return body.count
    }

    /// Counts the response and writes its access line (an `info` line: none below that level).
    private static func record(status: Int, bodyBytes: Int, info: RequestInfo, context: LoopContext) {
        let seconds = Double(Monotonic.nanoseconds() &- info.start) / 1e9
        context.metrics.withLock { $0.record(route: info.routeIndex, method: info.method?.rawValue ?? 255, status: status, seconds: seconds) }
        guard context.accessLogEnabled, context.server.log.isEnabled(.info) else { return }
        var line: [UInt8] = []
        swap(&line, &context.accessLog)
        line.append(contentsOf: #"{"time":"#.utf8)
        context.appendLogTimestamp(to: &line)
        line.append(contentsOf: #","level":"info","msg":"request","requestId":"#.utf8)
        JSONText.appendString(info.requestID, to: &line)
        line.append(contentsOf: #","method":"#.utf8)
        JSONText.appendString(info.method?.description ?? "-", to: &line)
        line.append(contentsOf: #","path":"#.utf8)
        let router = context.server.router
        let path = info.redactsPath && info.routeIndex >= 0 ? router.routes[Int(info.routeIndex)].pattern : info.path
        JSONText.appendString(path, to: &line)
        line.append(contentsOf: #","status":"#.utf8)
        JSONText.appendInteger(status, to: &line)
        line.append(contentsOf: #","bytes":"#.utf8)
        JSONText.appendInteger(info.method == .HEAD ? 0 : bodyBytes, to: &line)
        line.append(contentsOf: #","durationMs":"#.utf8)
        // Milliseconds with three decimals, from whole microseconds (no Double formatting, no allocation).
        let micros = Int((seconds * 1_000_000).rounded())
        JSONText.appendInteger(micros / 1000, to: &line)
        let fraction = micros % 1000
        line.append(UInt8(ascii: "."))
        line.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        line.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        line.append(UInt8(ascii: "0") + UInt8(fraction % 10))
        line.append(contentsOf: "}\n".utf8)
        swap(&line, &context.accessLog)
    }
}
