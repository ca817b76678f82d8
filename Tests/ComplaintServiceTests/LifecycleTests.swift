import ComplaintService
import Foundation
import Testing

/// The whole workflow over HTTP, as the staff and the owner see it.
@Suite(.serialized)
struct LifecycleTests {
    @discardableResult
    func act(
        _ s: Running, _ id: String, _ action: String, _ token: String, _ body: [String: Any] = [:],
        expect status: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let r = try s.post("/v1/complaints/\(id)/\(action)", token: token, body: jsonString(body))
        #expect(r.status == 200, "\(action): \(r.status) \(r.text)", sourceLocation: sourceLocation)
        let json = r.json ?? [:]
        if let status {
            #expect(json["status"] as? String == status, "\(action) left status \(json["status"] ?? "nil")", sourceLocation: sourceLocation)
        }
        #expect(r.header("ETag") == "\"\(json["version"] as? Int ?? -1)\"", sourceLocation: sourceLocation)
        return json
    }

    func allowed(_ s: Running, _ id: String, _ token: String) throws -> Set<String> {
        let r = try s.get("/v1/complaints/\(id)", token: token)
        return Set(r.json?["allowedActions"] as? [String] ?? [])
    }

    @Test func phoneComplaintFromIntakeToClosing() throws {
        let dir = try TempDir("lifecycle")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }

        // Register: 201, Location, ETag, tracking code, phone masked.
        let created = try s.register(content: "Lift in building 3 stuck between floors.")
        #expect(created.status == 201, "\(created.text)")
        let c = try #require(created.json)
        let id = try #require(c["id"] as? String)
        let code = try #require(c["trackingCode"] as? String)
        #expect(code.count >= 16)
        #expect(created.header("Location") == "/v1/complaints/\(id)")
        #expect(created.header("ETag") == "\"\(c["version"] as? Int ?? -1)\"")
        #expect(c["status"] as? String == "received")
        let complainant = try #require(c["complainant"] as? [String: Any])
        #expect(complainant["phone"] as? String == "138****8000")
        #expect(!created.text.contains("13800138000"))
        #expect(try allowed(s, id, Token.dora).contains("assess"))
        #expect(try allowed(s, id, Token.rita).contains("assess") == false)

        try act(
            s, id, "assess", Token.dora,
            [
                "valid": true, "severity": "important", "nature": "dissatisfaction",
                "contentType": "equipment", "category": "engineering",
            ], expect: "assessed")
        #expect(try allowed(s, id, Token.rita).contains("dispatch"))
        // An important complaint waits for the supervisor's signed handling opinion.
        let early = try s.post("/v1/complaints/\(id)/dispatch", token: Token.rita, body: #"{"department":"engineering","handler":"hank"}"#)
        #expect(early.status == 409 && early.json?["missingStep"] as? String == "opinion", "\(early.text)")
        #expect(try allowed(s, id, Token.sue).contains("opinion") && !allowed(s, id, Token.rita).contains("opinion"))
        let opinion = try act(s, id, "opinion", Token.sue, ["text": "Engineering to attend today; keep the owner informed."], expect: "assessed")
        #expect((opinion["handlingOpinion"] as? [String: Any])?["by"] as? String == "sue")
        try act(
            s, id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank", "note": "Urgent: elderly residents"],
            expect: "dispatched")
        let hankCan = try allowed(s, id, Token.hank)
        #expect(hankCan.contains("acknowledge") && !hankCan.contains("resolve"))
        try act(s, id, "acknowledge", Token.hank, ["note": "On it"], expect: "in_progress")
        try act(s, id, "progress", Token.hank, ["text": "Spare motor ordered, technician booked.", "public": true])
        try act(s, id, "progress", Token.hank, ["text": "Supplier INTERNAL-ONLY remark about the contractor.", "public": false])

        // The owner follows it with the tracking code alone.
        let tracked = try s.get("/v1/track/\(code)", token: nil)
        #expect(tracked.status == 200, "\(tracked.text)")
        #expect(tracked.json?["status"] as? String == "in_progress")
        #expect(tracked.text.contains("Spare motor ordered"))
        #expect(!tracked.text.contains("INTERNAL-ONLY"))
        for secret in ["Zhang Wei", "13800138000", "138****8000", "8000"] { #expect(!tracked.text.contains(secret), "track leaks \(secret)") }

        try act(s, id, "resolve", Token.hank, ["measures": "Replaced the door motor", "result": "Lift runs again"], expect: "resolved")
        // Important complaints need the manager's approval before the reply.
        #expect(try allowed(s, id, Token.rita).contains("reply") == false)
        try act(s, id, "approve", Token.mona, ["note": "OK"], expect: "approved")
        #expect(try allowed(s, id, Token.rita).contains("reply"))
        try act(s, id, "reply", Token.rita, ["content": "The lift was repaired today."], expect: "replied")
        #expect(try allowed(s, id, Token.rita).contains("visit"))

        // Unsatisfied return visit: processed again.
        let again = try act(
            s, id, "visit", Token.rita,
            [
                "solved": false, "satisfied": false, "method": "phone",
                "numberCalled": "13800138000", "newDemands": "It is still noisy.",
            ], expect: "dispatched")
        #expect(again["reprocessCount"] as? Int == 1)
        try act(s, id, "acknowledge", Token.hank, expect: "in_progress")
        try act(s, id, "resolve", Token.hank, ["measures": "Lubricated the rails", "result": "Quiet now"], expect: "resolved")
        try act(s, id, "approve", Token.mona, expect: "approved")
        try act(s, id, "reply", Token.rita, ["content": "We fixed the noise too."], expect: "replied")
        try act(s, id, "visit", Token.rita, ["solved": true, "satisfied": true, "method": "phone"], expect: "visited")
        #expect(try allowed(s, id, Token.rita).contains("close"))
        let closed = try act(
            s, id, "close", Token.rita,
            [
                "cause": "Worn motor", "lessons": "Inspect lifts monthly",
                "preventiveAction": "Added to maintenance plan",
            ], expect: "closed")
        #expect((closed["closing"] as? [String: Any])?["cause"] as? String == "Worn motor")
        #expect(closed["reprocessCount"] as? Int == 1)
        #expect(try allowed(s, id, Token.rita).contains("close") == false)

        // The audit trail, oldest first, phones masked.
        let events = try s.events(id)
        let types = events.compactMap { $0["type"] as? String }
        #expect(
            types == [
                "complaint.registered", "complaint.assessed", "complaint.opinion_signed", "complaint.dispatched", "complaint.acknowledged",
                "complaint.progress_noted", "complaint.progress_noted", "complaint.resolved", "complaint.approved",
                "complaint.replied", "complaint.visited", "complaint.reprocessed", "complaint.acknowledged",
                "complaint.resolved", "complaint.approved", "complaint.replied", "complaint.visited", "complaint.closed",
            ])
        let sequences = events.compactMap { $0["sequence"] as? Int }
        #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
        let trail = try s.get("/v1/complaints/\(id)/events").text
        #expect(!trail.contains("13800138000"))
        #expect(trail.contains("138****8000"))

        // The owner's final view: the reply, no personal data.
        let final = try s.get("/v1/track/\(code)", token: nil)
        #expect(final.json?["status"] as? String == "closed")
        #expect(final.text.contains("We fixed the noise too."))
        #expect(!final.text.contains("INTERNAL-ONLY"))
        for secret in ["Zhang Wei", "13800138000", "138****8000"] { #expect(!final.text.contains(secret), "track leaks \(secret)") }
    }
}
