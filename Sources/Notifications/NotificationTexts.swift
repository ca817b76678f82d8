/// Every word a robot or webhook text uses, in Chinese and English, by key. `{name}` marks a
/// value. Every title holds "投诉" (in English too), the keyword DingTalk and Feishu robots set
/// up with keyword security look for; `NotificationTextTests` checks both languages of every key.
public enum NotificationText: String, Sendable, CaseIterable {
    /// Titles of one notice, of a digest, and of what quiet hours held.
    case titleMajor, titleEscalation, titleUpgrade, titleReminder, titleDigest, titleHeldDigest
    /// What happened, in a word, for digest lines.
    case shortMajor, shortEscalation, shortUpgrade, shortReminder
    /// Line labels.
    case labelWhat, labelStatus, labelSeverity, labelLate, labelReason, labelMustAct, labelNotified, labelTime, labelNotice
    /// Punctuation and the link's words.
    case labelSeparator, listSeparator, linkLabel, linkShort
    /// Values with parts put in.
    case valueLate, valueNoSeverity, valueBuilding, valuePerson, valueTime, valueMention, zoneBeijing
    /// Durations.
    case minutes, hours, days

    /// The template in `language`.
    public func template(_ language: NotificationLanguage) -> String {
        let pair = NotificationText.table[self]!
        return language == .zh ? pair.zh : pair.en
    }

    /// The text in `language` with `values` put in for their `{name}`s.
    public func text(_ language: NotificationLanguage, _ values: [String: String] = [:]) -> String {
        var out = template(language)
        for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }

    private static let table: [NotificationText: (zh: String, en: String)] = [
        .titleMajor: ("【重大投诉】{id}", "[Major complaint 重大投诉] {id}"),
        .titleEscalation: ("【投诉超时】{id}", "[Complaint overdue 投诉超时] {id}"),
        .titleUpgrade: ("【投诉自动升级为重大】{id}", "[Complaint upgraded to major 投诉升级] {id}"),
        .titleReminder: ("【业主催办投诉】{id}", "[Owner chases a complaint 投诉催办] {id}"),
        .titleDigest: ("【投诉通知汇总】共 {count} 条", "[Complaint notices 投诉汇总] {count} in one"),
        .titleHeldDigest: (
            "【免打扰时段投诉通知汇总】{from}–{to} 共 {count} 条",
            "[Complaint notices held {from}–{to} 投诉汇总] {count} in one"
        ),
        .shortMajor: ("重大", "major"),
        .shortEscalation: ("超时", "overdue"),
        .shortUpgrade: ("升级", "upgraded"),
        .shortReminder: ("催办", "chased"),
        .labelWhat: ("事项", "What"),
        .labelStatus: ("状态", "Status"),
        .labelSeverity: ("等级", "Severity"),
        .labelLate: ("超时", "Late"),
        .labelReason: ("原因", "Why"),
        .labelMustAct: ("请处理", "To act"),
        .labelNotified: ("知会", "Notified"),
        .labelTime: ("时间", "At"),
        .labelNotice: ("通知编号", "Notice"),
        .labelSeparator: ("：", ": "),
        .listSeparator: ("、", ", "),
        .linkLabel: ("查看投诉", "Open the complaint (投诉)"),
        .linkShort: ("查看", "open"),
        .valueLate: ("{clock}时限已过 {late}（应于 {due} 前完成）", "{clock} deadline passed {late} ago (due {due})"),
        .valueNoSeverity: ("未定级", "not assessed"),
        .valueBuilding: ("{building}号楼", "building {building}"),
        .valuePerson: ("{name}（{role}）", "{name} ({role})"),
        .valueTime: ("{time}（{zone}）", "{time} ({zone})"),
        .valueMention: ("请 {people} 尽快处理投诉 {id}", "{people}: please act on complaint (投诉) {id}"),
        .zoneBeijing: ("北京时间", "Beijing time"),
        .minutes: ("{n} 分钟", "{n} min"),
        .hours: ("{n} 小时", "{n} h"),
        .days: ("{n} 天", "{n} d"),
    ]
}
