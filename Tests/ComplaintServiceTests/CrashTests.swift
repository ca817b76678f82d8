import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 the real binary under concurrent writes: every acknowledged complaint survives, nothing half-written appears.
@Suite(.serialized)
struct CrashTests {
    /// The built `complaintd`: $COMPLAINTD_BIN, beside this test binary, or in the package's `.build/debug`.
    static let binary: String? = {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["COMPLAINTD_BIN"] { candidates.append(explicit) }
        let selfExe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(selfExe.deletingLastPathComponent().appendingPathComponent("complaintd").path)
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().appendingPathComponent("complaintd").path)
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<3 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent(".build/debug/complaintd").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let writers = 8

    /// Ports already handed out in this process: the kernel may offer a just-released port
    /// again, and two suites starting daemons at once must not get the same one (the loser
    /// exits with "address in use", but the winner would answer the loser's readiness probe).
    private static let handedOut = Mutex<Set<Int>>([])

    /// A free loopback port (bound and released; the daemon binds it right after), never the
    /// same twice in one test run.
    static func freePort() throws -> Int {
        for _ in 0..<50 {
            let port = try probePort()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw TestError("cannot find a port not handed out before")
    }

    private static func probePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestError("cannot find a free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One running daemon; killed with SIGKILL by `kill()` or at the latest by deinit.
    final class Daemon {
        let port: Int
        private var process: ChildProcess?
        let pid: pid_t

        init(binary: String, configPath: String, dataDirectory: String, logPath: String) throws {
            var lastError: Error = TestError("not started")
            for _ in 0..<3 {
                let port = try CrashTests.freePort()
                let process = try ChildProcess(
                    binary, ["--config", configPath, "--port", String(port), "--data-dir", dataDirectory, "--fsync", "always"],
                    stdout: .file(logPath), stderr: .file(logPath))
                let ready = eventually(within: 10) {
                    guard process.isRunning else { return true }
                    return (try? http(port, "GET", "/readyz"))?.status == 200
                }
                if ready && process.isRunning {
                    self.process = process
                    self.port = port
                    self.pid = process.pid
                    return
                }
                process.stop()
                lastError = TestError("complaintd did not become ready on port \(port); log: \(fileText(logPath))")
            }
            throw lastError
        }

        /// SIGKILL (if it still runs) and reap.
        func kill() {
            process?.stop()
            process = nil
        }

        deinit { kill() }
    }

    /// What the writers saw: markers they sent, and those acknowledged with 201.
    final class Ledger: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var attempted: [String: String] = [:]  // marker -> full content
        private(set) var acknowledged: [String: String] = [:]  // marker -> complaint id
        private(set) var stop = false
        func attempt(_ marker: String, _ content: String) {
            lock.lock()
            attempted[marker] = content
            lock.unlock()
        }
        func ack(_ marker: String, _ id: String) {
            lock.lock()
            acknowledged[marker] = id
            lock.unlock()
        }
        func halt() {
            lock.lock()
            stop = true
            lock.unlock()
        }
        var stopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return stop
        }
        func snapshot() -> ([String: String], [String: String]) {
            lock.lock()
            defer { lock.unlock() }
            return (attempted, acknowledged)
        }
    }

    static func content(for marker: String) -> String {
        "BEGIN[\(marker)] The corridor light on this floor flickers all night; " + String(repeating: "details ", count: 40) + "END[\(marker)]"
    }

