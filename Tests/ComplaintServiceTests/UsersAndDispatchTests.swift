import ComplaintService
import Foundation
import TestSupport
import Testing

/// Dispatch names a real handler of the department; `/v1/me` and `/v1/users` let front ends
/// fill their pickers instead of hard-coding ids.
@Suite(.serialized)
struct UsersAndDispatchTests {
    @Test func dispatchRefusesAnyoneButAHandlerOfTheDepartment() throws {
        let dir = try TempDir("dispatch")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        let id = try s.registered(estate: Estate.cuiyuan, unit: "101")
        try s.act(id, "assess", Token.dora, #"{"valid":true,"severity":"minor","category":"engineering"}"#)
        let refusals = [
            ("nobody", "engineering"),  // not a configured user
            ("rita", "engineering"),  // a receptionist
            ("cleo", "engineering"),  // a handler of another department
            ("hank", "cleaning_greening"),
            ("kim", "engineering"),  // engineering, but serves 金色家园 only
        ]
        for (handler, department) in refusals {
            let r = try s.post("/v1/complaints/\(id)/dispatch", body: jsonString(["department": department, "handler": handler]))
            #expect(r.status == 422, "\(handler)/\(department): \(r.status) \(r.text)")
            let errors = r.json?["errors"] as? [[String: Any]] ?? []
            #expect(errors.compactMap { $0["field"] as? String } == ["handler"], "\(r.text)")
            #expect((errors.first?["message"] as? String)?.contains(handler) == true)
        }
        #expect(try s.get("/v1/complaints/\(id)").json?["status"] as? String == "assessed")
        #expect(try s.events(id).count == 2, "refused dispatches record nothing")
        // The department head of the department may take it.
        try s.act(id, "dispatch", Token.rita, #"{"department":"engineering","handler":"dean"}"#)
        #expect(try s.get("/v1/complaints/\(id)", token: Token.dean).json?["handler"] as? String == "dean")
    }

    @Test func meTellsWhoTheTokenIsAndWhatItMayDo() throws {
        let dir = try TempDir("me")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        #expect(try s.get("/v1/me", token: nil).status == 401)
        let hank = try #require(try s.get("/v1/me", token: Token.hank).json)
        #expect(hank["id"] as? String == "hank" && hank["name"] as? String == "Hank" && hank["role"] as? String == "handler")
        #expect(hank["department"] as? String == "engineering" && hank["estates"] as? [String] == [] && hank["allEstates"] as? Bool == true)
        #expect(hank["departmentOnly"] as? Bool == true)
        #expect(Set(hank["actions"] as? [String] ?? []) == ["acknowledge", "progress", "resolve"])
        let hankMay = Set(hank["permissions"] as? [String] ?? [])
        #expect(hankMay.contains("complaints.read") && hankMay.contains("contacts.reveal") && !hankMay.contains("reports.read"))

        let cui = try #require(try s.get("/v1/me", token: ScopedToken.cui).json)
        #expect(cui["estates"] as? [String] == [Estate.cuiyuan] && cui["allEstates"] as? Bool == false)
        #expect(cui["department"] is NSNull && cui["departmentOnly"] as? Bool == false)
        #expect(Set(cui["actions"] as? [String] ?? []).isSuperset(of: ["dispatch", "reply", "visit", "close", "link"]))
        #expect((cui["permissions"] as? [String] ?? []).contains("reports.read"))

        let web = try #require(try s.get("/v1/me", token: Token.web).json)
        #expect(web["role"] as? String == "intake" && web["actions"] as? [String] == [])
        #expect(web["permissions"] as? [String] == ["complaints.register"])
    }

    @Test func usersListsThePeopleInTheCallersScope() throws {
        let dir = try TempDir("users")
        defer { dir.remove() }
        let s = try Running(scopedConfiguration(dir))
        defer { s.stop() }
        func ids(_ token: String, _ query: String = "") throws -> [String] {
            let r = try s.get("/v1/users" + query, token: token)
            guard r.status == 200, let items = r.json?["items"] as? [[String: Any]] else { throw TestError("users: \(r.status) \(r.text)") }
            return items.compactMap { $0["id"] as? String }
        }
        let staff = ["cleo", "cui", "dean", "dora", "hank", "jin", "kim", "mona", "rita", "root", "sue"]
        #expect(try ids(Token.admin) == (staff + ["web"]).sorted())
        #expect(try ids(Token.rita) == staff, "intake clients are front ends, listed to admins only")
        // cui serves 翠苑小区: nobody who serves only 金色家园.
        #expect(try ids(ScopedToken.cui) == staff.filter { $0 != "jin" && $0 != "kim" })
        // hank (engineering): his department and the estate staff, not the cleaning handlers.
        #expect(try ids(Token.hank) == staff.filter { $0 != "cleo" })
        #expect(try ids(Token.rita, "?role=handler&department=engineering") == ["hank", "kim"])
        #expect(try ids(ScopedToken.cui, "?role=handler&department=engineering") == ["hank"])
        #expect(try ids(Token.rita, "?estate=" + queryValue(Estate.jinse)) == staff.filter { $0 != "cui" })
        let one = try #require(
            (try s.get("/v1/users?role=handler&department=engineering", token: Token.rita).json?["items"] as? [[String: Any]])?.last)
        #expect(one["id"] as? String == "kim" && one["estates"] as? [String] == [Estate.jinse] && one["role"] as? String == "handler")
        #expect(one["token"] == nil)
        let everyone = try s.get("/v1/users", token: Token.admin).text
        #expect(!everyone.contains(Token.rita) && !everyone.contains(ScopedToken.cui))
        #expect(try s.get("/v1/users", token: Token.web).status == 403)
        #expect(try s.get("/v1/users", token: nil).status == 401)
        #expect(try s.get("/v1/users?role=boss", token: Token.rita).status == 400)
    }
}
