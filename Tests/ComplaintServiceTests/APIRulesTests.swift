import ComplaintService
import Foundation
import TestSupport
import Testing

/// Auth, validation, conditional requests, idempotency and owner reminders over real sockets.
@Suite(.serialized)
struct APIRulesTests {
    func withService(workflow: String? = nil, _ body: (Running) throws -> Void) throws {
        let dir = try TempDir("rules")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path, workflow: workflow))
        defer { s.stop() }
        try body(s)
    }

    func registeredID(_ s: Running, token: String = Token.rita, content: String = "Water leaks from the ceiling") throws -> (String, String) {
        let r = try s.register(content: content, token: token)
        try #require(r.status == 201, "\(r.text)")
        return (try #require(r.json?["id"] as? String), try #require(r.json?["trackingCode"] as? String))
    }

    @Test func authentication() throws {
        try withService { s in
            let (id, _) = try registeredID(s)
            for path in ["/v1/complaints", "/v1/complaints/\(id)", "/v1/complaints/\(id)/events", "/v1/escalations"] {
                let r = try s.get(path, token: nil)
                #expect(r.status == 401, "\(path)")
                #expect(r.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(path)")
            }
            let wrong = try s.get("/v1/complaints", token: "not-a-real-token-at-all")
            #expect(wrong.status == 401)
            let noTokenPost = try s.post("/v1/complaints", token: nil, body: registrationBody(content: "x"))
            #expect(noTokenPost.status == 401)
            // A receptionist may not assess (a role refusal, whatever the status).
            let assess = try s.post("/v1/complaints/\(id)/assess", token: Token.rita, body: #"{"valid":true,"severity":"minor"}"#)
            #expect(assess.status == 403, "\(assess.text)")
            // A handler does not even see a complaint not dispatched to their department.
            let unseen = try s.post("/v1/complaints/\(id)/assess", token: Token.hank, body: #"{"valid":true,"severity":"minor"}"#)
            #expect(unseen.status == 404, "\(unseen.text)")
            #expect(try s.get("/v1/complaints/\(id)").json?["status"] as? String == "received")
        }
    }

    @Test func intakeClientMayRegisterButNotRead() throws {
        try withService { s in
            let (id, code) = try registeredID(s, token: Token.web, content: "Registered from the web form")
            #expect(code.count >= 16)
            // The intake client (a public web form) must not browse other owners' complaints.
            for path in ["/v1/complaints", "/v1/complaints/\(id)", "/v1/complaints/\(id)/events", "/v1/escalations", "/v1/visits"] {
                let r = try s.get(path, token: Token.web)
                #expect(r.status == 403, "intake read \(path): \(r.status)")
                #expect(!r.text.contains("Zhang Wei"))
            }
            // Nor take staff actions.
            let assess = try s.post("/v1/complaints/\(id)/assess", token: Token.web, body: #"{"valid":true,"severity":"minor"}"#)
            #expect(assess.status == 403)
            // Staff still see it.
            #expect(try s.get("/v1/complaints/\(id)").status == 200)
        }
    }

    @Test func whoeverResolvedMayNotMakeTheReturnVisit() throws {
        try withService { s in
            let (id, _) = try registeredID(s)
            func ok(_ action: String, _ token: String, _ body: String) throws {
                let r = try s.post("/v1/complaints/\(id)/\(action)", token: token, body: body)
                try #require(r.status == 200, "\(action): \(r.status) \(r.text)")
            }
            try ok("assess", Token.dora, #"{"valid":true,"severity":"minor","category":"engineering"}"#)
            try ok("dispatch", Token.rita, #"{"department":"engineering","handler":"hank"}"#)
            try ok("acknowledge", Token.admin, "{}")
            try ok("resolve", Token.admin, #"{"measures":"Sealed the pipe","result":"Dry"}"#)
            try ok("reply", Token.rita, #"{"content":"Fixed"}"#)
            let visit = #"{"solved":true,"satisfied":true,"method":"phone"}"#
            // The handler role may never visit; the admin who did the work may not judge it.
            #expect(try s.post("/v1/complaints/\(id)/visit", token: Token.hank, body: visit).status == 403)
            let own = try s.post("/v1/complaints/\(id)/visit", token: Token.admin, body: visit)
            #expect(own.status == 403, "\(own.text)")
            let adminCan = Set(try s.get("/v1/complaints/\(id)", token: Token.admin).json?["allowedActions"] as? [String] ?? [])
            #expect(adminCan.contains("link") && !adminCan.contains("visit"), "\(adminCan)")
            try ok("visit", Token.sue, visit)
        }
    }

    @Test func illegalTransitionAndBadBodies() throws {
        try withService { s in
            let (id, _) = try registeredID(s)
            // Reply before anything was done: 409 naming what is possible.
            let early = try s.post("/v1/complaints/\(id)/reply", token: Token.rita, body: #"{"content":"Done"}"#)
            #expect(early.status == 409, "\(early.text)")
            #expect(early.json?["allowedActions"] as? [String] == ["link"])
            #expect(early.json?["currentStatus"] as? String == "received")
            #expect(early.header("Content-Type")?.hasPrefix("application/problem+json") == true)

            let malformed = try s.post("/v1/complaints", body: #"{"channel": "phone", "content": "#)
            #expect(malformed.status == 400, "\(malformed.text)")
            let malformedAction = try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: "{valid: true}")
            #expect(malformedAction.status == 400)

            // Wrong type: 422 naming the field.
            let wrongType = try s.post("/v1/complaints", body: #"{"channel": 5, "content": "x"}"#)
            #expect(wrongType.status == 422, "\(wrongType.text)")
            #expect(fields(wrongType) == ["channel"])
            let wrongNested = try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid": "yes"}"#)
            #expect(wrongNested.status == 422)
            #expect(fields(wrongNested) == ["valid"])
            // Missing fields: one 422 naming each.
            let missing = try s.post("/v1/complaints", body: #"{"channel": "phone", "complainant": {"name": "Li"}}"#)
            #expect(missing.status == 422, "\(missing.text)")
            let named = fields(missing)
            for field in ["complainant.phone", "complainant.estate", "complainant.building", "complainant.unit", "content"] {
                #expect(named.contains(field), "422 does not name \(field): \(missing.text)")
            }
            #expect(!named.contains("complainant.name") && !named.contains("channel"))
            let missingSeverity = try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid": true}"#)
            #expect(missingSeverity.status == 422)
            #expect(fields(missingSeverity) == ["severity"])

            let plain = try s.post("/v1/complaints", body: registrationBody(content: "plain"), contentType: "text/plain")
            #expect(plain.status == 415, "\(plain.text)")
            let plainAction = try s.post(
                "/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#,
                contentType: "text/plain")
            #expect(plainAction.status == 415)
            // None of this changed the complaint, and no complaint was created by the refused bodies.
            #expect(try s.get("/v1/complaints/\(id)").json?["version"] as? Int == 1)
            #expect((try s.get("/v1/complaints").json?["items"] as? [Any])?.count == 1)
        }
    }

    func fields(_ r: TestResponse) -> [String] {
        (r.json?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func idempotencyKeyAndConditionalRequests() throws {
        try withService { s in
            let key = ("Idempotency-Key", "form-submit-42")
            let first = try s.register(content: "Broken gate", headers: [key])
            #expect(first.status == 201)
            let id = try #require(first.json?["id"] as? String)
            #expect(first.header("Idempotent-Replayed") == nil)
            let again = try s.register(content: "Broken gate", headers: [key])
            #expect(again.status == 201, "\(again.text)")
            #expect(again.json?["id"] as? String == id)
            #expect(again.header("Idempotent-Replayed") == "true")
            let changed = try s.register(content: "Broken fence", headers: [key])
            #expect(changed.status == 422, "\(changed.text)")
            // Keys are per caller: the same key from another user is a new complaint.
            let other = try s.register(content: "Broken gate", token: Token.sue, headers: [key])
            #expect(other.status == 201 && other.json?["id"] as? String != id)
            #expect((try s.get("/v1/complaints").json?["items"] as? [Any])?.count == 2)

            // If-None-Match with the current ETag: 304; after a change: 200 with a new ETag.
            let current = try s.get("/v1/complaints/\(id)")
            let etag = try #require(current.header("ETag"))
            let notModified = try s.get("/v1/complaints/\(id)", headers: [("If-None-Match", etag)])
            #expect(notModified.status == 304)
            #expect(notModified.body.isEmpty)
            #expect(notModified.header("ETag") == etag)
            // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): a weakened tag or a list still matches.
            #expect(try s.get("/v1/complaints/\(id)", headers: [("If-None-Match", "W/\(etag)")]).status == 304)
            #expect(try s.get("/v1/complaints/\(id)", headers: [("If-None-Match", "\"99\", \(etag)")]).status == 304)
            #expect(try s.get("/v1/complaints/\(id)", headers: [("If-None-Match", "\"99\"")]).status == 200)
            // If-Match with a stale version: 412, nothing changes.
            let assess = #"{"valid":true,"severity":"minor"}"#
            let stale = try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: assess, headers: [("If-Match", "\"0\"")])
            #expect(stale.status == 412, "\(stale.text)")
            #expect(stale.header("ETag") == etag)
            #expect(try s.get("/v1/complaints/\(id)").json?["status"] as? String == "received")
            let fresh = try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: assess, headers: [("If-Match", etag)])
            #expect(fresh.status == 200, "\(fresh.text)")
            #expect(fresh.header("ETag") != etag)
            let modified = try s.get("/v1/complaints/\(id)", headers: [("If-None-Match", etag)])
            #expect(modified.status == 200)
            #expect(modified.header("ETag") == fresh.header("ETag"))
        }
    }

    @Test func ownerReminderIsRateLimited() throws {
        try withService { s in
            let (id, code) = try registeredID(s)
            let first = try s.post("/v1/track/\(code)/remind", token: nil)
            #expect(first.status == 202, "\(first.text)")
            #expect(first.json?["reminderCount"] as? Int == 1)
            let second = try s.post("/v1/track/\(code)/remind", token: nil)
            #expect(second.status == 429, "\(second.text)")
            let retry = Int(second.header("Retry-After") ?? "") ?? 0
            #expect(retry > 0 && retry <= 1800)
            #expect(try s.get("/v1/complaints/\(id)").json?["reminderCount"] as? Int == 1)
            let unknown = try s.post("/v1/track/00000000000000000000000000000000/remind", token: nil)
            #expect(unknown.status == 404)
            #expect(try s.get("/v1/track/00000000000000000000000000000000", token: nil).status == 404)
            // The reminder is part of the audit trail.
            #expect(try s.events(id).contains { $0["type"] as? String == "complaint.reminded" })
        }
    }
}
