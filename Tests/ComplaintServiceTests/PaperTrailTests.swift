import ComplaintService
import Foundation
import TestSupport
import Testing

/// The paper trail of issue 10 over loopback: the supervisor's signed opinion before dispatch,
/// approvals by the roles the severity table names, the owner's confirmation and signature
/// (typed, drawn, on paper) and where each shows — and where it never shows.
@Suite struct PaperTrailTests {
    /// Today's date where the service counts days (reports are by local day in Asia/Shanghai).
    static var today: String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }

    static func confirmations(_ s: Running) throws -> [String: Any] {
        let r = try s.get("/v1/reports/daily?date=\(today)", token: Token.mona)
        guard r.status == 200, let counts = r.json?["ownerConfirmations"] as? [String: Any] else { throw TestError("report: \(r.status) \(r.text)") }
        return counts
    }

    static func confirm(_ s: Running, _ code: String, _ body: [String: Any]) throws -> TestResponse {
        try s.post("/v1/track/\(code)/confirm", token: nil, body: jsonString(body))
    }

    @Test func anImportantComplaintIsDispatchedOnlyAfterTheSupervisorSignsTheOpinion() throws {
        let dir = try TempDir("record")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, _) = try s.newComplaint()
        try s.step(id, "assess", Token.dora, ["valid": true, "severity": "important", "category": "engineering"])
        let early = try s.post("/v1/complaints/\(id)/dispatch", body: #"{"department":"engineering","handler":"hank"}"#)
        #expect(early.status == 409 && early.json?["missingStep"] as? String == "opinion", "\(early.text)")
        #expect(early.json?["type"] as? String == "https://complaintd.dev/problems/missing-step")
        #expect(try s.post("/v1/complaints/\(id)/opinion", token: Token.rita, body: #"{"text":"x"}"#).status == 403, "the supervisor signs")
        #expect(try s.post("/v1/complaints/\(id)/opinion", token: Token.sue, body: "{}").status == 422)
        let signed = try s.step(id, "opinion", Token.sue, ["text": "请工程部今日到场，先止水再修补"])
        let opinion = try #require(signed["handlingOpinion"] as? [String: Any])
        #expect(opinion["text"] as? String == "请工程部今日到场，先止水再修补" && opinion["by"] as? String == "sue" && opinion["at"] is String)
        try s.step(id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
        let trail = try s.events(id).first { $0["type"] as? String == "complaint.opinion_signed" }
        #expect((trail?["data"] as? [String: Any])?["text"] as? String == "请工程部今日到场，先止水再修补")
        #expect(((trail?["data"] as? [String: Any])?["actor"] as? [String: Any])?["id"] as? String == "sue")

        // Optional for a minor one: dispatched without it.
        let (minor, _) = try s.newComplaint(unit: "0302")
        try s.step(minor, "assess", Token.dora, ["valid": true, "severity": "minor", "category": "engineering"])
        try s.step(minor, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
        #expect(try s.get("/v1/complaints/\(minor)").json?["handlingOpinion"] is NSNull)
    }

    @Test func theSeveritiesThatNeedAnOpinionComeFromConfig() throws {
        let dir = try TempDir("record")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path, workflow: #"{"opinionRequiredFor": ["major"]}"#))
        defer { s.stop() }
        let (id, _) = try s.newComplaint()
        try s.step(id, "assess", Token.dora, ["valid": true, "severity": "important", "category": "engineering"])
        try s.step(id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
    }

    @Test func approversFollowTheSeverityTable() throws {
        let dir = try TempDir("record")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        func resolved(_ severity: String, unit: String) throws -> String {
            let (id, _) = try s.newComplaint(unit: unit)
            try s.step(id, "assess", Token.dora, ["valid": true, "severity": severity, "category": "engineering"])
            try s.step(id, "opinion", Token.sue, ["text": "工程部处理"])
            try s.step(id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
            try s.step(id, "acknowledge", Token.hank)
            try s.step(id, "resolve", Token.hank, ["measures": "更换水管", "result": "不漏了"])
            return id
        }
        let important = try resolved("important", unit: "0101")
        #expect(try s.post("/v1/complaints/\(important)/reply", body: #"{"content":"已修复"}"#).status == 409, "approval first")
        #expect(try s.post("/v1/complaints/\(important)/approve", token: Token.hank).status == 403)
        try s.step(important, "approve", Token.sue)
        try s.step(important, "reply", Token.rita, ["content": "已修复"])

        let major = try resolved("major", unit: "0102")
        let bySupervisor = try s.post("/v1/complaints/\(major)/approve", token: Token.sue)
        #expect(bySupervisor.status == 403 && bySupervisor.text.contains("manager"), "\(bySupervisor.text)")
        try s.step(major, "approve", Token.mona)

        // A table in config replaces the row it names; the others keep their defaults.
        s.stop()
        let strict = try Running(testConfiguration(dataDirectory: dir.path + "/strict", workflow: #"{"approvers": {"important": ["manager"]}}"#))
        defer { strict.stop() }
        let (id, _) = try strict.newComplaint()
        try strict.step(id, "assess", Token.dora, ["valid": true, "severity": "important", "category": "engineering"])
        try strict.step(id, "opinion", Token.sue, ["text": "工程部处理"])
        try strict.step(id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
        try strict.step(id, "acknowledge", Token.hank)
        try strict.step(id, "resolve", Token.hank, ["measures": "m", "result": "r"])
        #expect(try strict.post("/v1/complaints/\(id)/approve", token: Token.sue).status == 403)
        try strict.step(id, "approve", Token.mona)
    }

    @Test func theOwnerConfirmsAndSignsWithTheTrackingCode() throws {
        let dir = try TempDir("record")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.announcementsPublishWhen = .replied
        let s = try Running(configuration)
        defer { s.stop() }
        let (id, code) = try s.newComplaint()
        let signOff: [String: Any] = ["solved": true, "satisfied": true, "comment": "修得很好", "signature": ["name": "李伟"]]
        #expect(try Self.confirm(s, code, signOff).status == 409, "nothing to confirm before the reply")
        #expect(try s.get("/v1/track/\(code)", token: nil).json?["canConfirm"] as? Bool == false)
        try s.toReplied(id)
        #expect(try s.get("/v1/track/\(code)", token: nil).json?["canConfirm"] as? Bool == true)

        let unsigned = try Self.confirm(s, code, ["solved": true, "satisfied": true])
        #expect(unsigned.status == 422 && unsigned.text.contains("signature"), "\(unsigned.text)")
        let both = try Self.confirm(
            s, code, ["solved": true, "satisfied": true, "signature": ["name": "李伟", "attachment": Files.sha256(Files.png())]])
        #expect(both.status == 422)
        #expect(try Self.confirm(s, "no-such-code", signOff).status == 404)

        let confirmed = try Self.confirm(s, code, signOff)
        #expect(confirmed.status == 200, "\(confirmed.text)")
        let mine = try #require(confirmed.json?["confirmation"] as? [String: Any])
        #expect(mine["solved"] as? Bool == true && mine["satisfied"] as? Bool == true && mine["at"] is String)
        #expect((mine["signature"] as? [String: Any])?["kind"] as? String == "typed")
        #expect(confirmed.json?["canConfirm"] as? Bool == false && confirmed.json?["ownerConfirmed"] as? Bool == true)
        #expect(try Self.confirm(s, code, signOff).status == 409, "one confirmation per reply")

        // Staff see who signed and how; the audit trail has it with the time.
        let view = try #require(try s.get("/v1/complaints/\(id)").json)
        #expect(view["ownerConfirmed"] as? Bool == true && view["status"] as? String == "replied")
        let recorded = try #require((view["ownerConfirmations"] as? [[String: Any]])?.first)
        #expect((recorded["signature"] as? [String: Any])?["name"] as? String == "李伟" && recorded["recordedBy"] as? String == "owner")
        #expect(recorded["comment"] as? String == "修得很好")
        let event = try #require(try s.events(id).first { $0["type"] as? String == "complaint.owner_confirmed" }?["data"] as? [String: Any])
        #expect(event["at"] as? String == recorded["at"] as? String && event["solved"] as? Bool == true && event["satisfied"] as? Bool == true)
        #expect((event["signature"] as? [String: Any])?["name"] as? String == "李伟")

        // The announcement says it was confirmed, and when — never who or how.
        let announcement = try s.get("/v1/complaints/\(id)/announcement", token: nil)
        #expect(announcement.status == 200)
        #expect((announcement.json?["ownerConfirmation"] as? [String: Any])?["confirmed"] as? Bool == true, "\(announcement.text)")
        for leak in ["李伟", "修得很好", "typed", "signature"] { #expect(!announcement.text.contains(leak), "announcement shows \(leak)") }

        let counts = try Self.confirmations(s)
        #expect(counts["confirmed"] as? Int == 1 && counts["signedOff"] as? Int == 1 && counts["onPaper"] as? Int == 0, "\(counts)")
    }

    @Test func anUnsatisfiedOwnerSignsWithADrawingAndSendsItBack() throws {
        let dir = try TempDir("record")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, code) = try s.newComplaint()
        try s.toReplied(id)
        #expect(try s.ownerUpload(code, Files.pdf, contentType: "application/pdf", name: "x.pdf").status == 201)
        let notAPicture = try Self.confirm(s, code, ["solved": false, "satisfied": false, "signature": ["attachment": Files.sha256(Files.pdf)]])
        #expect(notAPicture.status == 422 && notAPicture.text.contains("signature.attachment"), "\(notAPicture.text)")
        let drawing = Files.png(400, seed: 42)
        #expect(try s.ownerUpload(code, drawing, name: "signature.png").status == 201)
        let r = try Self.confirm(
            s, code,
            [
                "solved": false, "satisfied": false, "comment": "墙面还在渗水",
                "signature": ["attachment": Files.sha256(drawing)],
            ])
        #expect(r.status == 200, "\(r.text)")

        // Sent back as an unsatisfied return visit does (二次处理), counted.
        let view = try #require(try s.get("/v1/complaints/\(id)").json)
        #expect(view["status"] as? String == "dispatched" && view["reprocessCount"] as? Int == 1, "\(view["status"] ?? "")")
        #expect(view["demands"] as? String == "墙面还在渗水")
        #expect(view["ownerConfirmed"] as? Bool == false, "the confirmation answered the earlier reply")
        let signature = ((view["ownerConfirmations"] as? [[String: Any]])?.first?["signature"] as? [String: Any])
        #expect(signature?["kind"] as? String == "drawn" && signature?["attachment"] as? String == Files.sha256(drawing))
        let types = try s.events(id).compactMap { $0["type"] as? String }
        #expect(Array(types.suffix(2)) == ["complaint.owner_confirmed", "complaint.reprocessed"], "\(types)")
        let counts = try Self.confirmations(s)
        #expect(counts["confirmed"] as? Int == 1 && counts["signedOff"] as? Int == 0, "\(counts)")

        // Handled again and replied again: the owner may confirm the new reply.
        try s.step(id, "acknowledge", Token.hank)
        try s.step(id, "resolve", Token.hank, ["measures": "重做防水", "result": "不渗了"])
        try s.step(id, "reply", Token.rita, ["content": "已重做防水"])
        #expect(try Self.confirm(s, code, ["solved": true, "satisfied": true, "signature": ["name": "李伟"]]).status == 200)
        #expect(try Self.confirmations(s)["signedOff"] as? Int == 1)
    }

    @Test func staffRecordAFormSignedOnPaperWithItsPhoto() throws {
        let dir = try TempDir("record")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, code) = try s.newComplaint()
        let form = Files.png(600, seed: 77)
        #expect(
            try s.post("/v1/complaints/\(id)/confirm", body: jsonString(["solved": true, "satisfied": true, "signedForm": Files.sha256(form)])).status
                == 409,
            "nothing to confirm before the reply")
        try s.toReplied(id)
        let missing = try s.post(
            "/v1/complaints/\(id)/confirm", body: jsonString(["solved": true, "satisfied": true, "signedForm": Files.sha256(form)]))
        #expect(missing.status == 422 && missing.text.contains("signedForm"), "upload the photo first: \(missing.text)")
        let typed = try s.post("/v1/complaints/\(id)/confirm", body: jsonString(["solved": true, "satisfied": true, "signature": ["name": "李伟"]]))
        #expect(typed.status == 422, "staff cannot type the owner's name for them")
        #expect(try s.upload(id, form, name: "签字确认单.png").status == 201)
        let body = jsonString(["solved": true, "satisfied": true, "signedForm": Files.sha256(form)])
        #expect(try s.post("/v1/complaints/\(id)/confirm", token: Token.hank, body: body).status == 403)
        let r = try s.post("/v1/complaints/\(id)/confirm", body: body)
        #expect(r.status == 200, "\(r.text)")
        let recorded = (r.json?["ownerConfirmations"] as? [[String: Any]])?.first
        #expect((recorded?["signature"] as? [String: Any])?["kind"] as? String == "paper" && recorded?["recordedBy"] as? String == "rita")
        // The owner sees the form they signed among their files, and that it was confirmed.
        let track = try #require(try s.get("/v1/track/\(code)", token: nil).json)
        #expect((track["attachments"] as? [[String: Any]])?.map { $0["sha256"] as? String } == [Files.sha256(form)])
        #expect(track["confirmation"] is [String: Any] && track["canConfirm"] as? Bool == false)
        let counts = try Self.confirmations(s)
        #expect(counts["confirmed"] as? Int == 1 && counts["onPaper"] as? Int == 1, "\(counts)")
    }
}
