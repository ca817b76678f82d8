import Foundation
import Testing
@testable import ComplaintDomain

@Suite("Public announcement redaction")
struct RedactionTests {
    static let owner = Complainant(name: "王小明", phone: "13912345678", estate: "阳光花园", building: "3栋", unit: "1201室")

    @Test(arguments: [
        ("请回电13912345678", "13912345678"),
        ("电话 139 1234 5678 找王小明", "1234"),
        ("手机139-1234-5678", "1234-5678"),
        ("座机010-12345678转", "12345678"),
        ("座机 (021) 6234 5678", "6234 5678"),
        ("国际 +86 139 1234 5678", "1234 5678"),
        ("另一位邻居15800001111也投诉", "15800001111"),
        ("本地号码 87654321", "87654321"),
    ])
    func phoneNumbersAreMasked(text: String, secret: String) {
        let out = PublicRedaction.redact(text, complainant: Self.owner)
        #expect(!out.contains(secret), "\(out)")
        #expect(out.contains("*"), "\(out)")
    }

    @Test func nameAndUnitAreRemovedButOrdinaryNumbersStay() {
        let text = "王小明（1201室，3栋1201）反映：2026-11-02 09:30 起漏水，维修费500元，12015号车位不受影响"
        let out = PublicRedaction.redact(text, complainant: Self.owner)
        #expect(!out.contains("王小明") && !out.contains("1201室") && !out.contains("栋1201"), "\(out)")
        #expect(out.contains("2026-11-02 09:30") && out.contains("500元") && out.contains("12015"), "\(out)")
        #expect(out.contains("某业主"))
    }

    @Test func anAnnouncementCarriesNoOwnerDataAnywhere() throws {
        var h = Harness()
        let input = RegistrationInput(
            channel: .phone,
            complainant: ComplainantInput(name: "王小明", phone: "13912345678", estate: "阳光花园", building: "3栋", unit: "1201"),
            content: "我是王小明，住3栋1201，电话13912345678，楼上漏水。邻居李四 158-0000-1111 也可作证", demands: "尽快修复",
            category: .engineering)
        let id = try h.register(input)
        try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .important, nature: .dissatisfaction)), by: Staff.director)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        try h.run(.resolve(id: id, ResolutionInput(measures: "已联系王小明（13912345678）上门，1201 室更换水管", result: "1201已不漏，王小明确认")),
                  by: Staff.handler)
        try h.run(.approve(id: id, NoteInput()), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "已修复")), by: Staff.receptionist)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        try h.run(.close(id: id, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: "每季度回访王小明 010-87654321")), by: Staff.supervisor)
        let a = PublicAnnouncement(h.complaint(id))
        let all = [a.matter, a.handlingMethod ?? "", a.result ?? "", a.precautions ?? "", a.estate, a.building].joined(separator: "|")
        for secret in ["王小明", "13912345678", "1201", "158-0000-1111", "87654321"] { #expect(!all.contains(secret), "\(secret) in \(all)") }
        #expect(a.estate == "阳光花园" && a.building == "3栋" && a.returnVisitSatisfied == true && a.personInCharge == "m1")
        #expect(a.precautions?.hasPrefix("每季度回访某业主") == true && a.timeLimit != nil && a.followUpPerson == "h1")
        let (slots, more) = h.state.announcementSlots(from: start, to: start.addingTimeInterval(60), estate: "阳光花园", limit: 10)
        #expect(slots.map { PublicAnnouncement(h.complaint(h.book.id(ofSlot: $0))) } == [a] && !more)
        #expect(h.state.announcementSlots(from: start, to: start.addingTimeInterval(60), estate: nil, limit: 0).more)
        #expect(h.state.announcementSlots(from: start.addingTimeInterval(1), to: start.addingTimeInterval(60), estate: nil, limit: 10).slots.isEmpty)
    }
}
