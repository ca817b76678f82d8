import Testing

@testable import HTTP1

/// Matching by the whole path (literal routes) and segment by segment (the rest) must agree:
/// a literal beats a parameter, methods and HEAD are as declared, encoded literals still match.
struct RouterTests {
    let router = Router([
        Route(.GET, "/healthz") { _, _ in nil },
        Route(.GET, "/v1/complaints") { _, _ in nil },
        Route(.POST, "/v1/complaints") { _, _ in nil },
        Route(.GET, "/v1/complaints/export") { _, _ in nil },
        Route(.GET, "/v1/complaints/{id}") { _, _ in nil },
        Route(.POST, "/v1/complaints/{id}/{action}") { _, _ in nil },
    ])

    func found(_ method: HTTPMethod, _ path: String) -> (Int, [String: String])? {
        guard case .found(let index, let parameters) = router.match(method, path: path) else { return nil }
        return (index, parameters)
    }

    @Test func literalPathsMatchTheirRoutes() {
        #expect(found(.GET, "/healthz")?.0 == 0)
        #expect(found(.HEAD, "/healthz")?.0 == 0)
        #expect(found(.GET, "/v1/complaints")?.0 == 1)
        #expect(found(.POST, "/v1/complaints")?.0 == 2)
        #expect(found(.GET, "/v1/complaints/export")?.0 == 3)
        guard case .methodNotAllowed(let allowed) = router.match(.DELETE, path: "/v1/complaints") else {
            Issue.record("DELETE on a GET/POST path was not a 405")
            return
        }
        #expect(allowed == [.GET, .HEAD, .POST, .OPTIONS])
        guard case .notFound = router.match(.GET, path: "/healthz/") else {
            Issue.record("a path with a trailing slash matched")
            return
        }
    }

    @Test func parametersAndEncodedLiteralsStillMatchSegmentBySegment() {
        #expect(found(.GET, "/v1/complaints/C2611-000001")?.1 == ["id": "C2611-000001"])
        #expect(found(.GET, "/v1/complaints/%E7%BF%A0")?.1 == ["id": "翠"])
        #expect(found(.POST, "/v1/complaints/C1/assess")?.1 == ["id": "C1", "action": "assess"])
        #expect(found(.GET, "/v1/complaint%73/export")?.0 == 3)
        #expect(found(.GET, "/heal%74hz")?.0 == 0)
        guard case .badPath = router.match(.GET, path: "/v1/complaints/%ZZ") else {
            Issue.record("a malformed escape was not a bad path")
            return
        }
    }
}
