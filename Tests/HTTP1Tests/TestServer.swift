import Dispatch
import Foundation
import Telemetry

@testable import HTTP1

/// Starts an HTTPServer on an ephemeral loopback port with test-only routes.
func makeTestServer(
    _ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }, extraRoutes: [Route] = [],
    log: Log = .shared, errorResponse: ErrorResponder? = nil
) throws -> HTTPServer {
    var configuration = HTTPServerConfiguration()
    configuration.port = 0
    configuration.eventLoops = 2
    configuration.accessLog = false
    configuration.cors.allowedOrigins = ["https://app.example.com"]
    adjust(&configuration)
    let routes: [Route] =
        [
            Route(.GET, "/hello") { _, _ in HTTPResponse.json(200, Array(#"{"hello":"world"}"#.utf8)) },
            // Echoes the body and some request facts; test-only, never in the product.
            Route(.POST, "/echo") { request, _ in
                HTTPResponse(
                    status: 200, contentType: "application/octet-stream",
                    headers: [("X-Body-Length", String(request.body.count))], body: request.body)
            },
            Route(.GET, "/items/{id}") { request, _ in
                HTTPResponse.json(200, Array("{\"id\":\"\(request.pathParameters["id"] ?? "")\",\"q\":\"\(request.queryValue("q") ?? "")\"}".utf8))
            },
            // Answers from another thread after `ms` milliseconds (pipelining order, shutdown tests).
            Route(.GET, "/slow/{ms}") { request, later in
                let ms = Int(request.pathParameters["ms"] ?? "0") ?? 0
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                    later.respond(HTTPResponse.json(200, Array("{\"slept\":\(ms)}".utf8)))
                }
                return nil
            },
        ] + extraRoutes
    let server = HTTPServer(configuration: configuration, router: Router(routes), log: log, errorResponse: errorResponse)
    try server.start()
    return server
}
