import JSONCodec

/// The markdown dialects of the robots, from one `NoticeContent`: bold labels, the late line in
/// the warning colour where the platform has one, links as `[label](url)`.
enum PlatformMarkdown {
    /// WeCom: `### title`, `**label**：value` lines, `<font color="warning">` for lateness.
    static func wecom(_ content: NoticeContent) -> String {
        var out = ["### " + escape(content.title)]
        for line in content.lines {
            var value = escape(line.value)
            if line.isAlert { value = "<font color=\"warning\">" + value + "</font>" }
            var text = line.label.map { "**" + $0 + "**" + content.separator + value } ?? "> " + value
            if let link = line.link { text += " [" + content.linkShortLabel + "](" + link + ")" }
            out.append(text)
        }
        if let link = content.link { out.append("[" + content.linkLabel + "](" + link + ")") }
        out.append("<font color=\"comment\">" + content.footer + "</font>")
        return out.joined(separator: "\n")
    }

    /// DingTalk: `#### title`, paragraphs split by blank lines (its renderer joins single newlines).
    static func dingTalk(_ content: NoticeContent, withLink: Bool = true) -> String {
        var out = ["#### " + escape(content.title)]
        for line in content.lines {
            var text = line.label.map { "**" + $0 + "**" + content.separator + escape(line.value) } ?? "- " + escape(line.value)
            if let link = line.link { text += " [" + content.linkShortLabel + "](" + link + ")" }
            out.append(text)
        }
        if withLink, let link = content.link { out.append("[" + content.linkLabel + "](" + link + ")") }
        out.append(content.footer)
        return out.joined(separator: "\n\n")
    }

    /// Feishu `lark_md`: `**label**：value` lines; links are the card's button.
    static func feishu(_ content: NoticeContent) -> String {
        content.lines.map { line in
            var text = line.label.map { "**" + $0 + "**" + content.separator + escape(line.value) } ?? "• " + escape(line.value)
            if let link = line.link { text += " [" + content.linkShortLabel + "](" + link + ")" }
            return text
        }.joined(separator: "\n")
    }

    /// Free text (an excerpt, an estate's name) shown as typed: characters the dialects read as
    /// markup become their full-width forms, which read the same to a Chinese reader.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "*": out.unicodeScalars.append("＊")
            case "_": out.unicodeScalars.append("＿")
            case "[": out.unicodeScalars.append("［")
            case "]": out.unicodeScalars.append("］")
            case "<": out.unicodeScalars.append("＜")
            case ">": out.unicodeScalars.append("＞")
            case "`": out.unicodeScalars.append("｀")
            case "#": out.unicodeScalars.append("＃")
            case "~": out.unicodeScalars.append("～")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The Feishu message card of a notice: a coloured header, the facts as `lark_md`, a button to
/// the complaint, the notice id as a note (the custom bot's `interactive` message).
enum FeishuCard {
    static func write(_ content: NoticeContent, to w: inout JSONWriter) {
        w.object { w in
            w.memberObject("config") { $0.member("wide_screen_mode", true) }
            w.memberObject("header") { w in
                w.memberObject("title") { w in
                    w.member("tag", "plain_text")
                    w.member("content", content.title)
                }
                w.member("template", content.isUrgent ? "red" : "orange")
            }
            w.memberArray("elements") { w in
                w.object { w in
                    w.member("tag", "div")
                    w.memberObject("text") { w in
                        w.member("tag", "lark_md")
                        w.member("content", truncatedUTF8(PlatformMarkdown.feishu(content), maxBytes: PlatformRequest.largeTextLimit))
                    }
                }
                if let link = content.link {
                    w.object { w in
                        w.member("tag", "action")
                        w.memberArray("actions") { w in
                            w.object { w in
                                w.member("tag", "button")
                                w.memberObject("text") { w in
                                    w.member("tag", "plain_text")
                                    w.member("content", content.linkLabel)
                                }
                                w.member("type", "primary")
                                w.member("url", link)
                            }
                        }
                    }
                }
                w.object { w in
                    w.member("tag", "note")
                    w.memberArray("elements") { w in
                        w.object { w in
                            w.member("tag", "plain_text")
                            w.member("content", content.footer)
                        }
                    }
                }
            }
        }
    }
}
