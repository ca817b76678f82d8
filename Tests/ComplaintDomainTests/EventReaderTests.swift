import Foundation
import JSONCodec
import Testing

@testable import ComplaintDomain

/// `DomainEvent.Reader` reuses one set of fields for event after event (a replay reads tens of
/// millions): nothing one event carried may show up in the next.
@Suite("Events read one after another")
struct EventReaderTests {
    @Test func eachEventReadsAsItWouldAlone() throws {
        let events = try EventCodingTests.everyKindOfEvent()
        var reader = DomainEvent.Reader()
        // Forwards, then backwards: every kind follows kinds with other fields and with more.
        for event in events + events.reversed() {
            let bytes = event.json()
            let read = try bytes.withUnsafeBytes { try reader.read(from: $0) }
            #expect(read == event, "\(event.typeName) read after other events")
            #expect(read == (try DomainEvent.read(from: bytes)))
        }
    }

    @Test func aRefusedEventLeavesNothingBehind() throws {
        var reader = DomainEvent.Reader()
        let bad = Array(#"{"type":"complaint.acknowledged","note":"留下的备注","at":1,"actor":{"id":"u","role":"handler"}}"#.utf8)
        #expect(throws: JSONError.self) { try bad.withUnsafeBytes { try reader.read(from: $0) } }
        let good = Array(#"{"type":"complaint.acknowledged","complaintId":"C-1","at":1,"actor":{"id":"u","role":"handler"}}"#.utf8)
        let event = try good.withUnsafeBytes { try reader.read(from: $0) }
        guard case .acknowledged(let acknowledged) = event else {
            Issue.record("read \(event.typeName)")
            return
        }
        #expect(acknowledged.note == nil, "the refused event's note stayed in the fields")
    }

    /// Every field `empty()` must reset: one object carrying every member any event writes fills
    /// them all, and emptying leaves none set. A field added to `EventFields` but not to `empty()`
    /// fails here.
    @Test func emptyingResetsEveryField() throws {
        // What the fixtures leave out or write as null.
        var members: [String: Any] = [
            "incidentTime": 1, "incidentPlace": "3号楼", "complaintObject": "电梯", "incidentKey": "k", "incidentHint": "h",
            "requestedBy": 2, "contentType": "equipment", "remaining": "无", "followUpDueAt": 3, "reclassifiedTo": "consulting",
            "summary": ["cause": "老化"],
        ]
        for event in try EventCodingTests.everyKindOfEvent() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(event.json())) as? [String: Any])
            for (name, value) in object where !(value is NSNull) && members[name] == nil { members[name] = value }
        }
        let bytes = Array(try JSONSerialization.data(withJSONObject: members))
        var fields = EventFields()
        try bytes.withUnsafeBytes { buffer in
            try JSONReader.withReader(buffer) { reader in
                try reader.readObject { key, r in
                    let member = try #require(EventFields.members.value(named: key), "\(key) is not a member an event reads")
                    try fields.read(member, &r)
                }
            }
        }
        let unset = Mirror(reflecting: fields).children.filter { Self.isNil($0.value) }.compactMap(\.label)
        #expect(unset == [], "no event writes these fields, so this test cannot check that they are emptied")
        fields.empty()
        // Every field but the reader's setting (`leavesOutTexts`), which is not an optional.
        let left = Mirror(reflecting: fields).children.filter { Self.isOptional($0.value) && !Self.isNil($0.value) }.compactMap(\.label)
        #expect(left == [], "empty() leaves these set")
    }

    /// The members a reader leaving texts out reads as empty strings.
    static let texts: Set<String> = [
        "content", "demands", "incidentPlace", "complaintObject", "explanation", "note", "text", "measures", "result", "remaining",
        "newDemands", "comment",
    ]

    /// A full replay reads events without the texts people wrote: each kind of event reads as it
    /// would whole, with those texts empty (null ones stay null) and nothing else changed.
    @Test func leavingOutTextsChangesNothingElse() throws {
        var lean = DomainEvent.Reader(leavingOutTexts: true)
        var leftOut = 0
        var summariesLeftOut = 0
        // A closing with a summary (one text null), beside every kind of event the fixtures make.
        let closed = DomainEvent.closed(
            .init(
                complaintID: "C-9", at: Date(timeIntervalSince1970: 1_700_000_000), actor: Actor(id: "sue", role: .supervisor, department: nil),
                summary: ClosingSummary(cause: "电机老化，需要更换整套曳引机", lessons: nil, preventiveAction: "每季度保养一次并记录")))
        for event in try EventCodingTests.everyKindOfEvent() + [closed] {
            let read = try event.json().withUnsafeBytes { try lean.read(from: $0) }
            #expect(read.typeName == event.typeName)
            let whole = try #require(try JSONSerialization.jsonObject(with: Data(event.json())) as? [String: Any])
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(read.json())) as? [String: Any])
            #expect(Set(whole.keys) == Set(shown.keys), "\(event.typeName)")
            for (name, value) in whole {
                if Self.texts.contains(name), value is String {
                    #expect(shown[name] as? String == "", "\(event.typeName).\(name)")
                    leftOut += 1
                } else if name == "summary", let summary = value as? [String: Any] {
                    // The closing summary's texts are left out in the same way.
                    let blanked = summary.mapValues { $0 is String ? "" as Any : $0 }
                    #expect((shown[name] as? NSDictionary) == (blanked as NSDictionary), "\(event.typeName).summary")
                    leftOut += summary.values.filter { $0 is String }.count
                    summariesLeftOut += 1
                } else {
                    #expect((shown[name] as? NSObject) == (value as? NSObject), "\(event.typeName).\(name)")
                }
            }
        }
        #expect(leftOut >= 10, "the fixtures carry texts to leave out")
        #expect(summariesLeftOut >= 1, "the fixtures close a complaint with a summary")
        // The same reader reads whole again when asked for a new one: nothing sticks to the event.
        var whole = DomainEvent.Reader()
        for event in try EventCodingTests.everyKindOfEvent() {
            #expect(try event.json().withUnsafeBytes { try whole.read(from: $0) } == event)
        }
    }

    /// A text left out is still checked: bytes that are not UTF-8, or a number, refuse the event.
    @Test func textsLeftOutAreStillChecked() throws {
        var lean = DomainEvent.Reader(leavingOutTexts: true)
        let head = #"{"type":"complaint.replied","complaintId":"C-1","at":1,"actor":{"id":"u","role":"receptionist"},"returnVisitDueAt":2,"content":"#
        let broken = Array((head + #""回复"#).utf8) + [0xE5, 0x9B] + Array(#""}"#.utf8)
        let number = Array((head + "5}").utf8)
        let good = Array((head + #""已回复"}"#).utf8)
        for bad in [broken, number] {
            #expect(throws: JSONError.self) { try bad.withUnsafeBytes { try lean.read(from: $0) } }
        }
        guard case .replied(let replied) = try good.withUnsafeBytes({ try lean.read(from: $0) }) else {
            Issue.record("not read as a reply")
            return
        }
        #expect(replied.content == "" && replied.complaintID == "C-1")
    }

    private static func isNil(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }

    private static func isOptional(_ value: Any) -> Bool { Mirror(reflecting: value).displayStyle == .optional }
}
