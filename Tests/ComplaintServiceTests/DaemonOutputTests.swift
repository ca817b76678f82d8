import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary and what it says: a taken port stops start-up, a stdout nobody reads never
/// stalls a request or SIGTERM, and every log line has one key style and one type per field.
@Suite(.serialized)
struct DaemonOutputTests {
    /// A running complaintd with its output wherever the test wants it.
    final class Run {
        let process: ChildProcess
        let port: Int
        let directory: TempDir

        init(
            binary: String, port: Int, config: String, stdout: ChildProcess.Stream, stderr: ChildProcess.Stream,
            environment: [String: String] = [:]
        ) throws {
            directory = try TempDir("daemon")
            self.port = port
            let configPath = directory.path + "/complaintd.json"
            try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
            process = try ChildProcess(
                binary, ["--config", configPath, "--port", String(port), "--data-dir", directory.path + "/data", "--fsync", "never"],
                environment: environment, stdout: stdout, stderr: stderr)
        }

        /// Waits until `/readyz` answers 200 (false if the process exits first or it takes too long).
        /// It must still run a moment later: a daemon that lost its port to another one exits
        /// with "address in use" just after the winner answered the probe.
        func ready() -> Bool {
            let answered = eventually(within: 20) {
                guard process.isRunning else { return true }
                return (try? http(port, "GET", "/readyz"))?.status == 200
            }
            usleep(300_000)
            return answered && process.isRunning
        }

        /// Starts a daemon on a free port and waits until it is ready; tries three ports, since
        /// a daemon of another test run may take the port between probe and bind.
        static func ready(
            binary: String, config: String, stdout: ChildProcess.Stream, stderr: ChildProcess.Stream, environment: [String: String] = [:]
        ) throws -> Run {
            for _ in 0..<3 {
                let run = try Run(
                    binary: binary, port: try CrashTests.freePort(), config: config, stdout: stdout, stderr: stderr, environment: environment)
                if run.ready() { return run }
            }
            throw TestError("complaintd did not become ready on three ports")
        }

        /// Waits for the process to end; nil if it is still running after `seconds`.
        func exitStatus(within seconds: Double) -> Int32? {
            process.exitStatus(within: seconds)
        }

        deinit {
            process.stop()
            directory.remove()
        }
    }

    /// "string", "bool" or "number" (on Linux a JSON boolean is an NSNumber whose type is "c").
    static func jsonType(_ value: Any) -> String {
        if value is String { return "string" }
        if let number = value as? NSNumber { return String(cString: number.objCType) == "c" ? "bool" : "number" }
        return "other"
    }

