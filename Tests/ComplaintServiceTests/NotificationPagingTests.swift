import Foundation
import Testing

/// The notifications list pages like every other list: `limit` and `cursor`, oldest first, so a
/// dead endpoint piling up failures never makes one huge answer.
struct NotificationPagingTests {
    @Test func failedNotificationsComeAPageAtATime() throws {
        let dir = try TempDir("notification-pages")
        defer { dir.remove() }
        let endpoints = #"[{"name":"dead","kind":"webhook","url":"http://127.0.0.1:9/none"}]"#
        var c = NotificationDeliveryTests.configuration(dir, endpoints: endpoints, maxAttempts: 1)
        c.usersJSON = Data(webUsersJSON.utf8)
        let running = try Running(c)
        defer { running.stop() }
        for unit in ["101", "102", "103"] {
            let id = try #require(running.register(content: "楼道漏水", unit: unit).json?["id"] as? String)
            #expect(try running.post("/v1/complaints/\(id)/assess", token: Token.mona, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        }
        #expect(
            eventually {
                ((try? running.get("/v1/notifications?status=failed&limit=200", token: Token.mona).json?["items"] as? [Any]) ?? []).count >= 3
            })
        let all = try #require(running.get("/v1/notifications?status=failed&limit=200", token: Token.mona).json?["items"] as? [[String: Any]])
        let first = try running.get("/v1/notifications?status=failed&limit=2", token: Token.mona).json
        let firstItems = try #require(first?["items"] as? [[String: Any]])
        let cursor = try #require(first?["nextCursor"] as? String)
        #expect(firstItems.count == 2)
        var seen = firstItems.compactMap { $0["id"] as? String }
        var next: String? = cursor
        while let page = next {
            let answer = try running.get("/v1/notifications?status=failed&limit=2&cursor=\(page)", token: Token.mona).json
            seen += (answer?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = answer?["nextCursor"] as? String
        }
        #expect(seen == all.compactMap { $0["id"] as? String }, "the pages together are the whole list, in order, once each")
        #expect(try running.get("/v1/notifications?limit=0", token: Token.mona).status == 400)
        #expect(try running.get("/v1/notifications?cursor=nonsense", token: Token.mona).status == 400)
    }
}
