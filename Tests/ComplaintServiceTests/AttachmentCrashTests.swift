import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary killed (SIGKILL, as a power cut) between an upload's fsync and its record, and
/// between the record and the file's move into the store: no acknowledged record ever names a
/// missing file, and start-up removes what no record names.
@Suite(.serialized)
struct AttachmentCrashTests {
    /// A daemon armed to die at `crashPoint`, on a fresh port; nil when it did not come up.
    static func armed(_ binary: String, config: String, data: String, log: String, crashPoint: String) throws -> (ChildProcess, Int) {
        for _ in 0..<3 {
            let port = try CrashTests.freePort()
            let process = try ChildProcess(
                binary, ["--config", config, "--port", String(port), "--data-dir", data, "--fsync", "always"],
                environment: ["COMPLAINTD_CRASH_POINT": crashPoint], stdout: .file(log), stderr: .file(log))
            let ready = eventually(within: 10) { !process.isRunning || (try? http(port, "GET", "/readyz"))?.status == 200 }
            if ready && process.isRunning { return (process, port) }
            process.stop()
        }
        throw TestError("complaintd did not become ready; log: \(fileText(log))")
    }

    static func entries(_ path: String) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }

    /// Registers a complaint, uploads a photo to a daemon that dies at `crashPoint`, restarts it
    /// and returns the restarted daemon, the complaint id and the data directory.
    static func crash(at crashPoint: String, in dir: TempDir, binary: String) throws -> (CrashTests.Daemon, String, String) {
        let data = dir.path + "/data"
        let config = dir.path + "/complaintd.json"
        try Data((#"{"logLevel": "info", "http": {"accessLog": false}, "users": "# + testUsersJSON + "}").utf8)
            .write(to: URL(fileURLWithPath: config))
        let (process, port) = try armed(binary, config: config, data: data, log: dir.path + "/log-a", crashPoint: crashPoint)
        defer { process.stop() }
        let registered = try http(port, "POST", "/v1/complaints", token: Token.rita, body: registrationBody(content: "楼道漏水，墙面发霉"))
        let id = try #require(registered.json?["id"] as? String)
        let answer = try? send(
            port, "POST", "/v1/complaints/\(id)/attachments?name=leak.png", token: Token.rita, body: Files.png(5000, seed: 3),
            contentType: "image/png")
        #expect(answer == nil || answer?.status == 0, "the daemon answered before dying: \(answer?.status ?? 0)")
        #expect(process.exitStatus(within: 20) == 128 + SIGKILL, "the daemon did not die at \(crashPoint)")
        #expect(entries(data + "/attachments/pending").count == 1, "the synced file waits in pending/")
        let restarted = try CrashTests.Daemon(binary: binary, configPath: config, dataDirectory: data, logPath: dir.path + "/log-b")
        return (restarted, id, data)
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func aKillAfterTheFsyncBeforeTheRecordLeavesAnOrphanThatStartUpRemoves() throws {
        let dir = try TempDir("upload-crash")
        defer { dir.remove() }
        let (daemon, id, data) = try Self.crash(at: "attachment-staged", in: dir, binary: try #require(CrashTests.binary))
        defer { daemon.kill() }
        #expect(Self.entries(data + "/attachments/pending").isEmpty, "the orphan was removed")
        #expect(Self.entries(data + "/attachments/objects").isEmpty)
        let complaint = try http(daemon.port, "GET", "/v1/complaints/\(id)", token: Token.rita)
        #expect((complaint.json?["attachments"] as? [Any])?.isEmpty == true, "no record names the file")
        #expect(
            try http(daemon.port, "GET", "/v1/complaints/\(id)/attachments/\(Files.sha256(Files.png(5000, seed: 3)))", token: Token.rita).status
                == 404)
        #expect(fileText(dir.path + "/log-b").contains("removed files no record names"))
        // The client never had an answer and sends again: taken as new.
        let again = try send(
            daemon.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Files.png(5000, seed: 3),
            contentType: "image/png")
        #expect(again.status == 201)
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func aKillAfterTheRecordBeforeTheMoveKeepsTheFile() throws {
        let dir = try TempDir("upload-crash")
        defer { dir.remove() }
        let (daemon, id, data) = try Self.crash(at: "attachment-appended", in: dir, binary: try #require(CrashTests.binary))
        defer { daemon.kill() }
        let sha = Files.sha256(Files.png(5000, seed: 3))
        #expect(Self.entries(data + "/attachments/pending").isEmpty, "the file moved into the store")
        let listed = try http(daemon.port, "GET", "/v1/complaints/\(id)", token: Token.rita).json?["attachments"] as? [[String: Any]]
        #expect(listed?.map { $0["sha256"] as? String } == [sha])
        let served = try http(daemon.port, "GET", "/v1/complaints/\(id)/attachments/\(sha)", token: Token.rita)
        #expect(served.status == 200 && served.body == Files.png(5000, seed: 3))
        #expect(FileManager.default.fileExists(atPath: data + "/attachments/objects/\(sha.prefix(2))/\(sha)"))
    }
}
