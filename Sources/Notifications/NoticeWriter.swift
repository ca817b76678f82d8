import Foundation

/// Words a message for the people who act on it: what happened in one line (category, estate,
/// building, the redacted excerpt), how late, who must act, local times and the console link.
struct NoticeWriter {
    let settings: NotificationSettings
    let language: NotificationLanguage

    /// Excerpts are cut to this many characters: the line must stay one line on a phone.
    static let excerptLength = 60

    /// The content of `message`: one notice, or a digest of several.
    func content(of message: NotificationMessage) -> NoticeContent {
        let footer = NotificationText.labelNotice.text(language) + NotificationText.labelSeparator.text(language) + message.id
        var content = NoticeContent(
            title: "", lines: [], link: nil, linkLabel: NotificationText.linkLabel.text(language),
            linkShortLabel: NotificationText.linkShort.text(language), footer: footer, mobiles: [],
            mention: nil, isUrgent: message.items.contains { $0.facts.isMajor || $0.facts.trigger == .escalation },
            separator: NotificationText.labelSeparator.text(language))
        let people = message.items.flatMap(\.facts.mustAct).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        content.mobiles = people.compactMap { settings.people[$0]?.mobile }
        if !content.mobiles.isEmpty {
            let names = people.filter { settings.people[$0]?.mobile != nil }.map { settings.people[$0]?.name ?? $0 }
            let ids = message.items.map(\.facts.complaintID).joined(separator: NotificationText.listSeparator.text(language))
            content.mention = NotificationText.valueMention.text(language, ["people": list(names), "id": ids])
        }
        if message.items.count == 1 {
            single(message.items[0].facts, into: &content)
        } else {
            digest(message, into: &content)
        }
        return content
    }

    private func single(_ facts: NotificationFacts, into content: inout NoticeContent) {
        content.title = title(facts.trigger).text(language, ["id": facts.complaintID])
        func add(_ label: NotificationText, _ value: String?, alert: Bool = false) {
            guard let value, !value.isEmpty else { return }
            content.lines.append(.init(label: label.text(language), value: value, isAlert: alert))
        }
        add(.labelWhat, what(facts))
        add(.labelStatus, facts.status.map { word($0, .status) })
        add(.labelSeverity, facts.severity.map { word($0, .severity) } ?? NotificationText.valueNoSeverity.text(language))
        add(.labelLate, late(facts), alert: true)
        add(.labelReason, facts.reason.map { word($0, .upgradeReason) })
        add(.labelMustAct, people(facts.mustAct))
        add(.labelNotified, facts.roles.isEmpty ? nil : list(facts.roles.map { word($0, .role) }))
        add(.labelTime, time(facts.at))
        content.link = settings.consoleLink(facts.complaintID)
    }

    private func digest(_ message: NotificationMessage, into content: inout NoticeContent) {
        let count = String(message.items.count)
        if message.heldOver, let quiet = settings.quietHours {
            content.title = NotificationText.titleHeldDigest.text(
                language,
                [
                    "count": count, "from": QuietHours.text(quiet.startMinute), "to": QuietHours.text(quiet.endMinute),
                ])
        } else {
            content.title = NotificationText.titleDigest.text(language, ["count": count])
        }
        for item in message.items {
            let facts = item.facts
            var parts = ["【" + short(facts.trigger).text(language) + "】" + facts.complaintID]
            if let what = what(facts) { parts.append(what) }
            if let late = late(facts) { parts.append(late) }
            if let people = people(facts.mustAct) { parts.append(NotificationText.labelMustAct.text(language) + " " + people) }
            content.lines.append(.init(label: nil, value: parts.joined(separator: " · "), link: settings.consoleLink(facts.complaintID)))
        }
    }

    /// "工程维修 · 翠苑小区 3号楼：电梯本周停了两次…"
    func what(_ facts: NotificationFacts) -> String? {
        var place: [String] = []
        if let category = facts.category ?? facts.department { place.append(word(category, .department)) }
        var location = facts.estate ?? ""
        if let building = facts.building, !building.isEmpty {
            let numbered = building.allSatisfy { $0.isASCII && $0.isNumber }
            location += (location.isEmpty ? "" : " ") + (numbered ? NotificationText.valueBuilding.text(language, ["building": building]) : building)
        }
        if !location.isEmpty { place.append(location) }
        let head = place.joined(separator: " · ")
        guard let excerpt = facts.excerpt.map(NoticeWriter.oneLine), !excerpt.isEmpty else { return head.isEmpty ? nil : head }
        return head.isEmpty ? excerpt : head + NotificationText.labelSeparator.text(language) + excerpt
    }

    /// The excerpt on one line, at most `excerptLength` characters.
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count <= excerptLength ? flat : String(flat.prefix(excerptLength)) + "…"
    }

    /// "派单时限已过 25 分钟（应于 2026-11-22 21:39 前完成）"
    func late(_ facts: NotificationFacts) -> String? {
        guard let seconds = facts.lateBySeconds else { return nil }
        let clock = facts.clock.map { word($0, .clock) } ?? ""
        let due = facts.dueAt.map { LocalTime.text($0, in: settings.timeZone) } ?? "?"
        return NotificationText.valueLate.text(language, ["clock": clock, "late": duration(seconds), "due": due])
    }

    /// "25 分钟", "3 小时", "9 天"; total for any value (a hand-made log may hold anything).
    func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return NotificationText.days.text(language, ["n": "?"]) }
        let minutes = (seconds / 60).rounded()
        if minutes < 120 { return NotificationText.minutes.text(language, ["n": whole(minutes)]) }
        let hours = (seconds / 3600).rounded()
        if hours < 48 { return NotificationText.hours.text(language, ["n": whole(hours)]) }
        return NotificationText.days.text(language, ["n": whole((seconds / 86_400).rounded())])
    }

    /// "2026-11-22 21:39（北京时间）"
    func time(_ date: Date) -> String {
        let zone = settings.timeZone.identifier == "Asia/Shanghai" ? NotificationText.zoneBeijing.text(language) : settings.timeZone.identifier
        return NotificationText.valueTime.text(language, ["time": LocalTime.text(date, in: settings.timeZone), "zone": zone])
    }

    /// "王芳（客服主管）、李强（部门经办人）"; ids not configured are shown as they are.
    func people(_ ids: [String]) -> String? {
        guard !ids.isEmpty else { return nil }
        return list(
            ids.map { id in
                guard let person = settings.people[id] else { return id }
                return NotificationText.valuePerson.text(language, ["name": person.name, "role": word(person.role, .role)])
            })
    }

    private func word(_ code: String, _ field: VocabularyField) -> String { settings.vocabulary.label(code, of: field, in: language) }

    private func list(_ items: [String]) -> String { items.joined(separator: NotificationText.listSeparator.text(language)) }

    private func whole(_ value: Double) -> String { abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.0f", value) }

    private func title(_ trigger: NotificationTrigger) -> NotificationText {
        switch trigger {
        case .major: return .titleMajor
        case .escalation: return .titleEscalation
        case .upgrade: return .titleUpgrade
        case .reminder: return .titleReminder
        }
    }

    private func short(_ trigger: NotificationTrigger) -> NotificationText {
        switch trigger {
        case .major: return .shortMajor
        case .escalation: return .shortEscalation
        case .upgrade: return .shortUpgrade
        case .reminder: return .shortReminder
        }
    }
}
