/// One rule of what a public announcement must not show (PIPL), with the examples its test uses.
public struct RedactionRule: Sendable {
    /// What kind of data the rule finds; `PublicRedaction` has one matcher per kind.
    public enum Kind: Sendable, CaseIterable {
        case mobile, landline, idCard, longNumber, email, plate, labelledContact, ownerName, ownerSurname, ownerUnit
    }

    /// The rule.
    public let kind: Kind
    /// What it finds, in words (the README's table).
    public let finds: String
    /// What takes its place.
    public let replacement: String
    /// Text that must be redacted (for the example owner 李伟, 3栋 1202, 13812610236)…
    public let mustRedact: String
    /// …so that this, read with separators and invisible characters ignored, no longer appears in it.
    public let secret: String
    /// Text that looks close but must be published unchanged.
    public let mustSurvive: String
}

/// The one table of redaction rules (投诉公示 must show no personal data, workflow.md §8).
///
/// Every rule reads the text as `ReadableText` does: after NFKC, with invisible characters
/// dropped and, between the digits of one number, separators (spaces, dots, dashes, brackets,
/// slashes, full-width forms) ignored. Numbers are runs of digits joined by separators.
public enum RedactionRules {
    /// The rules, each with an example that must be redacted and one that must survive.
    public static let all: [RedactionRule] = [
        RedactionRule(
            kind: .mobile, finds: "mobile numbers 1[3-9] + 9 digits, with or without +86/0086, in any grouping",
            replacement: "one * per digit",
            mustRedact: "请回电１３８１２６１０２３６或138.0013.8000、138 - 0013 - 8000、+86 139\u{200B}1234\u{200B}5678",
            secret: "13812610236", mustSurvive: "3号楼电梯本周停了两次"),
        RedactionRule(
            kind: .landline, finds: "landlines: 0 + area code + 7–8 digits (021-62345678, (021)62345678), or 7–8 digits alone",
            replacement: "one * per digit",
            mustRedact: "座机(021)62345678，另 021-62345679、本地 8765 4321", secret: "62345678",
            mustSurvive: "2026年11月"),
        RedactionRule(
            kind: .idCard, finds: "ID-card numbers: 18 digits or 17 digits + X, and 15-digit old cards",
            replacement: "one * per character",
            mustRedact: "办理人证件11010519491231002X，旧证110105491231002", secret: "11010519491231002",
            mustSurvive: "维修费120元"),
        RedactionRule(
            kind: .longNumber,
            finds:
                "any other number of 7 or more digits (bank cards, QQ numbers), except dates and times written with separators (2026-11-02 09:30) and amounts of 7 to 10 plain digits followed by 元, 块, 万 or 亿",
            replacement: "one * per digit",
            mustRedact: "银行卡 6222 0212 3456 7890 123", secret: "6222021234567890123",
            mustSurvive: "2026-11-02 09:30 起停水，2026.11.05 恢复，赔偿1200000元"),
        RedactionRule(
            kind: .email, finds: "e-mail addresses (full-width ＠ and spaces around @ included)",
            replacement: "***@***",
            mustRedact: "邮箱 li.wei+home@Example.COM.cn 或 ｌｉｗｅｉ＠ｑｑ．ｃｏｍ", secret: "LI.WEI",
            mustSurvive: "@物业前台 请处理 3@4"),
        RedactionRule(
            kind: .plate,
            finds: "licence plates: province + letter + 5 characters with at least 3 digits, or 6 for new-energy plates (D/F), separators allowed",
            replacement: "province and letter kept, one * per character",
            mustRedact: "车牌沪A12345，新能源京AD12345、粤B·12345D", secret: "12345",
            mustSurvive: "京东快递放在新Mate60手机旁"),
        RedactionRule(
            kind: .labelledContact,
            finds: "what follows 微信/WeChat/wx/QQ/电话/手机/邮箱/身份证 (and 号/号码/: after them): a token of 5 or more letters, digits, _ or -",
            replacement: "***",
            mustRedact: "微信 liwei_1988，QQ：12345", secret: "LIWEI_1988",
            mustSurvive: "已在业主微信群通知，电话联系了2次"),
        RedactionRule(
            kind: .ownerName, finds: "the owner's name (2 or more characters) in any spacing or width",
            replacement: "某业主",
            mustRedact: "李 伟反映，李\u{200B}伟确认，李　伟签字", secret: "李伟",
            mustSurvive: "李四反映，伟大的工程"),
        RedactionRule(
            kind: .ownerSurname, finds: "the owner's surname followed by 先生, 女士, 小姐, 阿姨… (or a one-character name)",
            replacement: "某 + the title",
            mustRedact: "李女士来电，李 先生确认", secret: "李女士",
            mustSurvive: "李四来电，王先生确认"),
        RedactionRule(
            kind: .ownerUnit,
            finds: "the owner's unit as written, and its number (3 or more digits) as a whole number in any grouping: 3栋1202, 3-1202, 1202室, 12 02",
            replacement: "***",
            mustRedact: "3栋1202室漏水，3-1202 楼上，12 02 业主", secret: "1202",
            mustSurvive: "12025号车位，1203室"),
    ]

    /// The rule of `kind`.
    public static func rule(_ kind: RedactionRule.Kind) -> RedactionRule {
        all.first { $0.kind == kind }!
    }

    /// Titles that make a surname identify the owner: 李女士, 王先生.
    static let titles: [String] = [
        "先生", "女士", "小姐", "太太", "夫人", "阿姨", "叔叔", "大爷", "大妈", "奶奶", "爷爷",
        "老师", "业主", "同学", "大哥", "大姐", "姐", "哥",
    ]

    /// Two-character surnames (复姓), so 欧阳娜娜's surname is 欧阳.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "钟离", "独孤", "南宫", "西门", "百里", "呼延", "端木", "东郭", "澹台", "公冶", "宗政", "濮阳", "太史",
        "申屠", "淳于", "单于", "万俟", "闻人", "赫连", "拓跋",
    ]

    /// Labels after which a token is a contact (read uppercase, as `ReadableText` gives it).
    static let contactLabels: [String] = ["微信号", "微信", "WECHAT", "WX", "VX", "QQ", "电话", "手机", "邮箱", "身份证", "联系方式"]

    /// Characters that may end a regular plate after four alphanumerics (挂 trailer, 学 learner…).
    static let plateSuffixes: Set<Unicode.Scalar> = ["挂", "学", "警", "港", "澳", "领", "试", "超"]

    /// Province abbreviations that start a plate.
    static let provinces: Set<Unicode.Scalar> = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领".unicodeScalars)

    /// Units after a plain number that make it an amount, not an identifier.
    static let amountUnits: Set<Unicode.Scalar> = ["元", "块", "万", "亿"]
}
