import Foundation
import Testing

@testable import ComplaintService

/// The `notifications` section: validated at load (exit code 2 on a bad value), secrets by environment.
struct NotificationConfigTests {
    func load(_ section: String) throws -> ServiceConfiguration {
        let dir = try TempDir("notify-config")
        defer { dir.remove() }
        let path = dir.path + "/c.json"
        try #"{"notifications": \#(section)}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigurationLoader.load(arguments: ["--config", path], environment: [:])
    }

    @Test func parsesEndpointsWithSecretsFromTheEnvironment() throws {
        let c = try load(
            #"{"endpoints": [{"name": "ops", "kind": "wecom", "url": "http://h/cgi-bin/webhook/send?key=k", "roles": ["leader"], "msgtype": "markdown"}, {"kind": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=t", "secretEnv": "DING"}], "maxAttempts": 3}"#
        )
        let settings = try NotificationConfiguration.settings(json: c.notificationsJSON, environment: ["DING": "SECx"])
        #expect(settings.maxAttempts == 3)
        #expect(settings.endpoints.map(\.name) == ["ops", "dingtalk-2"])
        #expect(settings.endpoints[0].roles == ["leader"] && settings.endpoints[0].style == .markdown)
        #expect(settings.endpoints[1].secret == "SECx")
        #expect(settings.endpoints[1].perMinute == 20)
    }

    @Test(arguments: [
        (#"{"endpoints": [{"kind": "telegram", "url": "http://h/"}]}"#, "notifications.endpoints[0].kind"),
        (#"{"endpoints": [{"kind": "webhook", "url": "ftp://h/"}]}"#, "notifications.endpoints[0].url"),
        (#"{"endpoints": [{"kind": "wecom", "url": "http://h/cgi-bin/webhook/send"}]}"#, "notifications.endpoints[0].url"),
        (#"{"endpoints": [{"kind": "webhook", "url": "http://h/", "roles": ["boss"]}]}"#, "notifications.endpoints[0].roles"),
        (
            #"{"endpoints": [{"name": "a", "kind": "webhook", "url": "http://h/"}, {"name": "a", "kind": "webhook", "url": "http://h/"}]}"#,
            "notifications.endpoints[1].name"
        ),
        (#"{"maxAttempts": 0}"#, "notifications.maxAttempts"),
        (#"{"retries": 3}"#, "notifications.retries"),
    ])
    func refusesBadValuesNamingTheKey(section: String, key: String) {
        do {
            _ = try load(section)
            Issue.record("accepted \(section)")
        } catch let error as ConfigurationError {
            #expect(error.key == key)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
