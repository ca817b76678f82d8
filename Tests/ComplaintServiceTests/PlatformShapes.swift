import Foundation

/// The request bodies each robot platform documents, as checks (nil: accepted; else why not):
/// - WeCom group robot (群机器人配置说明): `{"msgtype":"text","text":{"content":≤2048 bytes,
///   "mentioned_list"?:[…],"mentioned_mobile_list"?:[…]}}`, `{"msgtype":"markdown","markdown":
///   {"content":≤4096 bytes}}` (markdown cannot mention by mobile).
/// - DingTalk custom robot (自定义机器人): `text` {content}, `markdown` {title, text},
///   `actionCard` {title, text, singleTitle, singleURL, btnOrientation?}; `at` {atMobiles, isAtAll}
///   only with text and markdown, and each mobile named `@138…` in the text; with keyword
///   security the message must contain the keyword.
/// - Feishu custom bot (自定义机器人): `{"msg_type":"text","content":{"text":…}}` or
///   `{"msg_type":"interactive","card":{"header":{"title":{"tag":"plain_text","content":…},
///   "template"?:…},"elements":[{"tag":"div","text":{"tag":"lark_md","content":…}},
///   {"tag":"action","actions":[{"tag":"button","text":{"tag":"plain_text",…},"url":…,"type":…}]},
///   {"tag":"note","elements":[…]}]}}`, `timestamp` and `sign` beside them; keyword security likewise.
enum PlatformShapes {
    static func wecom(_ body: [String: Any]) -> String? {
        guard let type = body["msgtype"] as? String else { return "missing msgtype" }
        let allowed: Set<String> = ["msgtype", type]
        guard Set(body.keys).isSubset(of: allowed) else { return "unexpected members \(Set(body.keys).subtracting(allowed))" }
        switch type {
        case "text":
            guard let text = body["text"] as? [String: Any], let content = text["content"] as? String else { return "text.content missing" }
            guard content.utf8.count <= 2048 else { return "content exceeds 2048 bytes" }
            guard Set(text.keys).isSubset(of: ["content", "mentioned_list", "mentioned_mobile_list"]) else { return "unknown text member" }
            if let mobiles = text["mentioned_mobile_list"] { guard mobiles is [String] else { return "mentioned_mobile_list not strings" } }
            return nil
        case "markdown":
            guard let markdown = body["markdown"] as? [String: Any], let content = markdown["content"] as? String,
                markdown.count == 1
            else { return "markdown.content missing or extra members" }
            return content.utf8.count <= 4096 ? nil : "markdown content exceeds 4096 bytes"
        default:
            return "msgtype \(type) not used by complaintd"
        }
    }

    static func dingTalk(_ body: [String: Any], keyword: String) -> String? {
        guard let type = body["msgtype"] as? String else { return "missing msgtype" }
        var words = ""
        switch type {
        case "text":
            guard let text = body["text"] as? [String: Any], let content = text["content"] as? String else { return "text.content missing" }
            words = content
        case "markdown":
            guard let markdown = body["markdown"] as? [String: Any], let title = markdown["title"] as? String,
                let text = markdown["text"] as? String
            else { return "markdown.title/text missing" }
            words = title + text
        case "actionCard":
            guard let card = body["actionCard"] as? [String: Any], let title = card["title"] as? String, let text = card["text"] as? String,
                card["singleTitle"] is String, let url = card["singleURL"] as? String, url.hasPrefix("http")
            else {
                return "actionCard title/text/singleTitle/singleURL missing"
            }
            if body["at"] != nil { return "at is not supported with actionCard" }
            words = title + text
        default:
            return "msgtype \(type) not used by complaintd"
        }
        guard Set(body.keys).isSubset(of: ["msgtype", type, "at"]) else { return "unexpected members" }
        if let at = body["at"] {
            guard let at = at as? [String: Any], let mobiles = at["atMobiles"] as? [String], at["isAtAll"] is Bool else { return "at malformed" }
            for mobile in mobiles where !words.contains("@" + mobile) { return "@\(mobile) not named in the text" }
        }
        return words.contains(keyword) ? nil : "keywords not in content"
    }

    static func feishu(_ body: [String: Any], keyword: String) -> String? {
        guard let type = body["msg_type"] as? String else { return "missing msg_type" }
        switch type {
        case "text":
            guard let content = body["content"] as? [String: Any], let text = content["text"] as? String else { return "content.text missing" }
            return text.contains(keyword) ? nil : "Key Words Not Found"
        case "interactive":
            guard let card = body["card"] as? [String: Any], let header = card["header"] as? [String: Any],
                let title = header["title"] as? [String: Any], title["tag"] as? String == "plain_text",
                let titleText = title["content"] as? String
            else { return "card.header.title malformed" }
            guard let elements = card["elements"] as? [[String: Any]], !elements.isEmpty else { return "card.elements missing" }
            var words = titleText
            for element in elements {
                switch element["tag"] as? String {
                case "div":
                    guard let text = element["text"] as? [String: Any], ["lark_md", "plain_text"].contains(text["tag"] as? String ?? ""),
                        let content = text["content"] as? String
                    else { return "div.text malformed" }
                    words += content
                case "action":
                    guard let actions = element["actions"] as? [[String: Any]], !actions.isEmpty else { return "action.actions missing" }
                    for button in actions {
                        guard button["tag"] as? String == "button", let text = button["text"] as? [String: Any],
                            text["tag"] as? String == "plain_text", text["content"] is String,
                            let url = button["url"] as? String, url.hasPrefix("http")
                        else { return "button malformed" }
                    }
                case "note":
                    guard let notes = element["elements"] as? [[String: Any]], notes.allSatisfy({ $0["tag"] is String }) else {
                        return "note malformed"
                    }
                case "hr":
                    break
                default:
                    return "unknown card element \(element["tag"] ?? "?")"
                }
            }
            return words.contains(keyword) ? nil : "Key Words Not Found"
        default:
            return "msg_type \(type) not used by complaintd"
        }
    }
}
