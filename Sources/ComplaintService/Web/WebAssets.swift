import Digest
import Foundation
import Telemetry

/// The owner's page and the staff console: the files of `web/`, read once at start-up and served
/// from memory. Only files found then are served, each at exactly one path, so no request can
/// reach outside the folder (`..`, encoded slashes, links: nothing is resolved at request time).
/// Files under `assets/` are served under `/assets/<version>/…` — the version is a hash of every
/// file — and may be cached for a year; pages (`*.html`) are revalidated on every load by their
/// `ETag`, and the asset links in them are rewritten to the current version when read.
final class WebAssets: Sendable {
    /// One file as served.
    struct Asset: Sendable {
        let body: [UInt8]
        let contentType: String
        let etag: String
    }

    /// A hash of every file: a new release gets new asset URLs, so caches never mix versions.
    let version: String
    /// Files by path relative to the folder (`index.html`, `assets/js/owner.js`).
    let files: [String: Asset]
    /// The folder they were read from.
    let directory: String

    private init(directory: String, version: String, files: [String: Asset]) {
        self.directory = directory
        self.version = version
        self.files = files
    }

    /// Media types by extension; a file with another extension is not served.
    static let mediaTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "ico": "image/x-icon",
        "json": "application/json", "webmanifest": "application/manifest+json", "txt": "text/plain; charset=utf-8",
        "woff2": "font/woff2",
    ]

    static let maxFileBytes = 8 << 20
    static let maxTotalBytes = 64 << 20

    /// Reads the folder named in the configuration, or the first `web/` found in the working
    /// directory, beside the binary, or up to four folders above it (the package root when run
    /// from `.build/`). Nil (with a warning) when there is none: the API still works.
    static func load(configured: String, log: Log) -> WebAssets? {
        guard let directory = locate(configured: configured) else {
            log.warn("web pages not found; / and /console/ answer 404", [("looked", .string(configured.isEmpty ? "web/" : configured))])
            return nil
        }
        do {
            return try read(directory, log: log)
        } catch {
            log.error(
                "web pages could not be read; / and /console/ answer 404",
                [
                    ("directory", .string(directory)),
                    ("error", .string("\(error)")),
                ])
            return nil
        }
    }

    static func locate(configured: String) -> String? {
        var candidates: [String] = []
        if !configured.isEmpty {
            candidates = [configured]
        } else {
            candidates.append(FileManager.default.currentDirectoryPath + "/web")
            var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("web").path)
            for _ in 0..<4 {
                directory = directory.deletingLastPathComponent()
                candidates.append(directory.appendingPathComponent("web").path)
            }
        }
        return candidates.first { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/index.html", isDirectory: &isDirectory) && !isDirectory.boolValue
        }
    }

    /// Reads every regular file (links and hidden files are skipped) with a known media type.
    static func read(_ directory: String, log: Log) throws -> WebAssets {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var raw: [String: [UInt8]] = [:]
        var total = 0
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else {
            throw StartupError("cannot list \(directory)")
        }
        for case let url as URL in walker {
            let values = try url.resourceValues(forKeys: Set(keys))
            guard values.isRegularFile == true, values.isSymbolicLink != true, mediaTypes[url.pathExtension.lowercased()] != nil else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(root.path + "/") else { continue }
            let relative = String(path.dropFirst(root.path.count + 1))
            guard let data = FileManager.default.contents(atPath: path), data.count <= maxFileBytes else {
                throw StartupError("cannot read \(path) (or it is larger than \(maxFileBytes) bytes)")
            }
            total += data.count
            guard total <= maxTotalBytes else { throw StartupError("the web folder holds more than \(maxTotalBytes) bytes") }
            raw[relative] = Array(data)
        }
        var whole = SHA256()
        for path in raw.keys.sorted() {
            whole.update(Array(path.utf8))
            whole.update(SHA256.hash(raw[path]!))
        }
        let version = String(hexString(whole.finalize()).prefix(12))
        var files: [String: Asset] = [:]
        for (path, bytes) in raw {
            let ext = (path as NSString).pathExtension.lowercased()
            var body = bytes
            if ext == "html" {
                body = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"/assets/", with: "\"/assets/\(version)/").utf8)
            }
            let etag = "\"" + String(hexString(SHA256.hash(body)).prefix(20)) + "\""
            files[path] = Asset(body: body, contentType: mediaTypes[ext]!, etag: etag)
        }
        log.info("web pages loaded", [("directory", .string(directory)), ("files", .int(files.count)), ("version", .string(version))])
        return WebAssets(directory: directory, version: version, files: files)
    }
}
