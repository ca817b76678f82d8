import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// kill -9 the real binary while a notification is being retried: after the restart it is
/// delivered, with the same notification id.
@Suite(.serialized)
struct NotificationCrashTests {
    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func pendingNotificationIsDeliveredAfterSIGKILL() throws {
        let binary = try #require(CrashTests.binary)
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("notify-kill")
        defer { dir.remove() }
        let configPath = dir.path + "/config.json"
        let config = """
            {"users": \(testUsersJSON), "logLevel": "warn",
             "notifications": {"endpoints": [{"name":"wh","kind":"webhook","url":"http://127.0.0.1:\(receiver.port)/hook","secret":"\(NotificationReceiver.webhookSecret)"}],
                               "maxAttempts": 100, "retryBaseSeconds": 0.3, "retryMaxSeconds": 0.5, "timeoutSeconds": 2, "pollSeconds": 0.05}}
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let data = dir.path + "/data"
        receiver.failAll(true)

        var daemon: CrashTests.Daemon? = try CrashTests.Daemon(
            binary: binary, configPath: configPath, dataDirectory: data, logPath: dir.path + "/log-a")
        let registered = try http(
            daemon!.port, "POST", "/v1/complaints", token: Token.rita, body: registrationBody(content: "Killed while notifying", unit: "B-77Q"))
        let id = try #require(registered.json?["id"] as? String)
        #expect(
            try http(daemon!.port, "POST", "/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status
                == 200)
        #expect(eventually(within: 40) { receiver.received.count >= 2 }, "retrying against the failing receiver")
        let sentID = try #require(receiver.received.first?.notificationID)
        daemon!.kill()
        daemon = nil

        receiver.failAll(false)
        let restarted = try CrashTests.Daemon(binary: binary, configPath: configPath, dataDirectory: data, logPath: dir.path + "/log-b")
        defer { restarted.kill() }
        #expect(eventually(within: 40) { receiver.received.contains { $0.accepted } })
        let accepted = receiver.received.filter { $0.accepted }
        #expect(accepted.count == 1)
        #expect(accepted.first?.notificationID == sentID)
        #expect(accepted.first?.verified == true)
        #expect(Set(receiver.received.map(\.notificationID)) == [sentID], "only ever the one notification")
    }
}
