/// What happens to a request once its head is read and before its body is: it goes to its
/// route's handler, or it is answered at once — OPTIONS, a routing problem, or a refusal by the
/// application's head filter (e.g. 401, so a `100-continue` client never sends the body).
enum Admission {
    /// Read the body (if any), then call this handler.
    case handler(HTTPHandler)
    /// Answer with this response; no handler runs.
    case answer(HTTPResponse)

    /// Routes `request`, filling in its route facts (pattern, path parameters) and `info`'s.
    static func decide(_ head: RequestHead, request: inout HTTPRequest, info: inout RequestInfo, server: HTTPServer) -> Admission {
        let router = server.router
        if head.method == .OPTIONS {
            return .answer(Preflight.answer(head: head, router: router, cors: server.configuration.cors))
        }
        switch router.match(head.method, path: head.path) {
        case .found(let index, let parameters):
            let route = router.routes[index]
            info.routeIndex = Int32(index)
            info.redactsPath = route.redactsPath
            request.pathParameters = parameters
            request.routePattern = route.pattern
            if let refusal = server.headFilter?(&request) { return .answer(refusal) }
            return .handler(route.handler)
        case .methodNotAllowed(let allowed):
            return .answer(ProtocolError.methodNotAllowed(head.method, allowed: allowed).response)
        case .notFound:
            return .answer(ProtocolError.notFound(path: head.path).response)
        case .badPath:
            return .answer(ProtocolError.malformedPath.response)
        }
    }
}
