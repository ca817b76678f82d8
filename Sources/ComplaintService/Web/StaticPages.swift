import Foundation
import HTTP1

/// Serves `WebAssets`: pages with a strict Content-Security-Policy (scripts and styles from this
/// origin only — no inline script, no inline style), revalidated by `ETag`; versioned assets
/// cached for a year; `If-None-Match` answered with 304.
struct StaticPages: Sendable {
    let assets: WebAssets

    /// The policy of every page: nothing inline, nothing from another origin, no framing.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
        + "connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Headers of every page and asset.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "geolocation=(), microphone=(), camera=(), payment=()"),
    ]

    /// The routes: `/`, `/board`, the console's views, and every asset under its version.
    func routes() -> [Route] {
        var routes: [Route] = []
        let pages: [(String, String)] =
            [("/", "index.html"), ("/board", "board.html"), ("/console/", "console/index.html")]
            + Self.consoleViews.map { ("/console/\($0)", "console/index.html") }
        for (path, file) in pages where assets.files[file] != nil {
            routes.append(Route(.GET, path) { [assets] request, _ in Self.serve(assets.files[file]!, request, cache: "no-cache") })
        }
        if assets.files["console/index.html"] != nil {
            routes.append(
                Route(.GET, "/console/complaints/{id}") { [assets] request, _ in
                    Self.serve(assets.files["console/index.html"]!, request, cache: "no-cache")
                })
            routes.append(Route(.GET, "/console") { _, _ in HTTPResponse(status: 308, headers: [("Location", "/console/")]) })
        }
        for (path, asset) in assets.files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("assets/") {
            let version = assets.version
            routes.append(
                Route(.GET, "/assets/{version}/" + path.dropFirst("assets/".count)) { request, _ in
                    // An old version's URL (a page loaded before an upgrade) gets 404, never new bytes under an old name.
                    guard request.pathParameters["version"] == version else { return Problems.notFound(Message(.assetVersionGone)) }
                    return Self.serve(asset, request, cache: "public, max-age=31536000, immutable")
                })
        }
        return routes
    }

    /// The console's views, each served the console page (the script shows the view).
    static let consoleViews = ["signin", "queue", "search", "register", "visits", "escalations", "notifications", "reports"]

    static func serve(_ asset: WebAssets.Asset, _ request: HTTPRequest, cache: String) -> HTTPResponse {
        let headers = securityHeaders + [("ETag", asset.etag), ("Cache-Control", cache)]
        if let match = request.headers["if-none-match"], matches(match, asset.etag) {
            return HTTPResponse(status: 304, headers: headers)
        }
        return HTTPResponse(status: 200, contentType: asset.contentType, headers: headers, body: asset.body)
    }

    /// RFC 9110 §13.1.2: any listed tag (weak or strong) equal to ours, or `*`.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { part in
            let tag = part.trimmingCharacters(in: .whitespaces)
            return tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == etag
        }
    }
}