    static let config = #"{"users": "# + testUsersJSON + #", "shutdownGraceSeconds": 3, "http": {"eventLoops": 2}}"#

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func aSecondDaemonOnATakenPortExitsWith2NamingTheAddress() throws {
        let binary = try #require(CrashTests.binary)
        let first = try Run.ready(binary: binary, config: Self.config, stdout: .discard, stderr: .discard)
        let output = try TempDir("second")
        defer { output.remove() }
        let second = try Run(binary: binary, port: first.port, config: Self.config, stdout: .discard, stderr: .file(output.path + "/stderr"))
        #expect(second.exitStatus(within: 30) == 2)
        let message = fileText(output.path + "/stderr")
        #expect(message.contains("cannot listen on 127.0.0.1:\(first.port): address in use"), "stderr: \(message)")
        // Every request still reaches the first daemon.
        for _ in 0..<20 { #expect(try http(first.port, "GET", "/readyz").status == 200) }
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func aStdoutNobodyReadsStallsNoRequestAndSIGTERMStillStopsTheDaemon() throws {
        let binary = try #require(CrashTests.binary)
        let run = try Run.ready(binary: binary, config: Self.config, stdout: .unreadPipe, stderr: .discard)
        // Each request writes an access line of about 200 bytes: 8,000 of them are far more than
        // the pipe (64 KiB) and the logger's buffer (1 MiB) hold.
        let connections = 4
        let batches = 63
        let pipelined = 32
        for _ in 0..<connections {
            let client = try TestClient(port: run.port)
            for _ in 0..<batches {
                client.send(String(repeating: "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", count: pipelined))
                for _ in 0..<pipelined {
                    let response = try #require(client.readResponse(), "a request stalled behind the blocked stdout")
                    #expect(response.status == 200)
                }
            }
        }
        let metrics = try http(run.port, "GET", "/metrics", token: Token.rita)
        let line = metrics.text.split(separator: "\n").first { $0.hasPrefix("log_lines_dropped_total ") }
        let dropped = Double(line?.split(separator: " ").last ?? "") ?? 0
        #expect(dropped > 0, "metrics: \(line ?? "no log_lines_dropped_total")")
        run.process.signal(SIGTERM)
        // The grace period is 3 s; the log flush waits at most 1 s more.
        #expect(run.exitStatus(within: 10) == 0, "SIGTERM did not end the daemon")
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func everyLogLineUsesCamelCaseKeysAndOneTypePerFieldAndAccessLinesObeyTheLevel() throws {
        let binary = try #require(CrashTests.binary)
        for level in ["info", "warn"] {
            let output = try TempDir("log")
            defer { output.remove() }
            let logPath = output.path + "/stdout.log"
            let config = #"{"users": "# + testUsersJSON + #", "logLevel": ""# + level + #"", "store": {"snapshotEveryEvents": 2}}"#
            let run = try Run.ready(
                binary: binary, config: config,
                stdout: .file(logPath), stderr: .discard)
            for _ in 0..<3 {
                #expect(try http(run.port, "POST", "/v1/complaints", token: Token.rita, body: registrationBody(content: "楼道灯不亮")).status == 201)
            }
            #expect(try http(run.port, "GET", "/nowhere").status == 404)
            run.process.signal(SIGTERM)
            #expect(run.exitStatus(within: 20) == 0)
            let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
            var types: [String: String] = [:]
            for line in lines {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                    Issue.record("not a JSON object: \(line)")
                    continue
                }
                for (key, value) in object {
                    #expect(key.first?.isLowercase == true && key.allSatisfy { $0.isLetter || $0.isNumber }, "key style: \(key) in \(line)")
                    let type = Self.jsonType(value)
                    if let seen = types[key] { #expect(seen == type, "\(key) is a \(seen) and a \(type): \(line)") }
                    types[key] = type
                }
            }
            let accessLines = lines.filter { $0.contains(#""msg":"request""#) }
            if level == "info" {
                #expect(accessLines.count >= 4)
                #expect(types["bytes"] == "number" && types["requestId"] == "string")
            } else {
                #expect(accessLines.isEmpty, "--log-level warn must not write access lines")
            }
        }
    }

    /// The daemon starts itself again once with glibc's per-thread cache raised (a replay's frees
    /// no longer queue on the allocator's lock) and huge pages asked for the heap, keeps its name
    /// for `ps` and `pgrep`, still serves, and leaves a cache size the operator chose as it is.
    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func theAllocatorIsTunedOnceAndAnOperatorsOwnSettingIsKept() throws {
        let binary = try #require(CrashTests.binary)
        func environment(of run: Run) -> [String] {
            // glibc's loader ends each tunable it reads with a NUL in place, so the value of
            // GLIBC_TUNABLES shows in /proc as one entry per tunable.
            fileText("/proc/\(run.process.pid)/environ").split(separator: "\0").map(String.init)
        }
        let tuned = try Run.ready(binary: binary, config: Self.config, stdout: .discard, stderr: .discard)
        let tunedVariables = environment(of: tuned)
        #expect(tunedVariables.contains { $0.hasSuffix("glibc.malloc.tcache_count=1024") }, "\(tunedVariables)")
        #expect(tunedVariables.contains { $0.hasSuffix("glibc.malloc.hugetlb=1") }, "\(tunedVariables)")
        #expect(fileText("/proc/\(tuned.process.pid)/comm") == "complaintd\n")
        #expect(try http(tuned.port, "GET", "/healthz").status == 200)

        let chosen = try Run.ready(
            binary: binary, config: Self.config, stdout: .discard, stderr: .discard,
            environment: ["GLIBC_TUNABLES": "glibc.malloc.tcache_count=7"])
        let variables = environment(of: chosen)
        #expect(variables.contains("GLIBC_TUNABLES=glibc.malloc.tcache_count=7"), "\(variables)")
        #expect(!variables.contains { $0.contains("tcache_count=1024") }, "\(variables)")
        // The setting the operator left alone is still added.
        #expect(variables.contains { $0.hasSuffix("glibc.malloc.hugetlb=1") }, "\(variables)")
        #expect(try http(chosen.port, "GET", "/healthz").status == 200)
    }
}
