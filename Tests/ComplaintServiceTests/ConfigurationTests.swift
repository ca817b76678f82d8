import ComplaintDomain
import ComplaintService
import Foundation
import Notifications
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
        #expect(loaded.writeRetrySeconds == d.writeRetrySeconds)
        #expect(loaded.verifyBytesPerSecond == d.verifyBytesPerSecond)
        #expect(loaded.summaryBackfillShare == d.summaryBackfillShare)
        #expect(loaded.summaryReadAheadShare == d.summaryReadAheadShare)
        #expect(loaded.summaryReservedFreeBytes == d.summaryReservedFreeBytes)
        #expect(loaded.repair == d.repair)
        #expect(loaded.schedulerTickSeconds == d.schedulerTickSeconds)
        #expect(loaded.publicAnnouncements == d.publicAnnouncements)
        #expect(loaded.workflow == WorkflowPolicy())
        #expect(loaded.attachments == d.attachments)
        #expect(loaded.web.directory == d.web.directory)
        #expect(loaded.web.publicIntake == d.web.publicIntake)
        #expect(loaded.web.publicIntakePerHour == d.web.publicIntakePerHour)
        #expect(loaded.web.notificationRetryRoles == d.web.notificationRetryRoles)
        #expect(loaded.web.dueSoonSeconds == d.web.dueSoonSeconds)
        #expect(loaded.web.trustedProxies == d.web.trustedProxies)
        #expect(loaded.web.session.cookieName == d.web.session.cookieName)
        #expect(loaded.web.session.secureCookie == d.web.session.secureCookie)
        #expect(loaded.web.session.absoluteSeconds == d.web.session.absoluteSeconds)
        #expect(loaded.web.session.idleSeconds == d.web.session.idleSeconds)
        #expect(loaded.web.signIn.maxFailuresPerUser == d.web.signIn.maxFailuresPerUser)
        #expect(loaded.web.signIn.maxFailuresPerAddress == d.web.signIn.maxFailuresPerAddress)
        #expect(loaded.web.signIn.windowSeconds == d.web.signIn.windowSeconds)
        #expect(loaded.web.signIn.maxConcurrentChecks == d.web.signIn.maxConcurrentChecks)
        #expect(loaded.live.maxStreams == d.live.maxStreams)
        #expect(loaded.live.heartbeatSeconds == d.live.heartbeatSeconds)
        #expect(loaded.live.bufferBytes == d.live.bufferBytes)
        #expect(loaded.live.replayEvents == d.live.replayEvents)
        #expect(loaded.live.retryMilliseconds == d.live.retryMilliseconds)
        #expect(loaded.language == d.language)
        #expect(loaded.publicBaseURL == d.publicBaseURL)
        // The notifications section is parsed when the service starts; its values match the module's defaults.
        let section = try #require(loaded.notificationsJSON.flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        let n = NotificationSettings()
        #expect(section["maxAttempts"] as? Int == n.maxAttempts)
        #expect(section["retryBaseSeconds"] as? Double == n.retryBaseSeconds)
        #expect(section["retryMaxSeconds"] as? Double == n.retryMaxSeconds)
        #expect(section["timeoutSeconds"] as? Double == n.timeoutSeconds)
        #expect(section["pollSeconds"] as? Double == n.pollSeconds)
        #expect(section["language"] as? String == n.language.rawValue)
        #expect(section["quietHours"] is NSNull && n.quietHours == nil)
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
        #expect(all.fsync == .interval)
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
        let (overOneCore, d7) = try writeConfig(#"{"store": {"summaryBackfillShare": 1.5}}"#)
        defer { d7.remove() }
        #expect(rejectedKey(["--config", overOneCore]) == "store.summaryBackfillShare")
        #expect(rejectedKey([], ["COMPLAINTD_PORT": "abc"]) == "COMPLAINTD_PORT")
        #expect(rejectedKey(["--port", "70000"]) == "--port")
        #expect(rejectedKey(["--fsync", "sometimes"]) == "--fsync")
        #expect(rejectedKey(["--no-such-flag", "1"]) == "--no-such-flag")
        #expect(rejectedKey(["--config", "/nonexistent/complaintd.json"]) == "--config")
        let (ownerOverAll, d5) = try writeConfig(#"{"attachments": {"maxPerComplaint": 5, "maxFromOwner": 6}}"#)
        defer { d5.remove() }
        #expect(rejectedKey(["--config", ownerOverAll]) == "attachments.maxFromOwner")
        let (requestUnderFile, d6) = try writeConfig(#"{"attachments": {"maxFileBytes": 4096, "maxRequestBytes": 2048}}"#)
        defer { d6.remove() }
        #expect(rejectedKey(["--config", requestUnderFile]) == "attachments.maxRequestBytes")
    }

    /// The error for a config file holding `text`: (key, value), or nil if it loads.
    func rejection(file text: String, environment: [String: String] = [:], arguments: [String] = []) throws -> (key: String, value: String)? {
        let (path, dir) = try writeConfig(text)
        defer { dir.remove() }
        do {
            _ = try ConfigurationLoader.load(arguments: ["--config", path] + arguments, environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return (error.key, error.value)
        }
    }

    @Test(arguments: [
        // Durations that are not positive.
        (#"{"workflow": {"dispatchWithin": -600}}"#, "workflow.dispatchWithin", "-600"),
        (#"{"workflow": {"resolveMinor": 0}}"#, "workflow.resolveMinor", "0"),
        (#"{"http": {"timeouts": {"headerSeconds": 0}}}"#, "http.timeouts.headerSeconds", "0"),
        (#"{"store": {"writeRetrySeconds": -1}}"#, "store.writeRetrySeconds", "-1"),
        // Wrongly typed values.
        (#"{"workflow": {"dispatchWithin": "ten minutes"}}"#, "workflow.dispatchWithin", "\"ten minutes\""),
        (#"{"workflow": {"approvalRequiredForMinor": 1}}"#, "workflow.approvalRequiredForMinor", "1"),
        (#"{"http": {"port": "8080"}}"#, "http.port", "\"8080\""),
        (#"{"http": {"accessLog": "yes"}}"#, "http.accessLog", "\"yes\""),
        (#"{"store": {"fsync": true}}"#, "store.fsync", "true"),
        (#"{"http": {"cors": {"allowedOrigins": ["https://a.example", 7]}}}"#, "http.cors.allowedOrigins", #"["https://a.example",7]"#),
        (#"{"http": {"limits": 5}}"#, "http.limits", "5"),
        (#"{"notifications": {"maxAttempts": 2.5}}"#, "notifications.maxAttempts", "2.5"),
        // Unknown keys (typos) at every level.
        (#"{"dataDirectroy": "./d"}"#, "dataDirectroy", "\"./d\""),
        (#"{"workflow": {"dispatchWitin": 600}}"#, "workflow.dispatchWitin", "600"),
        (#"{"workflow": {"permissions": {"asses": ["admin"]}}}"#, "workflow.permissions.asses", #"["admin"]"#),
        (#"{"workflow": {"majorNotify": ["leader", "boss"]}}"#, "workflow.majorNotify.1", #""boss""#),
        (#"{"http": {"timeouts": {"headerSecond": 5}}}"#, "http.timeouts.headerSecond", "5"),
        (#"{"store": {"fsnyc": "always"}}"#, "store.fsnyc", "\"always\""),
        (
            #"{"notifications": {"endpoints": [{"kind": "webhook", "url": "http://h/", "secertEnv": "X"}]}}"#, "notifications.endpoints[0].secertEnv",
            "\"X\""
        ),
        // Out of range.
        (#"{"http": {"port": 70000}}"#, "http.port", "70000"),
        (#"{"workflow": {"incidentOwnersForMajor": 0}}"#, "workflow.incidentOwnersForMajor", "0"),
        (#"{"workflow": {"timeZone": "Mars/Olympus"}}"#, "workflow.timeZone", "\"Mars/Olympus\""),
        // Languages, the console link, quiet hours and mobiles.
        (#"{"language": "fr"}"#, "language", "\"fr\""),
        (#"{"publicBaseURL": "ftp://kefu.example.com"}"#, "publicBaseURL", "\"ftp://kefu.example.com\""),
        (#"{"publicBaseURL": "https://kefu.example.com/?from=robot"}"#, "publicBaseURL", "\"https://kefu.example.com/?from=robot\""),
        (#"{"notifications": {"language": "ja"}}"#, "notifications.language", "\"ja\""),
        (#"{"notifications": {"quietHours": {"start": "25:00", "end": "07:00"}}}"#, "notifications.quietHours.start", "\"25:00\""),
        (#"{"notifications": {"quietHours": {"start": "22:00", "end": "22:00"}}}"#, "notifications.quietHours.end", "\"22:00\""),
        (#"{"notifications": {"quietHours": {"start": "22:00", "end": "07:00", "days": 5}}}"#, "notifications.quietHours.days", "5"),
        (#"{"users": [{"id": "a", "role": "admin", "token": "0123456789abcdef0", "mobile": "12345678901"}]}"#, "users[0].mobile", "\"12345678901\""),
    ])
    func everyBadValueNamesItsKeyAndValue(text: String, key: String, value: String) throws {
        let refused = try rejection(file: text)
        #expect(refused?.key == key, "\(text)")
        #expect(refused?.value == value, "\(text)")
    }

    @Test func commentsStayCommentsAtEveryLevel() throws {
        #expect(
            try rejection(
                file:
                    #"{"_note": 1, "workflow": {"_comment": "x", "permissions": {"_why": "y"}}, "http": {"_c": true, "timeouts": {"_d": 0}}, "notifications": {"_e": 1, "endpoints": [{"_f": 2, "kind": "webhook", "url": "http://h/"}]}}"#
            ) == nil)
    }

    /// One loop per core but one, at least one (the README's table); 0 asks for that default.
    @Test func eventLoopsDefaultToOnePerCoreButOne() throws {
        let expected = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        #expect(try ConfigurationLoader.load(arguments: [], environment: [:]).http.eventLoops == expected)
        #expect(try ConfigurationLoader.load(arguments: ["--event-loops", "0"], environment: [:]).http.eventLoops == expected)
        #expect(try ConfigurationLoader.load(arguments: [], environment: ["COMPLAINTD_EVENT_LOOPS": "3"]).http.eventLoops == 3)
    }

    @Test func environmentAndFlagsAreCheckedTheSameWay() throws {
        #expect(rejectedKey([], ["COMPLAINTD_SHUTDOWN_GRACE": "-1"]) == "COMPLAINTD_SHUTDOWN_GRACE")
        #expect(rejectedKey([], ["COMPLAINTD_HEADER_TIMEOUT": "0"]) == "COMPLAINTD_HEADER_TIMEOUT")
        #expect(rejectedKey([], ["COMPLAINTD_ACCESS_LOG": "maybe"]) == "COMPLAINTD_ACCESS_LOG")
        #expect(rejectedKey([], ["COMPLAINTD_PROT": "8081"]) == "COMPLAINTD_PROT")
        #expect(rejectedKey(["--log-level", "loud"]) == "--log-level")
        #expect(rejectedKey(["--event-loops", "-1"]) == "--event-loops")
        #expect(rejectedKey(["--repair=yes"]) == "--repair=yes" || rejectedKey(["--repair=yes"]) == "--repair")
        // Variables read elsewhere are not settings, and not typos.
        #expect(rejectedKey([], ["COMPLAINTD_OPENAPI": "/x/openapi.yaml", "COMPLAINTD_BIN": "/x/complaintd"]) == nil)
        let loaded = try ConfigurationLoader.load(
            arguments: ["--log-level", "warn", "--fsync", "never"], environment: ["COMPLAINTD_ACCESS_LOG": "off"])
        #expect(loaded.logLevel == .warn)
        #expect(loaded.fsync == .never)
        #expect(loaded.http.accessLog == false)
    }

    @Test func anUnknownVariableNamedLikeASecretDoesNotPrintItsValue() throws {
        do {
            _ = try ConfigurationLoader.load(arguments: [], environment: ["COMPLAINTD_ADMIN_TOKEN": "s3cret-value-123456"])
            Issue.record("accepted an unknown variable")
        } catch let error as ConfigurationError {
            #expect(error.key == "COMPLAINTD_ADMIN_TOKEN")
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test func theWorkflowSectionBecomesThePolicy() throws {
        let (path, dir) = try writeConfig(#"{"workflow": {"dispatchWithin": 300, "approvalRequiredForMinor": true, "majorNotify": ["leader"]}}"#)
        defer { dir.remove() }
        let policy = try ConfigurationLoader.load(arguments: ["--config", path], environment: [:]).workflow
        #expect(policy.dispatchWithin == 300)
        #expect(policy.approvalRequiredForMinor)
        #expect(policy.majorNotify == [.leader])
        #expect(policy.resolveMinor == WorkflowPolicy().resolveMinor)
    }
}
