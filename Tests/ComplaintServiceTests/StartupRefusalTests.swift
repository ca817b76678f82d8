import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real binary refuses to start, with exit code 2 and a message naming what is wrong, before
/// it opens (or creates) anything: bad configuration of every family, from the file, the
/// environment and flags; a token file others can read; an acknowledged record that is damaged.
@Suite(.serialized)
struct StartupRefusalTests {
    struct Outcome {
        var status: Int32
        var stderr: String
        var stdout: String
    }

    /// Runs complaintd; a process still running after `seconds` is stopped and reported as -1.
    static func run(_ arguments: [String], environment extra: [String: String] = [:], seconds: Double = 15) throws -> Outcome {
        let binary = try #require(CrashTests.binary)
        let output = try TempDir("refusal-output")
        defer { output.remove() }
        let process = try ChildProcess(
            binary, arguments, environment: extra,
            stdout: .file(output.path + "/stdout"), stderr: .file(output.path + "/stderr"))
        let status = process.exitStatus(within: seconds) ?? -1
        process.stop()
        return Outcome(status: status, stderr: fileText(output.path + "/stderr"), stdout: fileText(output.path + "/stdout"))
    }

    /// (config file text or nil, environment, flags, what stderr must name: key and value)
    static let badConfigurations: [(String?, [String: String], [String], [String])] = [
        (#"{"workflow": {"dispatchWithin": -600}}"#, [:], [], ["workflow.dispatchWithin", "-600"]),
        (#"{"workflow": {"returnVisitWithin": 0}}"#, [:], [], ["workflow.returnVisitWithin", "0"]),
        (#"{"http": {"port": "eighty"}}"#, [:], [], ["http.port", "\"eighty\""]),
        (#"{"http": {"timeouts": {"headerSecond": 5}}}"#, [:], [], ["http.timeouts.headerSecond", "5"]),
        (#"{"workflow": {"dispatchWitin": 600}}"#, [:], [], ["workflow.dispatchWitin", "600"]),
        (#"{"store": {"fsnyc": "always"}}"#, [:], [], ["store.fsnyc", "\"always\""]),
        (#"{"notifications": {"retryBaseSecond": 5}}"#, [:], [], ["notifications.retryBaseSecond", "5"]),
        (#"{"http": {"limits": {"maxBodyBytes": -1}}}"#, [:], [], ["http.limits.maxBodyBytes", "-1"]),
        (nil, ["COMPLAINTD_SHUTDOWN_GRACE": "-5"], [], ["COMPLAINTD_SHUTDOWN_GRACE", "\"-5\""]),
        (nil, ["COMPLAINTD_PROT": "9000"], [], ["COMPLAINTD_PROT", "\"9000\""]),
        (nil, [:], ["--port", "70000"], ["--port", "\"70000\""]),
        (nil, [:], ["--fsync", "sometimes"], ["--fsync", "\"sometimes\""]),
    ]

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found"), arguments: 0..<StartupRefusalTests.badConfigurations.count)
    func aBadSettingStopsStartUpBeforeAnythingIsOpened(_ index: Int) throws {
        let (file, environment, flags, named) = Self.badConfigurations[index]
        let dir = try TempDir("refusal")
        defer { dir.remove() }
        var arguments = ["--data-dir", dir.path + "/data", "--port", "0"] + flags
        if let file {
            try Data(file.utf8).write(to: URL(fileURLWithPath: dir.path + "/c.json"))
            arguments = ["--config", dir.path + "/c.json"] + arguments
        }
        let outcome = try Self.run(arguments, environment: environment)
        #expect(outcome.status == 2, "\(named): \(outcome.stderr)")
        for text in named { #expect(outcome.stderr.contains(text), "stderr lacks \(text): \(outcome.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/data"), "\(named): the data directory was created")
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found"))
    func anAdminTokenOthersCanReadIsRefused() throws {
        let dir = try TempDir("token")
        defer { dir.remove() }
        let data = dir.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let token = data + "/admin.token"
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: URL(fileURLWithPath: token))
        chmod(token, 0o644)
        let outcome = try Self.run(["--data-dir", data, "--port", "0"])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(token))
        #expect(outcome.stderr.contains("readable by group or others"))
        #expect(outcome.stderr.contains("chmod 600"))
        #expect(!outcome.stderr.contains("0123456789abcdef"))
        #expect(!FileManager.default.fileExists(atPath: data + "/log"), "the event log was opened")
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found"))
    func aDamagedAcknowledgedLastRecordStopsStartUpAndRepairSetsItAside() throws {
        let dir = try TempDir("lastrecord")
        defer { dir.remove() }
        let data = dir.path + "/data"
        // A first run makes the log (its admin token and an empty segment), then stops.
        let port = try CrashTests.freePort()
        let binary = try #require(CrashTests.binary)
        let first = try ChildProcess(binary, ["--data-dir", data, "--port", String(port), "--log-level", "warn"])
        #expect(eventually(within: 15) { (try? http(port, "GET", "/readyz"))?.status == 200 })
        let token = try String(contentsOfFile: data + "/admin.token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let created = try http(port, "POST", "/v1/complaints", token: token, body: registrationBody(content: "The lift is stuck"))
        #expect(created.status == 201)
        first.signal(SIGTERM)
        #expect(first.exitStatus(within: 30) == 0)
        // No snapshot covers it, and its newline is intact: the record was acknowledged.
        for name in try FileManager.default.contentsOfDirectory(atPath: data + "/snapshots") {
            try FileManager.default.removeItem(atPath: data + "/snapshots/" + name)
        }
        let segment = data + "/log/0000000001.jsonl"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
        let lastLineStart = (bytes.dropLast().lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        let lineNumber = bytes[..<lastLineStart].filter { $0 == 0x0A }.count + 1
        bytes[bytes.count - 5] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: segment))

        let refused = try Self.run(["--data-dir", data, "--port", "0"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("0000000001.jsonl line \(lineNumber) (offset \(lastLineStart))"), "\(refused.stderr)")
        #expect(refused.stderr.contains("checksum mismatch"))

        // --repair sets the record aside, says which sequence number was lost, and starts.
        let repairPort = try CrashTests.freePort()
        let repair = try ChildProcess(
            binary, ["--data-dir", data, "--port", String(repairPort), "--repair"],
            stdout: .file(dir.path + "/repair.log"))
        #expect(eventually(within: 15) { (try? http(repairPort, "GET", "/readyz"))?.status == 200 })
        repair.signal(SIGTERM)
        #expect(repair.exitStatus(within: 30) == 0)
        let lines = fileText(dir.path + "/repair.log")
        let report = lines.split(separator: "\n").first { $0.contains("repair set damaged records aside") }
        // The only record (sequence 1, the registration) is the one lost; the key's style may vary.
        #expect(report.map { $0.range(of: #"ost_?[sS]equences":"1""#, options: .regularExpression) != nil } == true, "\(lines)")
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: data + "/log").filter { $0.hasPrefix("quarantine-") }
        #expect(quarantined.count == 1)
    }
}