    /// Every complaint in the service, following cursors.
    static func listAll(port: Int) throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var cursor: String?
        repeat {
            var path = "/v1/complaints?limit=200"
            if let cursor { path += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor) }
            let r = try http(port, "GET", path, token: Token.rita)
            guard r.status == 200, let json = r.json else { throw TestError("list: \(r.status) \(r.text)") }
            all += json["items"] as? [[String: Any]] ?? []
            cursor = json["nextCursor"] as? String
        } while cursor != nil
        return all
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func killNineUnderConcurrentWritesLosesNothingAcknowledged() throws {
        let binary = try #require(Self.binary)
        let dir = try TempDir("crash")
        defer { dir.remove() }
        let data = dir.path + "/data"
        let configPath = dir.path + "/complaintd.json"
        let config = #"{"logLevel": "warn", "http": {"accessLog": false, "eventLoops": 2}, "users": "# + testUsersJSON + "}"
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        var knownTotal = 0

        for round in 1...3 {
            let roundStart = Date()
            let ledger = Ledger()
            var daemon: Daemon? = try Daemon(binary: binary, configPath: configPath, dataDirectory: data, logPath: dir.path + "/log-\(round)a")
            defer { daemon?.kill() }
            let port = daemon!.port

            let group = DispatchGroup()
            for w in 0..<Self.writers {
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    var n = 0
                    while !ledger.stopped {
                        n += 1
                        let marker = "r\(round)-w\(w)-n\(n)"
                        let content = Self.content(for: marker)
                        ledger.attempt(marker, content)
                        guard
                            let r = try? http(
                                port, "POST", "/v1/complaints", token: Token.rita,
                                body: registrationBody(content: content, unit: "\(w)0\(n % 7)"))
                        else { return }
                        guard r.status == 201, let id = r.json?["id"] as? String else { return }
                        ledger.ack(marker, id)
                    }
                }
            }
            usleep(UInt32.random(in: 300_000...1_500_000))
            daemon!.kill()
            ledger.halt()
            #expect(group.wait(timeout: .now() + 15) == .success, "writers did not stop after the kill")
            daemon = nil
            let (attempted, acknowledged) = ledger.snapshot()
            #expect(!acknowledged.isEmpty, "round \(round): no write was acknowledged before the kill")

            let restarted = try Daemon(binary: binary, configPath: configPath, dataDirectory: data, logPath: dir.path + "/log-\(round)b")
            defer { restarted.kill() }
            for (marker, id) in acknowledged {
                let r = try http(restarted.port, "GET", "/v1/complaints/\(id)", token: Token.rita)
                #expect(r.status == 200, "round \(round): acknowledged \(id) (\(marker)) lost after kill -9")
                #expect(r.json?["content"] as? String == Self.content(for: marker), "round \(round): \(id) content differs")
            }
            let all = try Self.listAll(port: restarted.port)
            let thisRound = all.filter { ($0["content"] as? String)?.contains("[r\(round)-") == true }
            #expect(all.count - knownTotal == thisRound.count, "complaints without a this-round marker appeared")
            #expect(
                thisRound.count >= acknowledged.count && thisRound.count <= acknowledged.count + Self.writers,
                "round \(round): \(thisRound.count) complaints for \(acknowledged.count) acknowledged writes")
            var seen = Set<String>()
            for complaint in all {
                let text = complaint["content"] as? String ?? ""
                guard let open = text.range(of: "BEGIN["), let close = text.range(of: "]", range: open.upperBound..<text.endIndex) else {
                    Issue.record("complaint without a marker: \(text.prefix(80))")
                    continue
                }
                let marker = String(text[open.upperBound..<close.lowerBound])
                #expect(text == Self.content(for: marker), "half-present complaint \(complaint["id"] ?? "?")")
                #expect(seen.insert(marker).inserted, "marker \(marker) stored twice")
                if marker.hasPrefix("r\(round)-") { #expect(attempted[marker] != nil, "unknown marker \(marker)") }
            }
            print(
                "crash round \(round): \(acknowledged.count) acknowledged, \(thisRound.count - acknowledged.count) in flight and recovered, \(all.count) in total"
            )
            // The recovered service still takes writes.
            let after = try http(
                restarted.port, "POST", "/v1/complaints", token: Token.rita,
                body: registrationBody(content: Self.content(for: "after-\(round)")))
            #expect(after.status == 201, "round \(round): write after recovery: \(after.status) \(after.text)")
            knownTotal = all.count + (after.status == 201 ? 1 : 0)
            restarted.kill()
            let took = Date().timeIntervalSince(roundStart)
            #expect(took < 30, "round \(round) took \(took) s")
        }
    }
}
