import Foundation
import Testing

@testable import Notifications

/// The words of robot messages: both languages for every key, "投诉" in every text a robot gets,
/// local times, and response bodies read at every split.
struct NoticeTextTests {
    static let at = Date(timeIntervalSince1970: 1_795_354_200)  // 2026-11-22 21:30 in Shanghai

    static func facts(_ trigger: NotificationTrigger, id: String = "C2611-000001") -> NotificationFacts {
        var facts = NotificationFacts(complaintID: id, trigger: trigger, at: at, roles: ["supervisor"], mustAct: ["rita"])
        facts.category = "engineering"
        facts.estate = "翠苑小区"
        facts.building = "3"
        facts.excerpt = "3号楼电梯本周停了两次"
        facts.status = "received"
        if trigger == .escalation {
            facts.clock = "dispatch"
            facts.dueAt = at.addingTimeInterval(-1500)
            facts.lateBySeconds = 1500
        }
        if trigger == .upgrade {
            facts.reason = "unresolved_7_days"
            facts.severity = "major"
        }
        return facts
    }

    static func settings(_ language: NotificationLanguage) -> NotificationSettings {
        var settings = NotificationSettings()
        settings.language = language
        settings.consoleBaseURL = "https://kefu.example.com/"
        settings.people = ["rita": NotificationPerson(name: "王芳", role: "receptionist", mobile: "13900139000")]
        settings.quietHours = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: settings.timeZone)
        return settings
    }

    @Test func everyKeyHasBothLanguages() {
        for key in NotificationText.allCases {
            #expect(!key.template(.zh).isEmpty && !key.template(.en).isEmpty, "\(key)")
            let names = { (text: String) in Set(text.components(separatedBy: "{").dropFirst().compactMap { $0.split(separator: "}").first }) }
            #expect(names(key.template(.zh)) == names(key.template(.en)), "\(key) names different values in zh and en")
        }
    }

    @Test(arguments: NotificationLanguage.allCases)
    func everyRobotTextHoldsTheKeyword(language: NotificationLanguage) {
        // DingTalk and Feishu robots with keyword security drop a message without it.
        let settings = Self.settings(language)
        let singles = NotificationTrigger.allCases.map {
            [QueuedNotification(id: "ntf-\($0)", endpoint: "e", queuedAt: Self.at, facts: Self.facts($0))]
        }
        let digest = NotificationTrigger.allCases.map { QueuedNotification(id: "ntf-\($0)", endpoint: "e", queuedAt: Self.at, facts: Self.facts($0)) }
        for (items, heldOver) in singles.map({ ($0, false) }) + [(digest, false), (digest, true)] {
            let content = NoticeWriter(settings: settings, language: language).content(
                of: NotificationMessage(endpoint: "e", items: items, heldOver: heldOver))
            #expect(content.title.contains("投诉"), "\(content.title)")
            #expect(
                content.plainText.contains("投诉") && PlatformMarkdown.wecom(content).contains("投诉")
                    && PlatformMarkdown.dingTalk(content).contains("投诉"))
            #expect(content.mention?.contains("投诉") ?? false, "the @mention text too")
        }
    }

    @Test func anEscalationSaysWhatWhoHowLateAndWhereToLook() {
        let message = NotificationMessage(
            endpoint: "e",
            items: [
                QueuedNotification(
                    id: "ntf-1", endpoint: "e", queuedAt: Self.at,
                    facts: Self.facts(.escalation))
            ])
        let content = NoticeWriter(settings: Self.settings(.zh), language: .zh).content(of: message)
        #expect(
            content.plainText == """
                【投诉超时】C2611-000001
                事项：engineering · 翠苑小区 3号楼：3号楼电梯本周停了两次
                状态：received
                等级：未定级
                超时：dispatch时限已过 25 分钟（应于 2026-11-22 21:05 前完成）
                请处理：王芳（receptionist）
                知会：supervisor
                时间：2026-11-22 21:30（北京时间）
                查看投诉：https://kefu.example.com/console/complaints/C2611-000001
                通知编号：ntf-1
                """, "codes stay codes without the service's vocabulary")
        #expect(content.mobiles == ["13900139000"])
    }

    @Test func markupInFreeTextIsShownNotObeyed() {
        var facts = Self.facts(.major)
        facts.excerpt = "**紧急** [点这里](http://evil) <font>"
        let message = NotificationMessage(endpoint: "e", items: [QueuedNotification(id: "ntf-1", endpoint: "e", queuedAt: Self.at, facts: facts)])
        let markdown = PlatformMarkdown.wecom(NoticeWriter(settings: Self.settings(.zh), language: .zh).content(of: message))
        #expect(markdown.contains("＊＊紧急＊＊ ［点这里］(http://evil) ＜font＞"))
        #expect(!markdown.contains("[点这里]"))
    }

    @Test func localTimesAndDurations() {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        #expect(LocalTime.text(Date(timeIntervalSince1970: 0), in: shanghai) == "1970-01-01 08:00")
        #expect(LocalTime.text(Self.at, in: TimeZone(identifier: "UTC")!) == "2026-11-22 13:30")
        #expect(LocalTime.text(Date(timeIntervalSince1970: -1), in: TimeZone(identifier: "UTC")!) == "1969-12-31 23:59")
        let writer = NoticeWriter(settings: Self.settings(.zh), language: .zh)
        let seconds: [Double] = [1500, 10_800, 777_600]
        let words: [String] = seconds.map { writer.duration($0) }
        #expect(words == ["25 分钟", "3 小时", "9 天"])
        #expect(NoticeWriter(settings: Self.settings(.en), language: .en).duration(.infinity) == "? d")
    }

    @Test func aResponseReadsTheSameAtEverySplit() {
        let fixtures: [(String, [UInt8])] = [
            ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", Array("ok".utf8)),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n3;x=y\r\n!!!\r\n0\r\nX-T: 1\r\n\r\n", Array("ok!!!".utf8)),
            ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n!", Array("!".utf8)),
        ]
        for (text, body) in fixtures {
            let bytes = Array(text.utf8)
            for split in 0...bytes.count {
                var reader = ResponseReader()
                var outcome = bytes[..<split].withUnsafeBytes { reader.feed($0) }
                if case .incomplete = outcome { outcome = bytes[split...].withUnsafeBytes { reader.feed($0) } }
                guard case .complete(let response) = outcome else {
                    Issue.record("split \(split) of \(text.debugDescription): \(outcome)")
                    break
                }
                #expect(response.body == body)
            }
        }
        var broken = ResponseReader()
        if case .invalid(let reason) = Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8).withUnsafeBytes({ broken.feed($0) })
        {
            #expect(reason.contains("chunk"), "the server's own chunked decoder names the fault")
        } else {
            Issue.record("a bad chunk size was accepted")
        }
    }
}
