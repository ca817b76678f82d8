/// OPTIONS: `OPTIONS *`, plain OPTIONS (Allow), and CORS preflight for configured origins.
enum Preflight {
    static func answer(head: RequestHead, router: Router, cors: CORSPolicy) -> HTTPResponse {
        if head.isAsteriskForm {
            let all = HTTPMethod.allCases.filter { $0 != .CONNECT && $0 != .TRACE }.map(\.description).joined(separator: ", ")
            return HTTPResponse(status: 204, headers: [("Allow", all)])
        }
        guard let allowed = router.allowedMethods(path: head.path) else {
            return ProtocolError.notFound(path: head.path).response
        }
        let list = allowed.map(\.description).joined(separator: ", ")
        var headers = [("Allow", list)]
        if let origin = head.headers["origin"], head.headers["access-control-request-method"] != nil {
            headers.append(("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"))
            if let allowOrigin = cors.allowOriginValue(for: origin) {
                headers.append(("Access-Control-Allow-Origin", allowOrigin))
                headers.append(("Access-Control-Allow-Methods", list))
                headers.append(("Access-Control-Allow-Headers", cors.allowedHeaders.joined(separator: ", ")))
                headers.append(("Access-Control-Max-Age", String(cors.maxAgeSeconds)))
            }
        }
        return HTTPResponse(status: 204, headers: headers)
    }
}
