import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Public announcement redaction")
struct RedactionTests {
    /// The example owner of `RedactionRules`.
    static let owner = Complainant(name: "李伟", phone: "13812610236", estate: "阳光花园", building: "3栋", unit: "1202")

    /// `text` as a reader sees it, separators dropped: what must not contain a secret.
    static func compact(_ text: String) -> String {
        String(String.UnicodeScalarView(ReadableText(text).scalars.filter { !ReadableText.isSeparator($0) }))
    }

    static func redact(_ text: String, _ owner: Complainant = owner) -> String { PublicRedaction.redact(text, complainant: owner) }

    @Test(arguments: RedactionRules.all.map(\.kind))
    func everyRuleRedactsItsExampleAndKeepsItsLookAlike(kind: RedactionRule.Kind) {
        let rule = RedactionRules.rule(kind)
        let out = Self.redact(rule.mustRedact)
        #expect(!Self.compact(out).contains(Self.compact(rule.secret)), "\(kind): \(out)")
        #expect(out != rule.mustRedact)
        #expect(Self.redact(rule.mustSurvive) == rule.mustSurvive, "\(kind) changed \(rule.mustSurvive)")
    }

    @Test func theTableHasOneRowPerRuleKind() {
        #expect(RedactionRules.all.map(\.kind) == RedactionRule.Kind.allCases)
    }

    /// The forms that leaked before (issue 13) and their relatives: each must lose its secret.
    @Test(arguments: [
        ("请回电１３８１２６１０２３６", "13812610236"),
        ("电话138.0013.8000", "13800138000"),
        ("电话 138 - 0013 - 8000", "13800138000"),
        ("电话138\u{200B}0013\u{200C}8000", "13800138000"),
        ("电话1\u{200D}3\u{FEFF}8\u{00AD}0013\u{2060}8000", "13800138000"),
        ("电话（１３８）００１３－８０００", "13800138000"),
        ("电话①③⑧⓪⓪①③⑧⓪⓪⓪", "13800138000"),
        ("+86 139 1234 5678", "13912345678"),
        ("0086-13912345678", "13912345678"),
        ("电话 139 1234 5678 找人", "13912345678"),
        ("手机 1 3 9 1 2 3 4 5 6 7 8", "13912345678"),
        ("电话138。0013。8000", "13800138000"),
        ("电话١٣٨٠٠١٣٨٠٠٠", "13800138000"),
        ("座机021-62345678", "62345678"),
        ("座机(021)62345678", "62345678"),
        ("座机（０２１）６２３４ ５６７８", "62345678"),
        ("座机010 8765 4321", "87654321"),
        ("本地号码 87654321", "87654321"),
        ("身份证11010519491231002X", "11010519491231002"),
        ("身份证 110105 19491231 002x", "11010519491231002"),
        ("旧身份证110105491231002", "110105491231002"),
        ("证件号 １１０１０５１９４９１２３１００２Ｘ", "11010519491231002"),
        ("邮箱 liwei@qq.com", "LIWEI@QQ"),
        ("邮箱 li.wei_88@company.com.cn", "LIWEI_88"),
        ("邮箱 ｌｉｗｅｉ＠ｑｑ．ｃｏｍ", "LIWEI@QQ"),
        ("邮箱 liwei @ qq.com", "LIWEI"),
        ("车牌沪A12345", "A12345"),
        ("车牌京AD12345", "AD12345"),
        ("车牌 粤B·12345D", "12345D"),
        ("车牌沪a 12345", "12345"),
        ("车牌苏E1234学", "1234学"),
        ("李 伟说", "李伟"),
        ("李　伟说", "李伟"),
        ("李\u{200B}伟说", "李伟"),
        ("李女士说", "李女士"),
        ("3栋1202漏水", "1202"),
        ("3-1202漏水", "1202"),
        ("1202室漏水", "1202"),
        ("12 02 室", "1202"),
        ("微信 liwei1988", "LIWEI1988"),
        ("QQ：12345", "12345"),
        // Found by FuzzRedaction: masking the number after 京A0114D made it read as a plate.
        ("办理京A0114D3250974561552", "0114D"),
    ])
    func formsThatLeakedBeforeNoLongerDo(text: String, secret: String) {
        let out = Self.redact(text)
        #expect(!Self.compact(out).contains(Self.compact(secret)), "\(text) → \(out)")
    }

    /// Ordinary text stays readable, character for character.
    @Test(arguments: [
        "3号楼电梯本周停了两次", "2026年11月", "维修费120元", "2026-11-02 09:30 起漏水", "2026.11.02", "2026/11/02 至 2026/11/05",
        "2026-11-02-2026-11-05 停水", "12015号车位", "1203室邻居", "赔偿1200000元", "¥1500000", "面积95.5平方米",
        "共有3位业主，5 次投诉", "李四和王先生", "京东快递", "新Mate60", "@物业前台", "已在业主微信群通知", "电话联系了2次",
        "第1、2、3、4、5、6、7项", "工单 A-12 已处理", "（第3期）",
    ])
    func ordinaryTextSurvives(text: String) {
        #expect(Self.redact(text) == text)
    }

