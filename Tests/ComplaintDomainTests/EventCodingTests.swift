import Foundation
import JSONCodec
import Testing

@testable import ComplaintDomain

@Suite("Events round-trip through JSON")
struct EventCodingTests {
    /// A log that contains every kind of event at least once: the history the legacy lines
    /// describe, then the paper trail of issue 10.
    static func everyKindOfEvent() throws -> [DomainEvent] {
        try legacyHistory() + paperTrail()
    }

    /// Files, the handling opinion and confirmations (events newer than the legacy lines).
    static func paperTrail() throws -> [DomainEvent] {
        var h = Harness()
        let id = try h.make(.inProgress, severity: .important)
        let photo = AttachmentFile(sha256: String(repeating: "1f", count: 32), mediaType: "image/jpeg", size: 2_048_000, name: "漏水.jpg")
        let drawn = AttachmentFile(sha256: String(repeating: "2e", count: 32), mediaType: "image/png", size: 4_096, name: "签名.png")
        try h.run(.attach(id: id, AttachInput(files: [photo], note: "整改前")), by: Staff.handler)
        try h.run(.progress(id: id, ProgressInput(text: "已更换水管", public: true, attachments: [photo.sha256])), by: Staff.handler)
        try h.run(.resolve(id: id, ResolutionInput(measures: "更换", result: "不漏了", attachments: [photo.sha256])), by: Staff.handler)
        try h.run(.approve(id: id, NoteInput()), by: Staff.supervisor)
        try h.run(.reply(id: id, ReplyInput(content: "已修复")), by: Staff.receptionist)
        let code = h.complaint(id).trackingCode
        try h.run(.attachByOwner(trackingCode: code, AttachInput(files: [drawn])), by: Staff.owner)
        try h.run(
            .confirmByOwner(
                trackingCode: code,
                ConfirmationInput(
                    solved: true, satisfied: false, comment: "还有点渗水", signature: SignatureInput(attachment: drawn.sha256))), by: Staff.owner)
        let paper = try h.make(.replied, severity: .minor)
        try h.run(.attach(id: paper, AttachInput(files: [formPhoto])), by: Staff.receptionist)
        try h.run(.confirm(id: paper, ConfirmationInput(solved: true, satisfied: true, signedForm: formPhoto.sha256)), by: Staff.receptionist)
        return h.log
    }

