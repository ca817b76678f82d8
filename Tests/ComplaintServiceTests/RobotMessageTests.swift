import ComplaintService
import Foundation
import TestSupport
import Testing

/// Robot messages people can act on: Chinese, local times, what happened in one line with a
/// redacted excerpt, how late, who must act (@mentioned by mobile), a link to the console; the
/// platforms' markdown and cards as documented; English by config; quiet hours.
@Suite(.serialized)
struct RobotMessageTests {
    /// 2026-11-22 21:30 in Shanghai (13:30Z).
    static let evening = Date(timeIntervalSince1970: 1_795_354_200)
    /// 2026-11-22 23:00 in Shanghai (15:00Z), inside quiet hours 22:00–07:00.
    static let night = Date(timeIntervalSince1970: 1_795_359_600)
    static let content = "业主来电13800138000反映：3号楼电梯本周停了两次，老人被困二十分钟。"

    static func configuration(_ dir: TempDir, notifications: String, publicBaseURL: String? = "https://kefu.example.com") -> ServiceConfiguration {
        var c = testConfiguration(dataDirectory: dir.path, workflow: #"{"dispatchWithin": 600}"#)
        c.publicBaseURL = publicBaseURL
        c.notificationsJSON = Data(notifications.utf8)
        return c
    }

    static func section(_ endpoints: String, extra: String = "") -> String {
        #"{"endpoints": \#(endpoints), "maxAttempts": 3, "retryBaseSeconds": 0.1, "retryMaxSeconds": 1, "timeoutSeconds": 2, "pollSeconds": 0.05\#(extra)}"#
    }

    static func register(_ s: Running, content: String = content) throws -> String {
        let body = jsonString([
            "channel": "phone", "content": content, "category": "engineering",
            "complainant": ["name": "Zhang Wei", "phone": "13800138000", "estate": "Sunny Gardens", "building": "3", "unit": "B-77Q"],
        ])
        let r = try s.post("/v1/complaints", body: body)
        guard r.status == 201, let id = r.json?["id"] as? String else { throw TestError("register: \(r.status) \(r.text)") }
        return id
    }

    @Test func anEscalationReadsInChineseWithWhatWhoHowLateAndALink() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("robot-zh")
        defer { dir.remove() }
        let clock = ManualClock(start: Self.evening)
        let endpoints = receiver.endpointsJSON(wecom: "markdown", dingtalk: "markdown", feishu: "interactive")
        let s = try Running(Self.configuration(dir, notifications: Self.section(endpoints)), clock: clock)
        defer { s.stop() }
        let id = try Self.register(s)
        clock.advance(by: 600 + 25 * 60)  // the dispatch clock missed by 25 minutes
        #expect(eventually { Set(receiver.received.filter { $0.text.contains(id) }.map(\.kind)) == ["wecom", "dingtalk", "feishu", "webhook"] })
        _ = eventually { receiver.received.filter { $0.kind == "wecom" }.count >= 2 }
        let messages = receiver.received
        #expect(messages.allSatisfy { $0.verified }, "\(messages.compactMap(\.problem))")
        let link = "https://kefu.example.com/console/complaints/\(id)"

        // WeCom: the markdown card, then a text that @mentions the first responsible person by mobile.
        let wecom = messages.filter { $0.kind == "wecom" }
        #expect(wecom.count == 2)
        let markdown = try #require((wecom.first?.json["markdown"] as? [String: Any])?["content"] as? String)
        for expected in [
            "### 【投诉超时】\(id)", "**事项**：工程维修", "Sunny Gardens 3号楼", "3号楼电梯本周停了两次",
            "派单时限已过 25 分钟（应于 2026-11-22 21:40 前完成）", "**请处理**：王芳（客服助理）", "**知会**：客服主管",
            "2026-11-22 22:05（北京时间）", "[查看投诉](\(link))", "**状态**：已受理", "**等级**：未定级",
        ] {
            #expect(markdown.contains(expected), "missing \(expected) in \(markdown)")
        }
        let mention = try #require(wecom.last?.json["text"] as? [String: Any])
        #expect(mention["mentioned_mobile_list"] as? [String] == ["13900139000"])
        #expect((mention["content"] as? String)?.contains("请 王芳 尽快处理投诉 \(id)") == true)

        // DingTalk markdown mentions in the same message; Feishu sends a card with a button.
        let ding = try #require(messages.first { $0.kind == "dingtalk" }?.json)
        #expect((ding["at"] as? [String: Any])?["atMobiles"] as? [String] == ["13900139000"])
        #expect(((ding["markdown"] as? [String: Any])?["text"] as? String)?.contains("[查看投诉](\(link))") == true)
        let card = try #require(messages.first { $0.kind == "feishu" }?.json["card"] as? [String: Any])
        #expect(((card["header"] as? [String: Any])?["title"] as? [String: Any])?["content"] as? String == "【投诉超时】\(id)")
        let button = (card["elements"] as? [[String: Any]])?.compactMap { ($0["actions"] as? [[String: Any]])?.first }.first
        #expect(button?["url"] as? String == link)

        // The owner's phone in the text is cut out as the announcement cuts it; no name, phone or unit anywhere.
        for message in messages {
            #expect(
                !message.text.contains("13800138000") && !message.text.contains("Zhang Wei") && !message.text.contains("B-77Q"),
                "personal data in \(message.kind)")
        }
        let webhook = try #require(messages.first { $0.kind == "webhook" }?.json)
        let item = try #require((webhook["notifications"] as? [[String: Any]])?.first)
        #expect(item["mustAct"] as? [String] == ["rita"] && item["url"] as? String == link)
        #expect((item["excerpt"] as? String)?.contains("***********") == true)
        #expect(webhook["language"] as? String == "zh")
    }

    @Test func englishByConfigAndStillTheKeyword() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("robot-en")
        defer { dir.remove() }
        let clock = ManualClock(start: Self.evening)
        let s = try Running(
            Self.configuration(
                dir, notifications: Self.section(receiver.endpointsJSON(), extra: #", "language": "en""#),
                publicBaseURL: nil), clock: clock)
        defer { s.stop() }
        let id = try Self.register(s)
        clock.advance(by: 600 + 3 * 3600)
        #expect(eventually { Set(receiver.received.filter { $0.text.contains(id) }.map(\.kind)).count == 4 })
        let messages = receiver.received
        #expect(messages.allSatisfy { $0.verified }, "DingTalk and Feishu keyword security: \(messages.compactMap(\.problem))")
        let text = try #require((messages.first { $0.kind == "wecom" }?.json["text"] as? [String: Any]))
        let content = try #require(text["content"] as? String)
        for expected in [
            "[Complaint overdue 投诉超时] \(id)", "What: engineering · Sunny Gardens building 3",
            "Late: dispatch deadline passed 3 h ago (due 2026-11-22 21:40)", "To act: 王芳 (receptionist)",
            "At: 2026-11-23 00:40 (Beijing time)",
        ] {
            #expect(content.contains(expected), "missing \(expected) in \(content)")
        }
        #expect(!content.contains("console/complaints"), "no link without publicBaseURL")
        #expect(text["mentioned_mobile_list"] as? [String] == ["13900139000"], "WeCom text mentions in the message itself")
    }

    @Test func aDingTalkActionCardCarriesTheButtonAndAMentionFollows() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("robot-card")
        defer { dir.remove() }
        let clock = ManualClock(start: Self.evening)
        let s = try Running(Self.configuration(dir, notifications: Self.section(receiver.endpointsJSON(dingtalk: "actionCard"))), clock: clock)
        defer { s.stop() }
        let id = try Self.register(s)
        clock.advance(by: 600 + 5 * 60)
        #expect(eventually { receiver.received.filter { $0.kind == "dingtalk" }.count >= 2 })
        let ding = receiver.received.filter { $0.kind == "dingtalk" }
        #expect(ding.allSatisfy { $0.verified }, "\(ding.compactMap(\.problem))")
        // The card: the notice as markdown and one button to the console; cards cannot @mention.
        let card = try #require(ding.first { $0.json["msgtype"] as? String == "actionCard" }?.json["actionCard"] as? [String: Any])
        #expect(card["title"] as? String == "【投诉超时】\(id)")
        #expect(card["singleTitle"] as? String == "查看投诉" && card["singleURL"] as? String == "https://kefu.example.com/console/complaints/\(id)")
        #expect((card["text"] as? String)?.contains("派单时限已过 5 分钟") == true)
        // So a short text mentions the person who must act, by mobile and by name in the text.
        let mention = try #require(ding.first { $0.json["msgtype"] as? String == "text" }?.json)
        #expect((mention["at"] as? [String: Any])?["atMobiles"] as? [String] == ["13900139000"])
        #expect(((mention["text"] as? [String: Any])?["content"] as? String)?.contains("@13900139000") == true)
    }

    @Test func quietHoursHoldOrdinaryNoticesAndSendMajorOnesAtOnce() throws {
        let receiver = try NotificationReceiver()
        defer { receiver.stop() }
        let dir = try TempDir("robot-quiet")
        defer { dir.remove() }
        let clock = ManualClock(start: Self.night)
        let endpoint =
            #"[{"name":"wh","kind":"webhook","url":"http://127.0.0.1:\#(receiver.port)/hook","secret":"\#(NotificationReceiver.webhookSecret)"}]"#
        let s = try Running(
            Self.configuration(dir, notifications: Self.section(endpoint, extra: #", "quietHours": {"start": "22:00", "end": "07:00"}"#)),
            clock: clock)
        defer { s.stop() }
        let quiet = [try Self.register(s, content: "走廊灯不亮"), try Self.register(s, content: "垃圾未清运")]
        clock.advance(by: 700)  // both dispatch clocks missed at 23:11: not major, so held
        usleep(800_000)
        #expect(receiver.received.isEmpty, "nothing ordinary is sent at night")
        let major = try Self.register(s, content: "地下车库进水")
        #expect(try s.post("/v1/complaints/\(major)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        #expect(eventually { receiver.received.contains { $0.text.contains(major) } }, "a major notice goes at once")
        #expect(!receiver.received.contains { message in quiet.contains { message.text.contains($0) } })

        clock.advance(by: 7 * 3600 + 49 * 60 + 5)  // 07:00:05 local
        #expect(eventually { receiver.received.contains { $0.json["heldOver"] as? Bool == true } })
        let digest = try #require(receiver.received.first { $0.json["heldOver"] as? Bool == true })
        #expect(digest.verified && digest.json["digest"] as? Bool == true)
        let covered = Set((digest.json["notifications"] as? [[String: Any]] ?? []).compactMap { $0["complaintId"] as? String })
        #expect(covered == Set(quiet), "one digest folds everything held")
        #expect((digest.json["title"] as? String)?.hasPrefix("【免打扰时段投诉通知汇总】22:00–07:00 共 2 条") == true)
    }
}
