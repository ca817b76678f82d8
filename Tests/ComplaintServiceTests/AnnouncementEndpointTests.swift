import ComplaintService
import Foundation
import TestSupport
import Testing

/// 投诉公示 over real sockets: public without a token by default, never an owner's details.
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

    @Test func publicAnnouncementsNeedNoTokenAndHideTheOwner() throws {
        let dir = try TempDir("announce")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let id = try Self.register(s)
        #expect(try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#).status == 200)
        #expect(try s.post("/v1/complaints/\(id)/dispatch", body: #"{"department":"engineering","handler":"hank"}"#).status == 200)
        #expect(try s.post("/v1/complaints/\(id)/acknowledge", token: Token.hank).status == 200)
        let resolve = try s.post("/v1/complaints/\(id)/resolve", token: Token.hank,
                                 body: jsonString(["measures": "联系王小明 13912345678 后上门维修1201", "result": "1201 已修好，王小明满意"]))
        #expect(resolve.status == 200, "\(resolve.text)")

        let one = try s.get("/v1/complaints/\(id)/announcement", token: nil)
        #expect(one.status == 200, "\(one.text)")
        for secret in Self.secrets { #expect(!one.text.contains(secret), "\(secret) in \(one.text)") }
        let json = try #require(one.json)
        #expect(json["complaintId"] as? String == id && (json["scope"] as? [String: Any])?["building"] as? String == "3栋")
        #expect((json["matter"] as? String)?.contains("漏水") == true && json["followUpPerson"] as? String == "hank")
        #expect(json["handlingMethod"] as? String != nil && json["receptionist"] as? String == "rita")

        let list = try s.get("/v1/announcements?estate=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD", token: nil)
        #expect(list.status == 200, "\(list.text)")
        #expect((list.json?["items"] as? [[String: Any]])?.count == 1)
        for secret in Self.secrets { #expect(!list.text.contains(secret), "\(secret) in \(list.text)") }
        #expect((try s.get("/v1/announcements?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z", token: nil).json?["items"] as? [Any])?.isEmpty == true)
        #expect(try s.get("/v1/announcements?from=yesterday", token: nil).status == 400)
        #expect(try s.get("/v1/complaints/C0000-999999/announcement", token: nil).status == 404)
        // The rest of /v1 still needs a token.
        #expect(try s.get("/v1/complaints/\(id)", token: nil).status == 401)
    }

    @Test func privateAnnouncementsNeedAToken() throws {
        let dir = try TempDir("announce-private")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.publicAnnouncements = false
        let s = try Running(configuration)
        defer { s.stop() }
        let id = try Self.register(s)
        #expect(try s.get("/v1/announcements", token: nil).status == 401)
        #expect(try s.get("/v1/complaints/\(id)/announcement", token: nil).status == 401)
        let r = try s.get("/v1/complaints/\(id)/announcement")
        #expect(r.status == 200)
        for secret in Self.secrets { #expect(!r.text.contains(secret), "\(secret) in \(r.text)") }
    }
}
