import ComplaintDomain
import Foundation
import HTTP1
import Testing

@testable import ComplaintService

/// One catalogue for every sentence: each key in both languages with the same values named,
/// every code of the workflow worded, and no sentence left English-only.
struct CatalogueTests {
    static func names(_ template: String) -> Set<String> {
        Set(template.components(separatedBy: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) })
    }

    @Test func everyKeyHasChineseAndEnglishNamingTheSameValues() {
        let keys = Catalogue.expectedKeys
        #expect(keys.count > 100)
        for key in keys {
            guard let zh = Catalogue.template(key, .zh), let en = Catalogue.template(key, .en) else {
                Issue.record("\(key) is missing from the catalogue")
                continue
            }
            #expect(!zh.isEmpty && !en.isEmpty, "\(key)")
            #expect(Self.names(zh) == Self.names(en), "\(key): \(zh) / \(en)")
            // Chinese in the Chinese text (a technical value alone, like {reason}, is the exception).
            #expect(zh.unicodeScalars.contains { $0.properties.isIdeographic } || zh.hasPrefix("{"), "\(key) is not Chinese: \(zh)")
        }
        #expect(Set(Catalogue.entries.keys) == Set(keys), "no entry without a key, no key without an entry")
    }

    /// Every fixed reason the HTTP parser gives (a string literal in `Sources/HTTP1`) has its
    /// Chinese words, so a reworded reason in HTTP1 cannot silently fall back to English.
    @Test func everyFixedReasonOfTheParserHasChineseWords() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HTTP1")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        let pattern = try NSRegularExpression(pattern: #"\.(badRequest|headersTooLarge|notImplemented)\("([^"\\]*)"\)"#)
        var reasons = Set<String>()
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 2), in: text) { reasons.insert(String(text[range])) }
            }
        }
        #expect(reasons.count > 25, "the scan found the parser's reasons")
        for reason in reasons.sorted() {
            #expect(ProtocolReasons.chinese(reason) != nil, "no Chinese for the parser's reason \"\(reason)\"")
        }
        #expect(Set(ProtocolReasons.table.keys).isSubset(of: reasons), "no words for a reason the parser no longer gives")
    }

    @Test func everyCodeOfTheWorkflowHasItsWords() {
        for (kind, codes) in Vocabulary.codes {
            for code in codes {
                let zh = Vocabulary.label(kind, code, .zh)
                #expect(zh != code && zh.unicodeScalars.contains { $0.properties.isIdeographic }, "\(kind).\(code) has no Chinese word")
                #expect(!Vocabulary.label(kind, code, .en).isEmpty)
            }
        }
    }

    @Test func domainValuesThatAreCodesAreWorded() {
        let refusal = Message(domain: .wrongStatus, ["action": "dispatch", "status": "closed"])
        #expect(refusal.text(.zh) == "投诉当前为“已结案”，不能“派单”。")
        #expect(refusal.text(.en) == "Cannot dispatch a complaint that is closed.")
        let field = Message(domain: .handlerWrongDepartment, ["handler": "hank", "actual": "engineering", "department": "other"])
        #expect(field.text(.zh) == "hank 属于工程维修，不属于其他")
    }

    @Test(arguments: [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9", "en"), ("en;q=0.5, zh-Hans-CN;q=0.6", "zh"), ("fr", "zh"),
        ("fr, en;q=0.1", "en"), ("*", "zh"), ("zh;q=0, *", "en"), ("en;q=1.5", "zh"), ("EN-gb", "en"), ("", "zh"), ("zh-x-private", "zh"),
    ])
    func acceptLanguageFollowsQValuesAndLookup(header: String, expected: String) {
        #expect(AcceptLanguage.best(header, available: ["zh", "en"], fallback: "zh") == expected)
    }
}
