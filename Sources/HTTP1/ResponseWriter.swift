import POSIXIO
import Telemetry

/// Serialises a response with the headers every response carries, and records it
/// (metrics, access log).
enum ResponseWriter {
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
        let reason = HTTPStatus.reason(status)
        let dateLine = context.dateCache.line
        var allowedOrigin: String?
        if let origin = info.origin, let allowed = context.server.configuration.cors.allowOriginValue(for: origin),
            response.header("Access-Control-Allow-Origin") == nil
        {
            allowedOrigin = allowed
        }
        // The head is composed in the loop's scratch memory and copied once; `bound` counts
        // every byte it can hold (fixed parts generously).
        var bound = 320 + reason.utf8.count + dateLine.count + context.serverLine.count + info.requestID.utf8.count
        if let contentType = response.contentType { bound += contentType.utf8.count }
        if let allowedOrigin { bound += allowedOrigin.utf8.count + context.corsExposeLine.count }
        if let contentLanguage { bound += contentLanguage.utf8.count }
        for (name, value) in response.headers { bound += 4 + name.utf8.count + value.utf8.count }
        out.reserveCapacity(out.count + bound + (omitsBody ? 0 : body.count))
        let serverLine = context.serverLine
        let corsExposeLine = context.corsExposeLine
        context.scratch.compose(bound: bound, into: &out) { head in
            head.write("HTTP/1.1 ")
            head.writeDecimal(status)
            head.write(UInt8(ascii: " "))
            head.write(utf8: reason)
            head.write("\r\n")
            head.write(dateLine)
            head.write(serverLine)
            if let contentType = response.contentType {
                head.write("Content-Type: ")
                head.write(utf8: contentType)
                head.write("\r\n")
            }
            if status != 204 && status != 304 && status >= 200 && response.bodyStream == nil {
                head.write("Content-Length: ")
                head.writeDecimal(body.count)
                head.write("\r\n")
            }
            head.write("X-Request-Id: ")
            head.write(utf8: info.requestID)
            head.write("\r\n")
            if let allowedOrigin {
                head.write("Access-Control-Allow-Origin: ")
                head.write(utf8: allowedOrigin)
                head.write("\r\nVary: Origin\r\n")
                head.write(corsExposeLine)
            }
            if let contentLanguage {
                head.write("Content-Language: ")
                head.write(utf8: contentLanguage)
                head.write("\r\nVary: Accept-Language\r\n")
            }
            for (name, value) in response.headers {
                head.write(utf8: name)
                head.write(": ")
                head.write(utf8: value)
                head.write("\r\n")
            }
            if !keepAlive {
                head.write("Connection: close\r\n")
            } else if info.minorVersion == 0 {
                head.write("Connection: keep-alive\r\n")
            }
            head.write("\r\n")
        }
        if !omitsBody { out.append(contentsOf: body) }
        return body.count
    }

    /// Counts the response and writes its access line (an `info` line: none below that level).
    private static func record(status: Int, bodyBytes: Int, info: RequestInfo, context: LoopContext) {
        let seconds = Double(Monotonic.nanoseconds() &- info.start) / 1e9
        context.metrics.withLock { $0.record(route: info.routeIndex, method: info.method?.rawValue ?? 255, status: status, seconds: seconds) }
        guard context.accessLogEnabled, context.server.log.isEnabled(.info) else { return }
        let router = context.server.router
        let path = info.redactsPath && info.routeIndex >= 0 ? router.routes[Int(info.routeIndex)].pattern : info.path
        let method = info.method?.description ?? "-"
        let bound =
            256 + ByteCursor.jsonStringBound(utf8Count: info.requestID.utf8.count)
            + ByteCursor.jsonStringBound(utf8Count: method.utf8.count) + ByteCursor.jsonStringBound(utf8Count: path.utf8.count)
        context.scratch.compose(bound: bound, into: &context.accessLog) { line in
            line.write(#"{"time":"#)
            context.writeLogTimestamp(to: &line)
            line.write(#","level":"info","msg":"request","requestId":"#)
            line.writeJSONString(info.requestID)
            line.write(#","method":"#)
            line.writeJSONString(method)
            line.write(#","path":"#)
            line.writeJSONString(path)
            line.write(#","status":"#)
            line.writeDecimal(status)
            line.write(#","bytes":"#)
            line.writeDecimal(info.method == .HEAD ? 0 : bodyBytes)
            line.write(#","durationMs":"#)
            // Milliseconds with three decimals, from whole microseconds (no Double formatting, no allocation).
            let micros = Int((seconds * 1_000_000).rounded())
            line.writeDecimal(micros / 1000)
            let fraction = micros % 1000
            line.write(UInt8(ascii: "."))
            line.write(UInt8(ascii: "0") + UInt8(fraction / 100))
            line.write(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
            line.write(UInt8(ascii: "0") + UInt8(fraction % 10))
            line.write("}\n")
        }
    }
}
