import ComplaintService
import Foundation
import TestSupport
import Testing

/// The pages and their assets as complaintd serves them from `web/`.
@Suite(.serialized)
struct WebPageServingTests {
    /// The versioned path of an asset, as the served page links it.
    private func assetPath(_ page: TestResponse, _ file: String) throws -> String {
        let html = page.text
        let range = try #require(html.range(of: #"/assets/[0-9a-f]{12}/"# + file, options: .regularExpression))
        return String(html[range])
    }

    @Test func pagesCarryAStrictPolicyAndAreRevalidatedByETag() throws {
        let dir = try TempDir("pages")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        for path in ["/", "/board", "/console/", "/console/queue", "/console/complaints/C2612-000001"] {
            let page = try running.get(path, token: nil)
            #expect(page.status == 200, "\(path)")
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            let policy = try #require(page.header("Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'") && policy.contains("style-src 'self'") && !policy.contains("unsafe"))
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            #expect(page.header("Cache-Control") == "no-cache")
            let etag = try #require(page.header("ETag"))
            let again = try running.get(path, token: nil, headers: [("If-None-Match", etag)])
            #expect(again.status == 304 && again.body.isEmpty && again.header("ETag") == etag)
        }
        #expect(try running.get("/console", token: nil).header("Location") == "/console/")
    }

    @Test func assetsAreServedUnderTheirVersionWithTheirMediaTypeAndCachedForAYear() throws {
        let dir = try TempDir("assets")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let page = try running.get("/", token: nil)
        let script = try running.get(try assetPath(page, "js/owner.js"), token: nil)
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(script.header("Cache-Control") == "public, max-age=31536000, immutable")
        let style = try running.get(try assetPath(page, "css/base.css"), token: nil)
        #expect(style.header("Content-Type") == "text/css; charset=utf-8")
        let icon = try running.get(try assetPath(page, "img/favicon.svg"), token: nil)
        #expect(icon.header("Content-Type") == "image/svg+xml")
        let stale = try assetPath(page, "js/owner.js").replacingOccurrences(
            of: #"/assets/[0-9a-f]{12}/"#, with: "/assets/000000000000/",
            options: .regularExpression)
        #expect(try running.get(stale, token: nil).status == 404)
        #expect(try running.get("/assets/js/owner.js", token: nil).status == 404)
    }

    @Test func nothingOutsideTheWebFolderCanBeReached() throws {
        let dir = try TempDir("traversal")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let version = try assetPath(try running.get("/", token: nil), "js/owner.js").split(separator: "/")[1]
        let attempts = [
            "/../Package.swift", "/%2e%2e/Package.swift", "/assets/\(version)/../../Package.swift",
            "/assets/\(version)/%2e%2e/%2e%2e/Package.swift", "/assets/\(version)/js/..%2f..%2f..%2fPackage.swift",
            "/assets/\(version)/js/%2e%2e%2f%2e%2e%2f%2e%2e%2fREADME.md", "/console/..%2f..%2fREADME.md", "/web/index.html",
            "/assets/\(version)/..%5c..%5cPackage.swift", "/index.html/../../Package.swift", "//etc/passwd", "/assets/\(version)//etc/passwd",
            "/.git/config", "/assets/\(version)/js/.hidden", "/console/complaints/..%2f..%2f..%2fPackage.swift/x",
        ]
        for path in attempts {
            let r = try running.get(path, token: nil)
            #expect(r.status == 404 || r.status == 400, "\(path): \(r.status)")
            #expect(!r.text.contains("swift-tools-version") && !r.text.contains("# complaintd") && !r.text.contains("root:"), "\(path)")
        }
    }

    @Test func noPageHasInlineScriptStyleOrEventHandlers() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let web = root.appendingPathComponent("web")
        let files = try #require(FileManager.default.enumerator(atPath: web.path)).compactMap { $0 as? String }
        let pages = files.filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 3)
        for page in pages {
            let html = try String(contentsOf: web.appendingPathComponent(page), encoding: .utf8)
            #expect(html.range(of: #"<script(?![^>]*\bsrc=)[^>]*>"#, options: .regularExpression) == nil, "inline script in \(page)")
            #expect(html.range(of: #"\sstyle\s*="#, options: .regularExpression) == nil, "style attribute in \(page)")
            #expect(html.range(of: #"<style"#, options: .regularExpression) == nil, "style element in \(page)")
            #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "event handler attribute in \(page)")
        }
        for script in files.filter({ $0.hasSuffix(".js") }) {
            // The SVG namespace is a name, not something loaded.
            let text = try String(contentsOf: web.appendingPathComponent(script), encoding: .utf8)
                .replacingOccurrences(of: "'http://www.w3.org/2000/svg'", with: "")
            // What a strict policy refuses at run time: string code, inline style text, remote loads.
            for banned in ["eval(", "new Function", "innerHTML", "setAttribute('style'", "setAttribute(\"style\"", "http://", "https://"] {
                #expect(!text.contains(banned), "\(banned) in \(script)")
            }
        }
    }
}
