import Telemetry

/// Every problem the server answers by itself — bytes that are not an acceptable request, a
/// limit, a timeout, an unknown path or method, the connection cap, an error a handler threw —
/// mapped to its `application/problem+json` response here and nowhere else.
enum ProtocolError: Error {
    /// The bytes are not a request we accept (400, 413, 414, 417, 431, 501 or 505).
    case unparsable(ParseFailure)
    /// The head did not arrive in time, or the body stalled (408).
    case requestTimeout
    /// No route has this path (404).
    case notFound(path: String)
    /// The path exists, but not for this method (405, with Allow).
    case methodNotAllowed(HTTPMethod, allowed: [HTTPMethod])
    /// A path segment has a malformed percent-encoding (400).
    case malformedPath
    /// Over `maxConnections` (503, with Retry-After).
    case tooManyConnections
    /// A body its route spools to a file could not be written (disk full or failing; 503).
    case bodyNotStored

    /// The response for this problem. Its `arguments` name the problem for a `ProblemLocalizer`:
    /// `problem` (which one: `unparsable`, `timeout`, `no-route`, `method`, `path`, `connections`,
    /// `internal`) and the values its words use.
    var response: HTTPResponse {
        var response: HTTPResponse
        var arguments: [String: String]
        switch self {
        case .unparsable(let failure):
            response = Problem.response(status: failure.status, slug: failure.slug, title: HTTPStatus.reason(failure.status), detail: failure.detail)
            arguments = ["problem": "unparsable", "reason": failure.detail]
        case .requestTimeout:
            response = Problem.response(
                status: 408, slug: "request-timeout", title: "Request Timeout", detail: "The request was not received in time.")
            arguments = ["problem": "timeout"]
        case .notFound(let path):
            response = Problem.response(status: 404, slug: "not-found", title: "Not Found", detail: "No resource at \(path).")
            arguments = ["problem": "no-route", "path": path]
        case .methodNotAllowed(let method, let allowed):
            let list = allowed.map(\.description).joined(separator: ", ")
            response = Problem.response(
                status: 405, slug: "method-not-allowed", title: "Method Not Allowed",
                detail: "\(method) is not allowed here; allowed: \(list).", headers: [("Allow", list)])
            arguments = ["problem": "method", "method": method.description, "allowed": list]
        case .malformedPath:
            response = Problem.response(status: 400, slug: "bad-request", title: "Bad Request", detail: "The path has a malformed percent-encoding.")
            arguments = ["problem": "path"]
        case .tooManyConnections:
            response = Problem.response(
                status: 503, slug: "too-many-connections", title: "Service Unavailable",
                detail: "The server has reached its connection limit; retry shortly.", headers: [("Retry-After", "1")])
            arguments = ["problem": "connections"]
        case .bodyNotStored:
            response = Problem.response(
                status: 503, slug: "body-not-stored", title: "Service Unavailable",
                detail: "The request body could not be stored; retry later.", headers: [("Retry-After", "5")])
            arguments = ["problem": "body-not-stored"]
        }
        response.problem?.arguments = arguments
        return response
    }

    /// The default mapping of an error a handler threw: a 500 that tells the client nothing of
    /// the error (it may hold paths, SQL-like detail or personal data) but the request id to
    /// quote; the error itself goes to the log under that id.
    static func internalError(_ error: any Error, request: HTTPRequest, log: Log) -> HTTPResponse {
        log.error(
            "handler failed",
            [
                ("requestId", .string(request.requestID)), ("route", .string(request.routePattern)),
                ("error", .string(String(describing: error))),
            ])
        var response = Problem.response(
            status: 500, slug: "internal-error", title: "Internal Server Error",
            detail: "The server could not complete the request. Quote the X-Request-Id \(request.requestID) when reporting it.")
        response.problem?.arguments = ["problem": "internal", "requestId": request.requestID]
        return response
    }
}

/// Maps an error a handler threw (or reported through `ResponseLater.fail`) to the response the
/// client gets. The application installs its own to map its errors; see `HTTPServer.init`.
public typealias ErrorResponder = @Sendable (any Error, HTTPRequest) -> HTTPResponse

/// The server's catch-all for errors an application's responder does not recognise.
public enum InternalError {
    /// A 500 that names only the request id; the error is logged under that id.
    public static func response(_ error: any Error, request: HTTPRequest, log: Log) -> HTTPResponse {
        ProtocolError.internalError(error, request: request, log: log)
    }
}
