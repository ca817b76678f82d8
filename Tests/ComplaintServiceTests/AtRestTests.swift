import ComplaintService
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// At rest, through the whole service: the data directory it makes is 0700 and every file in it
/// (the admin token included) 0600, and a data directory an older version left open is closed.
struct AtRestTests {
    func mode(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    func allPaths(under root: String) -> [String] {
        var paths = [root]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String { paths.append(root + "/" + relative) }
        return paths
    }

    @Test func theServiceKeepsItsDataOwnerOnly() throws {
        let dir = try TempDir("atrest")
        defer { dir.remove() }
        let data = dir.path + "/data"
        var configuration = testConfiguration(dataDirectory: data)
        configuration.usersJSON = nil  // so the admin token is made
        let running = try Running(configuration)
        let token = try String(contentsOfFile: data + "/admin.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try running.register(token: token).status == 201)
        running.stop()

        let paths = allPaths(under: data)
        #expect(paths.contains(data + "/admin.token") && paths.contains(data + "/log/MANIFEST"))
        for path in paths {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            #expect(mode(path) == (isDirectory.boolValue ? 0o700 : 0o600), "\(path)")
        }
    }

    @Test func aDataDirectoryLeftOpenIsClosedAtStart() throws {
        let dir = try TempDir("atrest-old")
        defer { dir.remove() }
        let data = dir.path + "/data"
        let first = try Running(testConfiguration(dataDirectory: data))
        #expect(try first.register().status == 201)
        first.stop()
        // What an older version left: world-readable personal data.
        for path in allPaths(under: data) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            chmod(path, isDirectory.boolValue ? 0o755 : 0o644)
        }
        let again = try Running(testConfiguration(dataDirectory: data))
        defer { again.stop() }
        for path in allPaths(under: data) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            #expect(mode(path) == (isDirectory.boolValue ? 0o700 : 0o600), "\(path)")
        }
        #expect(try again.get("/v1/complaints").status == 200)
    }
}
