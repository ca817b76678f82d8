import POSIXIO
import Telemetry

/// What the connection remembers about a request until its response is written.
struct RequestInfo {
    var method: HTTPMethod?
    var path: String
    var routeIndex: Int32
    var requestID: String
    var start: UInt64
    var minorVersion: Int
    var keepAlive: Bool
    var origin: String?
    var redactsPath: Bool
}

/// Serialises a response with the headers every response carries, and records it
/// (metrics, access log).
enum ResponseWriter {
    private static let crlf: [UInt8] = [13, 10]

    static func write(_ response: HTTPResponse, info: RequestInfo, keepAlive: Bool, context: LoopContext, into out: inout [UInt8]) {
        context.dateCache.refresh()
        let status = response.status
        let omitsBody = info.method == .HEAD || status == 204 || status == 304 || status < 200
        out.reserveCapacity(out.count + 256 + (omitsBody ? 0 : response.body.count))
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
        if status != 204 && status != 304 && status >= 200 {
            out.append(contentsOf: "Content-Length: ".utf8)
            JSONText.appendInteger(response.body.count, to: &out)
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: info.requestID.utf8)
        out.append(contentsOf: crlf)
        if let origin = info.origin, let allowed = context.server.configuration.cors.allowOriginValue(for: origin),
           response.header("Access-Control-Allow-Origin") == nil {
            out.append(contentsOf: "Access-Control-Allow-Origin: \(allowed)\r\nVary: Origin\r\n".utf8)
            out.append(contentsOf: context.corsExposeLine)
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
        if !omitsBody { out.append(contentsOf: response.body) }
        record(response, info: info, context: context)
    }

    private static func record(_ response: HTTPResponse, info: RequestInfo, context: LoopContext) {
        let seconds = Double(Monotonic.nanoseconds() &- info.start) / 1e9
        context.metrics.withLock { $0.record(route: info.routeIndex, method: info.method?.rawValue ?? 255, status: response.status, seconds: seconds) }
        guard context.accessLogEnabled else { return }
        var line: [UInt8] = []
        swap(&line, &context.accessLog)
        line.append(contentsOf: #"{"time":"#.utf8)
        context.appendLogTimestamp(to: &line)
        line.append(contentsOf: #","level":"info","msg":"request","request_id":"#.utf8)
        JSONText.appendString(info.requestID, to: &line)
        line.append(contentsOf: #","method":"#.utf8)
        JSONText.appendString(info.method?.description ?? "-", to: &line)
        line.append(contentsOf: #","path":"#.utf8)
        let router = context.server.router
        let path = info.redactsPath && info.routeIndex >= 0 ? router.routes[Int(info.routeIndex)].pattern : info.path
        JSONText.appendString(path, to: &line)
        line.append(contentsOf: #","status":"#.utf8)
        JSONText.appendInteger(response.status, to: &line)
        line.append(contentsOf: #","bytes":"#.utf8)
        JSONText.appendInteger(info.method == .HEAD ? 0 : response.body.count, to: &line)
        line.append(contentsOf: #","duration_ms":"#.utf8)
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