    /// The history the legacy lines were written for (no handling opinion was asked then).
    static func legacyHistory() throws -> [DomainEvent] {
        var policy = WorkflowPolicy()
        policy.opinionRequiredFor = []
        var h = Harness(policy: policy)
        let id = try h.make(.replied, severity: .important)
        try h.run(.visit(id: id, VisitInput(outcome: .unreachable, method: .phone, numberCalled: "13800138000")), by: Staff.supervisor)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: false, method: .visit, newDemands: "再检查一次", note: "业主在家")), by: Staff.supervisor)
        try h.run(.progress(id: id, ProgressInput(text: "复查中", public: true)), by: Staff.handler)
        try h.run(.extend(id: id, ExtensionInput(clock: .resolve, dueAt: h.now.addingTimeInterval(200_000), reason: "等配件")), by: Staff.manager)
        try h.run(.link(id: id, LinkInput(incidentID: "LIFT-7")), by: Staff.receptionist)
        try h.run(.upgrade(id: id, NoteInput(note: "业主多次投诉")), by: Staff.director)
        try h.run(.viewContact(id: id), by: Staff.supervisor)
        let other = try h.make(.explained)
        try h.run(.close(id: other, CloseInput()), by: Staff.receptionist)
        let chased = try h.make(.dispatched, severity: .minor)
        try h.run(.remind(trackingCode: h.complaint(chased).trackingCode), by: Staff.owner)
        h.advance(43_200)
        try h.run(.escalate(id: chased, .resolve), by: Staff.system)
        return h.log
    }

    @Test func everyEventRoundTripsThroughTheProjectCodec() throws {
        for event in try Self.everyKindOfEvent() {
            let bytes = event.json()
            #expect(try DomainEvent.read(from: bytes) == event, "\(event.typeName): \(String(decoding: bytes, as: UTF8.self))")
            #expect(bytes.starts(with: Array(#"{"type":""#.utf8)))
            #expect(String(decoding: bytes, as: UTF8.self).contains(#""complaintId":"\#(event.complaintID)""#))
        }
        #expect(Set(try Self.everyKindOfEvent().map(\.typeName)) == Set(DomainEvent.allTypeNames))
    }

    @Test func logsWrittenByEarlierVersionsStillRead() throws {
        // The lines earlier versions wrote (Foundation's encoder: sorted keys, `complaintID`,
        // fractional milliseconds) for the same history.
        let expected = try Self.legacyHistory()
        #expect(expected.count == legacyEventLines.count)
        for (event, legacy) in zip(expected, legacyEventLines) {
            #expect(try DomainEvent.read(from: Array(legacy.utf8)) == event, "\(legacy)")
        }
        let fractional = Array(
            #"{"actor":{"id":"r1","role":"receptionist"},"at":1793581200000.4,"complaintID":"C2611-000001","note":null,"type":"complaint.acknowledged"}"#
                .utf8)
        #expect(try DomainEvent.read(from: fractional).at == Date(timeIntervalSince1970: 1_793_581_200))
    }

    /// Every event's actor is read by a fast path over the writer's exact bytes: any other
    /// spelling of the same actor reads the same, and a bad actor is refused with its path.
    @Test func actorsReadTheSameHoweverTheyAreWritten() throws {
        func actor(_ json: String) throws -> Actor {
            let event = try DomainEvent.read(from: Array(#"{"type":"complaint.acknowledged","complaintId":"C-1","at":1,"actor":\#(json)}"#.utf8))
            guard case .acknowledged(let acknowledged) = event else { throw JSONError(.invalidValue, at: 0, detail: "read \(event.typeName)") }
            return acknowledged.actor
        }
        let lead = Actor(id: "李工", role: .departmentHead, department: .engineering)
        for json in [
            #"{"id":"李工","role":"department_head","department":"engineering"}"#,
            #"{"department":"engineering","role":"department_head","id":"李工"}"#,
            #"{ "id" : "\u674e工", "role":"department_head", "department":"engineering", "x":[1] }"#,
        ] {
            #expect(try actor(json) == lead, "\(json)")
        }
        #expect(try actor(#"{"id":"web","role":"intake"}"#) == Actor(id: "web", role: .intake, department: nil))
        #expect(try actor(#"{"id":"web","role":"intake","department":null}"#) == Actor(id: "web", role: .intake, department: nil))
        for (json, path) in [
            (#"{"id":"web","role":"intruder"}"#, "actor.role"), (#"{"id":"web","role":"intake","id":"x"}"#, "actor.id"),
            (#"{"id":"web"}"#, "actor"), (#"{"id":"w\#u{01}","role":"intake"}"#, "actor.id"),
        ] {
            let error = try #require(throws: JSONError.self, "\(json)") { try actor(json) }
            #expect("\(error)".contains(path), "\(json): \(error)")
        }
    }

    @Test func badEventsNameWhatIsWrong() {
        func error(_ text: String) -> String {
            do {
                _ = try DomainEvent.read(from: Array(text.utf8))
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(error(#"{"type":"complaint.teleported","complaintId":"C1","at":1,"actor":{"id":"a","role":"admin"}}"#).contains("unknown event type"))
        #expect(
            error(#"{"type":"complaint.dispatched","complaintId":"C1","at":1,"actor":{"id":"a","role":"admin"},"handler":"h1"}"#).contains(
                "department"))
        #expect(error(#"{"type":"complaint.linked","complaintId":"C1","complaintId":"C2"}"#).contains("duplicate"))
        #expect(error(#"{"type":"complaint.escalated","complaintId":"C1","at":1e400,"actor":{"id":"a","role":"admin"}}"#) != "accepted")
    }

    @Test func aWholeComplaintRoundTripsForSnapshots() throws {
        var h = Harness()
        _ = try Self.everyKindOfEvent()
        let ids = try [h.make(.closed, severity: .major), h.make(.replied, severity: .important), h.make(.explained)]
        for id in ids {
            let complaint = h.complaint(id)
            var writer = JSONWriter()
            complaint.write(to: &writer)
            let read = try JSONReader.withReader(writer.bytes) { try Complaint(from: &$0) }
            #expect(read == complaint, "\(String(decoding: writer.bytes, as: UTF8.self))")
        }
    }

    @Test func thePolicyIsReadFromConfiguration() throws {
        let policy = try JSONDecoder().decode(
            WorkflowPolicy.self, from: Data(#"{"dispatchWithin": 5, "escalationTargets": {"dispatch": ["manager"]}}"#.utf8))
        #expect(policy.dispatchWithin == 5 && policy.resolveMinor == 43_200)
        #expect(policy.escalationTargets == [.dispatch: [.manager]])
        let roundTrip = try JSONDecoder().decode(WorkflowPolicy.self, from: JSONEncoder().encode(WorkflowPolicy()))
        #expect(roundTrip == WorkflowPolicy())
    }
}

@Suite("Complaint value semantics")
struct ComplaintValueTests {
    @Test func boxedPartsAreCopiedOnWrite() throws {
        var h = Harness()
        let id = try h.make(.replied, severity: .minor)
        let original = h.complaint(id)
        var copy = original
        copy.reply = nil
        copy.reminderCount = 9
        #expect(original.reply != nil && original.reminderCount == 0)
        #expect(h.complaint(id) == original)
        #expect(copy != original)
        // Storage that was emptied again equals storage that was never allocated.
        var emptied = h.complaint(id)
        emptied.resolution = nil
        emptied.approval = nil
        emptied.reply = nil
        emptied.visitDueAt = nil
        var plain = emptied
        plain.extras = ComplaintExtras.Storage()
        #expect(plain == emptied)
    }
}
