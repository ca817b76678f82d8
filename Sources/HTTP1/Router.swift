/// Answers a routed request: return a response now, or nil and complete `later` afterwards
/// (from any thread) when the work runs elsewhere. An error it throws is answered through the
/// server's error mapping (by default a 500 problem that hides the error).
public typealias HTTPHandler = @Sendable (HTTPRequest, ResponseLater) throws -> HTTPResponse?

/// Checks a request after its head is read and before its body is: a non-nil response refuses it
/// at once (e.g. 401), so `Expect: 100-continue` clients never send the body. It may set the
/// request's `context` for the handler.
public typealias HeadFilter = @Sendable (inout HTTPRequest) -> HTTPResponse?

/// One route: a method and a pattern such as `/v1/complaints/{id}`.
public struct Route: Sendable {
    /// The method (HEAD is served by GET routes automatically).
    public let method: HTTPMethod
    /// The pattern; `{name}` captures one path segment.
    public let pattern: String
    /// Whether access logs show the pattern instead of the raw path (paths holding secrets).
    public let redactsPath: Bool
    /// Whether the body is kept in memory or written to a file as it arrives (uploads).
    public let bodyReception: BodyReception
    /// The handler.
    public let handler: HTTPHandler

    /// Declares a route.
    public init(
        _ method: HTTPMethod, _ pattern: String, redactsPath: Bool = false, body: BodyReception = .memory,
        _ handler: @escaping HTTPHandler
    ) {
        self.method = method
        self.pattern = pattern
        self.redactsPath = redactsPath
        self.bodyReception = body
        self.handler = handler
    }
}

/// What the router found for a method and path.
public enum RouteMatch {
    /// A route matched; `index` is its position in the table.
    case found(index: Int, parameters: [String: String])
    /// The path exists but not for this method; `allowed` is for the Allow header.
    case methodNotAllowed(allowed: [HTTPMethod])
    /// No route has this path.
    case notFound
    /// The path is malformed (bad percent-encoding).
    case badPath
}

/// Routes declared in one table, matched segment by segment through a trie.
public final class Router: Sendable {
    /// The table, in declaration order.
    public let routes: [Route]
    /// The largest body any route accepts into a file (0 when none does).
    let largestSpooledBodyBytes: Int
    private let root: Node
    /// The node of each pattern without parameters, by the pattern itself: most requests name
    /// such a path exactly (`/healthz`, `/v1/complaints`), and one lookup of the whole path
    /// replaces splitting it and a lookup per segment (5 % of a `/healthz` request's CPU).
    private let exact: [String: Node]

    // `@unchecked Sendable` is safe: nodes are mutated only inside `init`, before the router
    // is published; afterwards every thread only reads them.
    private final class Node: @unchecked Sendable {
        var literal: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        /// The route index by method (`HTTPMethod.rawValue`): an indexing, not a hashed lookup.
        /// Read on every request, written only while the router is built: no exclusivity check.
        @exclusivity(unchecked) var methods = [Int?](repeating: nil, count: HTTPMethod.allCases.count)

        func route(for method: HTTPMethod) -> Int? { methods[Int(method.rawValue)] }
        var hasRoutes: Bool { methods.contains { $0 != nil } }
    }

    /// Builds the router; two routes with the same method and pattern are a programmer error.
    public init(_ routes: [Route]) {
        self.routes = routes
        self.largestSpooledBodyBytes = routes.compactMap(\.bodyReception.spooledLimit).max() ?? 0
        let root = Node()
        var exact: [String: Node] = [:]
        for (index, route) in routes.enumerated() {
            var node = root
            var literal = true
            for segment in Router.segments(of: route.pattern) {
                if segment.hasPrefix("{") && segment.hasSuffix("}") {
                    literal = false
                    let name = String(segment.dropFirst().dropLast())
                    if let existing = node.parameter {
                        precondition(existing.name == name, "conflicting parameter names at \(route.pattern)")
                        node = existing.node
                    } else {
                        let child = Node()
                        node.parameter = (name, child)
                        node = child
                    }
                } else {
                    if let child = node.literal[String(segment)] {
                        node = child
                    } else {
                        let child = Node()
                        node.literal[String(segment)] = child
                        node = child
                    }
                }
            }
            precondition(node.route(for: route.method) == nil, "duplicate route \(route.method) \(route.pattern)")
            node.methods[Int(route.method.rawValue)] = index
            // The walk takes literal children first, so it reaches this node for this path too.
            if literal { exact[route.pattern] = node }
        }
        self.root = root
        self.exact = exact
    }

    private static func segments(of path: String) -> [Substring] {
        var path = Substring(path)
        if path.hasPrefix("/") { path = path.dropFirst() }
        return path.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// Finds the route for `method` and raw (undecoded) `path`.
    public func match(_ method: HTTPMethod, path: String) -> RouteMatch {
        guard let (node, parameters) = resolve(path) else { return .notFound }
        guard let node else { return .badPath }
        if let index = node.route(for: method) { return .found(index: index, parameters: parameters) }
        if method == .HEAD, let index = node.route(for: .GET) { return .found(index: index, parameters: parameters) }
        if !node.hasRoutes { return .notFound }
        return .methodNotAllowed(allowed: allowedMethods(node))
    }

    /// The methods a path allows (for OPTIONS and 405); nil when the path is unknown.
    public func allowedMethods(path: String) -> [HTTPMethod]? {
        guard let (node, _) = resolve(path), let node, node.hasRoutes else { return nil }
        return allowedMethods(node)
    }

    private func allowedMethods(_ node: Node) -> [HTTPMethod] {
        HTTPMethod.allCases.filter { method in
            method == .OPTIONS || node.route(for: method) != nil || (method == .HEAD && node.route(for: .GET) != nil)
        }
    }

    /// Walks the trie; returns nil for "no such path", (nil, _) for a malformed segment.
    private func resolve(_ path: String) -> (Node?, [String: String])? {
        if let node = exact[path] { return (node, [:]) }
        var node = root
        var parameters: [String: String] = [:]
        for raw in Router.segments(of: path) {
            if let child = node.literal[String(raw)] {
                node = child
                continue
            }
            guard let (name, child) = node.parameter, !raw.isEmpty else {
                // A literal may also have been percent-encoded.
                if raw.contains("%"), let decoded = PercentCoding.decode(raw), let child = node.literal[decoded] {
                    node = child
                    continue
                }
                return nil
            }
            guard let decoded = PercentCoding.decode(raw) else { return (nil, [:]) }
            parameters[name] = decoded
            node = child
        }
        return (node, parameters)
    }
}
