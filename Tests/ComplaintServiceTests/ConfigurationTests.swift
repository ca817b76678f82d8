import ComplaintDomain
import ComplaintService
import Foundation
import Testing

/// config/complaintd.json, precedence, and errors that name the key.
@Suite struct ConfigurationTests {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func shippedConfigFileEqualsBuiltInDefaults() throws {
        let path = Self.repoRoot.appendingPathComponent("config/complaintd.json").path
        let loaded = try ConfigurationLoader.load(arguments: ["--config", path], environment: [:])
        let d = ServiceConfiguration()
        #expect(loaded.http.host == d.http.host)
        #expect(loaded.http.port == d.http.port)
        #expect(loaded.http.eventLoops == d.http.eventLoops)
        #expect(loaded.http.maxConnections == d.http.maxConnections)
        #expect(loaded.http.accessLog == d.http.accessLog)
        #expect(loaded.http.serverName == d.http.serverName)
        #expect(loaded.http.problemTypeBase == d.http.problemTypeBase)
        #expect(loaded.http.limits == d.http.limits)
        #expect(loaded.http.timeouts == d.http.timeouts)
        #expect(loaded.http.cors == d.http.cors)
        #expect(loaded.dataDirectory == d.dataDirectory)
        #expect(loaded.shutdownGraceSeconds == d.shutdownGraceSeconds)
        #expect(loaded.logLevel == d.logLevel)
        #expect(loaded.fsync == d.fsync)
        #expect(loaded.segmentMaxBytes == d.segmentMaxBytes)
        #expect(loaded.snapshotEveryEvents == d.snapshotEveryEvents)
        #expect(loaded.snapshotEverySeconds == d.snapshotEverySeconds)
        #expect(loaded.deleteSegmentsCoveredBySnapshot == d.deleteSegmentsCoveredBySnapshot)
        #expect(loaded.repair == d.repair)
        #expect(loaded.schedulerTickSeconds == d.schedulerTickSeconds)
        #expect(loaded.publicAnnouncements == d.publicAnnouncements)
        let workflow = try #require(loaded.workflowJSON)
        #expect(try JSONDecoder().decode(WorkflowPolicy.self, from: workflow) == WorkflowPolicy())
    }

    func writeConfig(_ text: String) throws -> (String, TempDir) {
        let dir = try TempDir("config")
        let path = dir.path + "/c.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, dir)
    }

    @Test func precedenceIsFileThenEnvironmentThenFlag() throws {
        let (path, dir) = try writeConfig(#"{"http": {"port": 9001}, "store": {"fsync": "interval"}}"#)
        defer { dir.remove() }
        #expect(try ConfigurationLoader.load(arguments: [], environment: [:]).http.port == 8080)
        #expect(try ConfigurationLoader.load(arguments: ["--config", path], environment: [:]).http.port == 9001)
        #expect(try ConfigurationLoader.load(arguments: [], environment: ["COMPLAINTD_CONFIG": path]).http.port == 9001)
        let env = ["COMPLAINTD_PORT": "9002"]
        #expect(try ConfigurationLoader.load(arguments: ["--config", path], environment: env).http.port == 9002)
        let all = try ConfigurationLoader.load(arguments: ["--config", path, "--port", "9003"], environment: env)
        #expect(all.http.port == 9003)
        #expect(all.fsync == "interval")
        #expect(try ConfigurationLoader.load(arguments: ["--config", path, "--port=9004"], environment: env).http.port == 9004)
    }

    func rejectedKey(_ arguments: [String], _ environment: [String: String] = [:]) -> String? {
        do {
            _ = try ConfigurationLoader.load(arguments: arguments, environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return error.key
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func badValuesNameTheKey() throws {
        let (badPort, d1) = try writeConfig(#"{"http": {"port": "eighty"}}"#)
        defer { d1.remove() }
        #expect(rejectedKey(["--config", badPort]) == "http.port")
        let (tooBig, d2) = try writeConfig(#"{"http": {"limits": {"maxBodyBytes": -1}}}"#)
        defer { d2.remove() }
        #expect(rejectedKey(["--config", tooBig]) == "http.limits.maxBodyBytes")
        let (unknown, d3) = try writeConfig(#"{"http": {"prot": 1}}"#)
        defer { d3.remove() }
        #expect(rejectedKey(["--config", unknown]) == "http.prot")
        let (badFsync, d4) = try writeConfig(#"{"store": {"fsync": "sometimes"}}"#)
        defer { d4.remove() }
        #expect(rejectedKey(["--config", badFsync]) == "store.fsync")
        #expect(rejectedKey([], ["COMPLAINTD_PORT": "abc"]) == "COMPLAINTD_PORT")
        #expect(rejectedKey(["--port", "70000"]) == "--port")
        #expect(rejectedKey(["--fsync", "sometimes"]) == "--fsync")
        #expect(rejectedKey(["--no-such-flag", "1"]) == "--no-such-flag")
        #expect(rejectedKey(["--config", "/nonexistent/complaintd.json"]) == "--config")
    }

    @Test func badWorkflowValueStopsStartWithTheKey() throws {
        let dir = try TempDir("badworkflow")
        defer { dir.remove() }
        let service = Service(configuration: testConfiguration(dataDirectory: dir.path, workflow: #"{"dispatchWithin": "ten minutes"}"#))
        do {
            _ = try service.start()
            service.shutdown()
            Issue.record("started with a bad workflow value")
        } catch let error as ConfigurationError {
            #expect(error.key == "workflow.dispatchWithin")
        }
    }
}
