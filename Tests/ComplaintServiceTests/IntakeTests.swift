import ComplaintService
import Foundation
import TestSupport
import Testing

/// The `intake` client (a public web or mobile front end) gets nothing but its own complaint,
/// may not settle one on the spot, and its incident keys are only hints.
@Suite(.serialized)
struct IntakeTests {
    func withService(_ body: (Running) throws -> Void) throws {
        let dir = try TempDir("intake")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        try body(s)
    }

    @Test func intakeGetsItsOwnReceiptAndNoOtherOwnersData() throws {
        try withService { s in
            let neighbour = try s.post(
                "/v1/complaints",
                body: registrationBody(
                    content: "NEIGHBOUR-TEXT about the lift", name: "Wang Fang",
                    phone: "13912345678"))
            let neighbourID = try #require(neighbour.json?["id"] as? String)
            // The same unit and category from the public web form.
            let web = try s.post("/v1/complaints", token: Token.web, body: registrationBody(content: "My own words", name: "Zhang Wei"))
            #expect(web.status == 201, "\(web.text)")
            let receipt = try #require(web.json)
            let id = try #require(receipt["id"] as? String)
            let code = try #require(receipt["trackingCode"] as? String)
            #expect(receipt["status"] as? String == "received" && receipt["content"] as? String == "My own words")
            for secret in [neighbourID, "NEIGHBOUR-TEXT", "Wang Fang", "13912345678", "139****5678"] {
                #expect(!web.text.contains(secret), "intake receipt leaks \(secret)")
            }
            for staffOnly in ["possibleDuplicates", "repeatOf", "complainant", "receivedBy", "allowedActions", "history"] {
                #expect(receipt[staffOnly] == nil, "intake receipt has \(staffOnly)")
            }
            #expect(web.header("Location") == "/v1/track/\(code)")
            // An idempotent retry answers the same receipt, still without anyone else's data.
            let key = ("Idempotency-Key", "web-form-1")
            let first = try s.post("/v1/complaints", token: Token.web, body: registrationBody(content: "Retried form"), headers: [key])
            let again = try s.post("/v1/complaints", token: Token.web, body: registrationBody(content: "Retried form"), headers: [key])
            #expect(again.status == 201 && again.header("Idempotent-Replayed") == "true")
            #expect(again.json?["id"] as? String == first.json?["id"] as? String && again.json?["possibleDuplicates"] == nil)
            #expect(!again.text.contains(neighbourID) && !again.text.contains("NEIGHBOUR-TEXT"))

            // Staff see the links the front end may not.
            let staffView = try s.get("/v1/complaints/\(id)")
            #expect(staffView.json?["repeatOf"] as? String == neighbourID)
            let desk = try s.post("/v1/complaints", body: registrationBody(content: "Third report of the lift"))
            let duplicates = (desk.json?["possibleDuplicates"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(duplicates.contains(neighbourID) && duplicates.contains(id), "\(desk.text)")
        }
    }

    @Test func intakeMayNotRegisterAComplaintAsResolvedOnTheSpot() throws {
        try withService { s in
            let object: [String: Any] = [
                "channel": "online", "content": "Gate fixed already",
                "complainant": ["name": "Li", "phone": "13800138000", "estate": "Sunny Gardens", "building": "3", "unit": "1201"],
                "resolvedOnSpot": ["measures": "Reset the gate", "result": "Works"],
            ]
            let refused = try s.post("/v1/complaints", token: Token.web, body: jsonString(object))
            #expect(refused.status == 403, "\(refused.text)")
            #expect(try s.listedIDs(Token.rita).isEmpty, "nothing was registered")
            // A receptionist at the counter may.
            let desk = try s.post("/v1/complaints", body: jsonString(object))
            #expect(desk.status == 201 && desk.json?["status"] as? String == "resolved", "\(desk.text)")
        }
    }

    @Test func onlyStaffConfirmedLinksCountTowardsAnIncidentUpgrade() throws {
        try withService { s in
            func register(_ unit: String, token: String, key: String) throws -> String {
                let body = jsonString([
                    "channel": "online", "content": "Water cut in building 3", "incidentKey": key,
                    "complainant": ["name": "Owner \(unit)", "phone": "1380013\(unit)", "estate": "Sunny Gardens", "building": "3", "unit": unit],
                ])
                let r = try s.post("/v1/complaints", token: token, body: body)
                guard r.status == 201, let id = r.json?["id"] as? String else { throw TestError("register: \(r.status) \(r.text)") }
                return id
            }
            // Seven invented owners from the public form name the same incident: a hint, no upgrade.
            let invented = try (1...7).map { try register("400\($0)", token: Token.web, key: "WATER-3") }
            usleep(300_000)
            for id in invented {
                let view = try #require(try s.get("/v1/complaints/\(id)").json)
                #expect(view["severity"] is NSNull && view["incidentId"] is NSNull, "\(id) upgraded by intake keys")
                #expect(view["incidentHint"] as? String == "WATER-3")
            }
            #expect(try s.listedIDs(Token.rita, query: "severity=major").isEmpty)

            // Staff confirm: two registered at the desk with the key, four linked → six owners > 5.
            let desk = try (1...2).map { try register("500\($0)", token: Token.rita, key: "WATER-3") }
            let linked = try s.post("/v1/incidents", body: jsonString(["key": "WATER-3", "complaintIds": Array(invented.prefix(4))]))
            #expect(linked.status == 201 && linked.json?["distinctOwners"] as? Int == 6, "\(linked.text)")
            let confirmed = Set(desk + invented.prefix(4))
            #expect(eventually { (try? Set(s.listedIDs(Token.rita, query: "severity=major"))) == confirmed })
            for id in invented.suffix(3) { #expect(try s.get("/v1/complaints/\(id)").json?["severity"] is NSNull) }
        }
    }
}