    @Test func onlyTheMatchIsCutAndChinesePunctuationStays() {
        #expect(Self.redact("李伟（3栋1202）：电话１３８１２６１０２３６！") == "某业主（3栋***）：电话***********！")
        #expect(Self.redact("邮箱 li@qq.com，车牌沪A12345。") == "邮箱 ***@***，车牌沪A*****。")
        #expect(Self.redact("身份证 11010519491231002X 收到") == "身份证 ****************** 收到")
    }

    @Test func otherOwnersAndUnitsAreRead() {
        let zhang = Complainant(name: "Zhang Wei", phone: "13800138000", estate: "E", building: "B", unit: "A座1201室")
        let out = Self.redact("ZHANG WEI (zhangwei) of A座 1201室 lives in 1201; zhangweiming stays", zhang)
        #expect(!out.uppercased().contains("ZHANG WEI") && !out.contains("(zhangwei)") && !out.contains("1201"), "\(out)")
        #expect(out.contains("zhangweiming"))
        let ouyang = Complainant(name: "欧阳娜娜", phone: "13800138000", estate: "E", building: "B", unit: "12-02")
        let out2 = Self.redact("欧阳 娜娜说，欧阳女士确认，1202 与 12-02", ouyang)
        #expect(out2 == "某业主说，某女士确认，*** 与 ***", "\(out2)")
        let single = Complainant(name: "李", phone: "13800138000", estate: "E", building: "B", unit: "8")
        #expect(Self.redact("李先生确认，李四在场，8号车位", single) == "某先生确认，李四在场，8号车位")
    }

    @Test func anAnnouncementCarriesNoOwnerDataAnywhere() throws {
        var h = Harness()
        let input = RegistrationInput(
            channel: .phone,
            complainant: ComplainantInput(name: "王小明", phone: "13912345678", estate: "阳光花园", building: "3栋", unit: "1201"),
            content: "我是王 小明，住3栋1201，电话１３９ １２３４ ５６７８，楼上漏水。邻居李四 158-0000-1111 也可作证", demands: "尽快修复",
            category: .engineering)
        let id = try h.register(input)
        try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .important, nature: .dissatisfaction)), by: Staff.director)
        try h.signOpinion(id)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        try h.run(
            .resolve(id: id, ResolutionInput(measures: "已联系王小明（13912345678）上门，1201 室更换水管", result: "1201已不漏，王先生确认")),
            by: Staff.handler)
        try h.run(.approve(id: id, NoteInput()), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "已修复")), by: Staff.receptionist)
        #expect(h.announcements(from: start, to: start.addingTimeInterval(60), estate: nil, stage: .closed, limit: 10).items.isEmpty)
        #expect(h.announcements(from: start, to: start.addingTimeInterval(60), estate: nil, stage: .replied, limit: 10).items.count == 1)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        try h.run(.close(id: id, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: "每季度回访王小明 010-87654321")), by: Staff.supervisor)
        let a = PublicAnnouncement(h.complaint(id))
        let all = [a.matter, a.handlingMethod ?? "", a.result ?? "", a.precautions ?? "", a.estate, a.building].joined(separator: "|")
        for secret in ["王小明", "13912345678", "1201", "15800001111", "87654321", "王先生"] {
            #expect(!Self.compact(all).contains(secret), "\(secret) in \(all)")
        }
        #expect(a.estate == "阳光花园" && a.building == "3栋" && a.returnVisitSatisfied == true && a.personInCharge == "m1")
        #expect(a.precautions?.hasPrefix("每季度回访某业主") == true && a.timeLimit != nil && a.followUpPerson == "h1")
        let (items, more) = h.announcements(from: start, to: start.addingTimeInterval(60), estate: "阳光花园", stage: .closed, limit: 10)
        #expect(items == [a] && !more)
        #expect(h.announcements(from: start, to: start.addingTimeInterval(60), estate: nil, limit: 0).more)
        #expect(h.announcements(from: start.addingTimeInterval(1), to: start.addingTimeInterval(60), estate: nil, limit: 10).items.isEmpty)
    }

    @Test(arguments: AnnouncementStage.allCases)
    func eachStagePublishesItsStatusAndLaterOnes(stage: AnnouncementStage) {
        let order: [ComplaintStatus] = [.received, .assessed, .dispatched, .inProgress, .resolved, .approved, .replied, .visited, .closed]
        let first = order.firstIndex { stage.publishes($0) }!
        #expect(order[first...].allSatisfy(stage.publishes) && !order[..<first].contains(where: stage.publishes))
        #expect(stage.publishes(.explained) == (stage == .received))
        #expect(order[first].rawValue == stage.rawValue)
    }
}
