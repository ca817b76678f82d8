import ComplaintService
import Foundation
import TestSupport
import Testing

/// 投诉公示 over real sockets: public without a token by default once the complaint is closed
/// (`announcements.publishWhen`), never an owner's details.
@Suite(.serialized)
struct AnnouncementEndpointTests {
    static let secrets = ["王小明", "13912345678", "1201", "0000-1111", "87654321", "1391234"]

    static func register(_ s: Running) throws -> String {
        let body = jsonString([
            "channel": "phone", "category": "engineering",
            "content": "业主王小明（3栋1201，电话 139 1234 5678）反映楼上漏水；邻居 158-0000-1111、座机010-87654321",
            "complainant": ["name": "王小明", "phone": "13912345678", "estate": "阳光花园", "building": "3栋", "unit": "1201"],
        ])
        let r = try s.post("/v1/complaints", body: body)
        guard r.status == 201, let id = r.json?["id"] as? String else { throw TestError("register: \(r.status) \(r.text)") }
        return id
    }

    /// Takes a complaint from step `first` through step `last` (assess … close).
    static func advance(_ s: Running, _ id: String, from first: String = "assess", through last: String) throws {
        let steps: [(String, String, String)] = [
            ("assess", Token.dora, #"{"valid":true,"severity":"minor"}"#),
            ("dispatch", Token.rita, #"{"department":"engineering","handler":"hank"}"#),
            ("acknowledge", Token.hank, "{}"),
            ("resolve", Token.hank, jsonString(["measures": "联系王 小明 １３９１２３４５６７８ 后上门维修1201", "result": "1201 已修好，王先生满意"])),
            ("approve", Token.mona, "{}"),
            ("reply", Token.rita, #"{"content":"已修好"}"#),
            ("visit", Token.sue, #"{"outcome":"reachable","solved":true,"satisfied":true,"method":"phone"}"#),
            ("close", Token.sue, jsonString(["cause": "老化", "lessons": "巡检", "preventiveAction": "回访王小明，邮箱 wxm@qq.com"])),
        ]
        var started = false
        for (action, token, body) in steps {
            started = started || action == first
            guard started else { continue }
            let r = try s.post("/v1/complaints/\(id)/\(action)", token: token, body: body)
            guard r.status == 200 else { throw TestError("\(action): \(r.status) \(r.text)") }
            if action == last { return }
        }
    }

    static func listed(_ s: Running) throws -> [[String: Any]] {
        let r = try s.get("/v1/announcements?estate=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD", token: nil)
        guard r.status == 200, let items = r.json?["items"] as? [[String: Any]] else { throw TestError("list: \(r.status) \(r.text)") }
        return items
    }

    @Test func aComplaintIsAnnouncedOnceClosedWithoutTokenAndWithoutTheOwner() throws {
        let dir = try TempDir("announce")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let id = try Self.register(s)
        try Self.advance(s, id, through: "visit")
        // Open, resolved, replied, visited: not public yet, and it reads as absent.
        #expect(try s.get("/v1/complaints/\(id)/announcement", token: nil).status == 404)
        #expect(try Self.listed(s).isEmpty)
        #expect(try s.get("/v1/complaints/\(id)/announcement").status == 404)
        #expect(
            try s.post(
                "/v1/complaints/\(id)/close", token: Token.sue,
                body: jsonString(["cause": "老化", "lessons": "巡检", "preventiveAction": "回访王小明，邮箱 wxm@qq.com"])
            ).status == 200)

        let one = try s.get("/v1/complaints/\(id)/announcement", token: nil)
        #expect(one.status == 200, "\(one.text)")
        for secret in Self.secrets + ["王先生", "wxm@qq.com", "WXM"] { #expect(!one.text.contains(secret), "\(secret) in \(one.text)") }
        let json = try #require(one.json)
        #expect(json["complaintId"] as? String == id && (json["scope"] as? [String: Any])?["building"] as? String == "3栋")
        #expect((json["matter"] as? String)?.contains("漏水") == true && json["followUpPerson"] as? String == "hank")
        #expect(json["handlingMethod"] as? String != nil && json["receptionist"] as? String == "rita" && json["status"] as? String == "closed")
        #expect((json["returnVisit"] as? [String: Any])?["satisfied"] as? Bool == true)

        let items = try Self.listed(s)
        #expect(items.count == 1 && items.first?["complaintId"] as? String == id)
        let list = try s.get("/v1/announcements", token: nil)
        #expect(list.json?["publishWhen"] as? String == "closed")
        for secret in Self.secrets { #expect(!list.text.contains(secret), "\(secret) in \(list.text)") }
        #expect(
            (try s.get("/v1/announcements?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", token: nil).json?["items"] as? [Any])?.isEmpty == true)
        #expect(try s.get("/v1/announcements?from=yesterday", token: nil).status == 400)
        #expect(try s.get("/v1/complaints/C0000-999999/announcement", token: nil).status == 404)
        // The rest of /v1 still needs a token.
        #expect(try s.get("/v1/complaints/\(id)", token: nil).status == 401)
    }

    @Test func publishWhenRepliedAnnouncesFromTheReplyOn() throws {
        let dir = try TempDir("announce-replied")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.announcementsPublishWhen = .replied
        let s = try Running(configuration)
        defer { s.stop() }
        let id = try Self.register(s)
        try Self.advance(s, id, through: "approve")
        #expect(try Self.listed(s).isEmpty)
        try Self.advance(s, id, from: "reply", through: "reply")
        #expect(try Self.listed(s).count == 1)
        #expect(try s.get("/v1/complaints/\(id)/announcement", token: nil).status == 200)
        // An unsatisfied return visit sends it back for reprocessing: no longer announced.
        let visit = try s.post(
            "/v1/complaints/\(id)/visit", token: Token.sue,
            body: #"{"outcome":"reachable","solved":false,"satisfied":false,"method":"phone","newDemands":"再修"}"#)
        #expect(visit.status == 200, "\(visit.text)")
        #expect(try Self.listed(s).isEmpty)
    }

    /// Paged like every list: 50 by default, 200 at most, the cursor leading through the
    /// period oldest first with nothing missed or repeated.
    @Test func announcementsArePagedLikeEveryList() throws {
        let dir = try TempDir("announce-pages")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.announcementsPublishWhen = .received
        let s = try Running(configuration)
        defer { s.stop() }
        var registered: [String] = []
        for _ in 0..<57 { registered.append(try Self.register(s)) }
        let first = try s.get("/v1/announcements", token: nil)
        let firstItems = try #require(first.json?["items"] as? [[String: Any]])
        #expect(firstItems.count == 50)
        #expect(first.json?["truncated"] as? Bool == true)
        let cursor = try #require(first.json?["nextCursor"] as? String)
        let rest = try s.get("/v1/announcements?limit=50&cursor=\(cursor)", token: nil)
        let restItems = try #require(rest.json?["items"] as? [[String: Any]])
        #expect(rest.json?["nextCursor"] is NSNull && rest.json?["truncated"] as? Bool == false)
        #expect((firstItems + restItems).compactMap { $0["complaintId"] as? String } == registered)
        #expect(try s.get("/v1/announcements?limit=200", token: nil).status == 200)
        for bad in ["201", "0", "many"] {
            let refused = try s.get("/v1/announcements?limit=\(bad)", token: nil)
            #expect(refused.status == 400 && refused.json?["parameter"] as? String == "limit", "limit=\(bad): \(refused.text)")
        }
    }

    @Test func publishWhenIsConfigurableAndCheckedAtStart() throws {
        let path = ConfigurationTests.repoRoot.appendingPathComponent("config/complaintd.json").path
        let shipped = try ConfigurationLoader.load(arguments: ["--config", path], environment: [:])
        #expect(shipped.announcementsPublishWhen == ServiceConfiguration().announcementsPublishWhen)
        #expect(ServiceConfiguration().announcementsPublishWhen == .closed)
        let env = try ConfigurationLoader.load(arguments: [], environment: ["COMPLAINTD_ANNOUNCE_WHEN": "resolved"])
        #expect(env.announcementsPublishWhen == .resolved)
        do {
            _ = try ConfigurationLoader.load(arguments: [], environment: ["COMPLAINTD_ANNOUNCE_WHEN": "whenever"])
            Issue.record("accepted publishWhen=whenever")
        } catch let error as ConfigurationError {
            #expect(error.key == "COMPLAINTD_ANNOUNCE_WHEN" && error.reason.contains("closed"))
        }
    }

    @Test func privateAnnouncementsNeedAToken() throws {
        let dir = try TempDir("announce-private")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.publicAnnouncements = false
        let s = try Running(configuration)
        defer { s.stop() }
        let id = try Self.register(s)
        try Self.advance(s, id, through: "close")
        #expect(try s.get("/v1/announcements", token: nil).status == 401)
        #expect(try s.get("/v1/complaints/\(id)/announcement", token: nil).status == 401)
        let r = try s.get("/v1/complaints/\(id)/announcement")
        #expect(r.status == 200)
        for secret in Self.secrets { #expect(!r.text.contains(secret), "\(secret) in \(r.text)") }
    }
}
