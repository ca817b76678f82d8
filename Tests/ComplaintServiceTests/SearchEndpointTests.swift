import ComplaintService
import Foundation
import TestSupport
import Testing

/// `GET /v1/complaints` as staff use it: the search box, filters, totals, and refusals that name
/// what was wrong — over real sockets, with the scopes of `ScopeFixtures.swift`.
@Suite("Complaint search over HTTP")
struct SearchEndpointTests {
    /// Six complaints: three of 李伟's at two estates, two of 王芳's, one of Zhao's; one dispatched to hank.
    static func seeded(_ s: Running) throws -> [String] {
        let bodies = [
            complaintBody(estate: Estate.cuiyuan, unit: "1202", content: "电梯停运两天", name: "李伟", phone: "13800138000"),
            complaintBody(estate: Estate.jinse, unit: "0801", content: "楼道ＷＩＦＩ信号差", name: "李 伟", phone: "+86 138-0013-8000"),
            complaintBody(estate: Estate.cuiyuan, unit: "1501", content: "The ELEVATOR is noisy", name: "李伟", phone: "13800138000"),
            complaintBody(estate: Estate.cuiyuan, unit: "1202室", content: "垃圾未及时清运", name: "王芳", phone: "13912345678"),
            complaintBody(estate: Estate.jinse, unit: "1202", content: "噪音扰民", name: "王芳", phone: "13912345678"),
            complaintBody(estate: Estate.jinse, unit: "0303", content: "停车位被占", name: "Zhao Lei", phone: "021-62345678"),
        ]
        var ids: [String] = []
        for body in bodies {
            let r = try s.post("/v1/complaints", body: body)
            guard r.status == 201, let id = r.json?["id"] as? String else { throw TestError("register: \(r.status) \(r.text)") }
            ids.append(id)
        }
        try s.act(ids[0], "assess", Token.dora, #"{"valid":true,"severity":"important","category":"engineering"}"#)
        try s.act(ids[0], "opinion", Token.sue, #"{"text":"工程部今日检修电梯"}"#)  // important: signed before dispatch
        try s.act(ids[0], "dispatch", Token.rita, #"{"department":"engineering","handler":"hank"}"#)
        return ids
    }

    static func list(_ s: Running, _ query: String, token: String = Token.rita) throws -> (ids: [String], json: [String: Any]) {
        let r = try s.get("/v1/complaints?" + query, token: token)
        guard r.status == 200, let json = r.json, let items = json["items"] as? [[String: Any]] else {
            throw TestError("\(query): \(r.status) \(r.text)")
        }
        return (items.compactMap { $0["id"] as? String }, json)
    }

    @Test func theSearchBoxFindsAnOwnerByNamePhoneHomeAndWords() throws {
        let dir = try TempDir("search-box")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let ids = try Self.seeded(s)
        let cases: [(String, String, [String])] = [
            ("李伟", "name", [ids[2], ids[1], ids[0]]),
            ("13800138000", "phone", [ids[2], ids[1], ids[0]]),
            ("8000", "phoneTail", [ids[2], ids[1], ids[0]]),
            ("021-62345678", "phone", [ids[5]]),
            ("3-1202", "unit", [ids[4], ids[3], ids[0]]),
            ("3幢1202室", "unit", [ids[4], ids[3], ids[0]]),
            ("elevator", "text", [ids[2]]),
            ("wifi", "text", [ids[1]]),
            (ids[3].lowercased(), "id", [ids[3]]),
        ]
        for (box, kind, expected) in cases {
            let (listed, json) = try Self.list(s, "q=" + queryValue(box))
            #expect(listed == expected, "q=\(box)")
            #expect(
                json["searchedAs"] as? String == kind && json["total"] as? Int == expected.count
                    && json["totalIsLowerBound"] as? Bool == false, "q=\(box): \(json)")
        }
        #expect(try Self.list(s, "name=" + queryValue("王芳") + "&estate=" + queryValue(Estate.jinse)).ids == [ids[4]])
        #expect(try Self.list(s, "phone=5678").ids == [ids[5], ids[4], ids[3]])
        #expect(try Self.list(s, "text=" + queryValue("李伟")).ids.isEmpty, "text= searches the words only")
        #expect(try Self.list(s, "limit=2").json["total"] as? Int == 6)
    }

    @Test func filtersForAWorkQueue() throws {
        let dir = try TempDir("search-filters")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let ids = try Self.seeded(s)
        #expect(try Self.list(s, "handler=me", token: Token.hank).ids == [ids[0]])
        #expect(try Self.list(s, "handler=hank").ids == [ids[0]])
        #expect(try Self.list(s, "handler=none&limit=3").json["total"] as? Int == 5)
        #expect(try Self.list(s, "status=received,dispatched").ids.count == 6)
        #expect(try Self.list(s, "status=dispatched&status=assessed").ids == [ids[0]])
        #expect(try Self.list(s, "severity=important&department=engineering").ids == [ids[0]])
        #expect(try Self.list(s, "unit=1202&building=" + queryValue("3号楼")).ids == [ids[4], ids[3], ids[0]])
        #expect(try Self.list(s, "dueWithin=1d").ids.count == 6, "every open complaint has a clock due within a day")
        #expect(try Self.list(s, "dueWithin=PT1M&overdue=false").ids.isEmpty)
        let ascending = try Self.list(s, "sort=received&limit=4")
        #expect(ascending.ids == Array(ids.prefix(4)) && ascending.json["nextCursor"] is String)
        let next = try Self.list(s, "sort=received&limit=4&cursor=" + queryValue(ascending.json["nextCursor"] as! String))
        #expect(next.ids == Array(ids.suffix(2)) && next.json["total"] as? Int == 6)
        #expect(try Self.list(s, "sort=-updated&limit=1").ids == [ids[0]], "the dispatched one changed last")
    }

    @Test func scopesStillDecideWhatASearchShows() throws {
        let dir = try TempDir("search-scope")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let ids = try Self.seeded(s)
        #expect(try Self.list(s, "q=" + queryValue("李伟"), token: ScopedToken.cui).ids == [ids[2], ids[0]])
        #expect(try Self.list(s, "q=13800138000", token: ScopedToken.jin).ids == [ids[1]])
        #expect(try Self.list(s, "q=3-1202", token: ScopedToken.jin).json["total"] as? Int == 1)
        #expect(try Self.list(s, "q=" + queryValue("李伟"), token: ScopedToken.cleo).ids.isEmpty, "another department's handler")
        #expect(try Self.list(s, "q=8000", token: Token.hank).ids == [ids[0]], "a handler sees their department's")
        #expect(try Self.list(s, "handler=hank", token: ScopedToken.cleo).ids.isEmpty)
        #expect(try Self.list(s, "estate=" + queryValue(Estate.jinse), token: ScopedToken.cui).json["total"] as? Int == 0)
    }

    @Test func everyListRefusesAParameterItDoesNotKnowByName() throws {
        let dir = try TempDir("search-unknown")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let ids = try Self.seeded(s)
        let cases: [(String, String)] = [
            ("/v1/complaints?stauts=received", "stauts"),
            ("/v1/complaints?received_from=2026-01-01&receivedFrom=2026-01-01", "received_from"),
            ("/v1/complaints?dueWithin=2x", "dueWithin"),
            ("/v1/complaints?sort=priority", "sort"),
            ("/v1/complaints?unit=" + queryValue("楼上"), "unit"),
            ("/v1/complaints?phone=12", "phone"),
            ("/v1/complaints?status=lost", "status"),
            ("/v1/complaints?sort=due&cursor=s1.0", "cursor"),
            ("/v1/complaints/\(ids[0])/events?page=2", "page"),
            ("/v1/visits?before=2026-01-01", "before"),
            ("/v1/escalations?clock=dispatch", "clock"),
            ("/v1/notifications?state=failed", "state"),
            ("/v1/users?dept=engineering", "dept"),
            ("/v1/announcements?estates=x", "estates"),
        ]
        for (path, parameter) in cases {
            let r = try s.get(path, token: Token.admin)
            #expect(r.status == 400 && r.json?["parameter"] as? String == parameter, "\(path): \(r.status) \(r.text)")
        }
    }
}
