import ComplaintDomain
import Foundation

// From the department's result to the closing, and the side events: reminders, extensions,
// staff upgrades, incident links. Where the next step depends on what happened meanwhile (an
// upgrade makes approval necessary), the book is asked.

extension Simulation {
    /// After the acknowledgement: when the result will come, the notes before it, and the
    /// owner's reminders, the manager's extension or the director's upgrade that may come first.
    func planHandling(_ step: Step, from t: Int64, _ rng: inout SplitMix) {
        let fate = step.fate
        let origin = step.target  // receipt, or the moment an unsatisfied owner sent it back
        var duration: Double
        switch fate.severity {
        case .minor:
            duration = rng.chance(0.003) ? Double(rng.int(650_000...1_040_000)) : rng.logNormal(median: 10_800, sigma: 0.8)
        case .important:
            duration = rng.chance(0.01) ? Double(rng.int(650_000...1_200_000)) : rng.logNormal(median: 28_800, sigma: 0.6)
        case .major:
            duration = rng.logNormal(median: 345_600, sigma: 0.6)
        }
        duration = min(duration, 40 * 86_400)
        var resolveAt = max(origin + Int64(duration), t + 600)
        if fate.requestedBy > 0 && step.round == 0 && rng.chance(0.7) {
            resolveAt = max(t + 600, min(resolveAt, fate.requestedBy - Int64(rng.int(600...3600))))
        }
        if !fate.urgent { resolveAt = duty(resolveAt, .handlers, &rng) }
        var next = step
        if step.round == 0 && fate.extends, let complaint = complaint(step.id) {
            let clock: ClockKind = complaint.deadlines[.resolve] != nil ? .resolve : .majorSettle
            if let due = complaint.deadlines[clock]?.dueAt.timeIntervalSince1970, Int64(due) > t + 3600 {
                resolveAt = duty(Int64(due) + Int64(rng.int(7200...2 * 86_400)), .handlers, &rng)
                next.target = resolveAt
                push(next, .extend, at: max(t + 300, Int64(due) - Int64(rng.int(3600...6 * 3600))))
            }
        }
        if step.round == 0 {
            var at = max(t + 600, origin + 3600)
            for _ in 0..<fate.reminders {
                at += Int64(rng.int(2100...6 * 3600))
                guard at < resolveAt - 300 else { break }
                push(next, .remind, at: at)
            }
            if fate.staffUpgrade && resolveAt - t > 2400 {
                push(next, .upgrade, at: t + 1800 + Int64(rng.next(Int(resolveAt - t - 2400))))
            }
        }
        next.target = resolveAt
        next.attempt = 0
        guard notesPlanned(step) > 0 else { return push(next, .resolve, at: resolveAt) }
        let span = resolveAt - t
        let first =
            fate.severity == .major && step.round == 0
            ? t + min(span - 60, rng.seconds(median: 14_400, sigma: 1, within: 600...3 * 86_400))
            : t + span / 5 + Int64(rng.next(Int(max(1, span * 2 / 5))))
        push(next, .progress, at: max(t, first))
    }

    func executeLater(_ step: Step, _ rng: inout SplitMix, topic: Topic, center: Int, filler: TextFiller) {
        let t = step.at
        let fate = step.fate
        // The first responsible person; app complaints go to the centre's desk by the same rota.
        let receptionist = roster.receptionists[center][Int(step.sequence) % 3]
        var next = step
        next.attempt = 0
        switch step.kind {
        case .resolve:
            let handler = roster.handlers(topic.department, center: center)[Int(fate.handler)]
            let matter = topic.cases[Int(fate.variant)]
            let input = ResolutionInput(
                measures: filler.fill(matter.measure, &rng), result: filler.fill(matter.result, &rng),
                remaining: rng.chance(0.06) ? "后续将持续观察，如再出现请及时联系" : nil)
            guard apply(.resolve(id: step.id, input), by: handler, at: t) != nil else { return }
            if policy.requiresApproval(record(step)?.complaintSeverity) {
                push(next, .approve, at: duty(t + rng.seconds(median: 1800, sigma: 0.8, within: 300...2 * 86_400), .managers, &rng))
            } else {
                push(next, .reply, at: duty(t + rng.seconds(median: 2400, sigma: 0.9, within: 300...2 * 86_400), .office, &rng))
            }
        case .approve:
            guard
                apply(
                    .approve(id: step.id, NoteInput(note: rng.chance(0.3) ? "同意，请及时回复业主" : nil)),
                    by: roster.manager(center: center), at: t) != nil
            else { return }
            push(next, .reply, at: duty(t + rng.seconds(median: 1500, sigma: 0.9, within: 300...2 * 86_400), .office, &rng))
        case .reply:
            // An upgrade after the result (a sixth owner joined the incident) makes approval necessary.
            if let c = record(step), c.complaintStatus == .resolved, policy.requiresApproval(c.complaintSeverity) {
                return push(next, .approve, at: duty(t + rng.seconds(median: 3600, sigma: 0.8, within: 300...86_400), .managers, &rng))
            }
            let actor = rng.chance(0.8) ? receptionist : roster.supervisors[center]
            let opening = rng.next(3) == 0 ? "您好，经" + TopicCatalog.departmentNames[topic.department]! + "处理，" : rng.pick(TopicCatalog.replyOpenings)
            let content = opening + filler.fill(topic.cases[Int(fate.variant)].result, &rng) + "。" + rng.pick(TopicCatalog.replyClosings)
            guard apply(.reply(id: step.id, ReplyInput(content: content)), by: actor, at: t) != nil else { return }
            push(next, .visit, at: duty(t + rng.seconds(median: 14_400, sigma: 0.7, within: 3600...3 * 86_400), .visits, &rng))
        case .visit:
            visit(step, &rng, center: center)
        case .close:
            guard let c = complaint(step.id) else { return }
            var input = CloseInput()
            if c.status == .visited && ((c.severity ?? .minor) >= .important || rng.chance(0.25)) {
                input = CloseInput(
                    cause: rng.pick(topic.causes), lessons: rng.pick(TopicCatalog.lessons), preventiveAction: rng.pick(topic.preventions))
            }
            let actor = [roster.supervisors[center], receptionist, roster.manager(center: center)][rng.weighted([50, 40, 10])]
            guard apply(.close(id: step.id, input), by: actor, at: t) != nil else { return }
            if let due = c.followUpDueAt?.timeIntervalSince1970 {
                push(next, .followUp, at: duty(Int64(due) + rng.seconds(median: 86_400, sigma: 1, within: 0...20 * 86_400), .visits, &rng))
            }
            if c.status == .visited && rng.chance(fate.frequent ? 0.12 : 0.025) {
                let at = t + Int64(rng.int(86_400...25 * 86_400))
                if mayAddReceipt(at: at) {
                    var preset = Fate(home: fate.home, topic: fate.topic)
                    preset.isRepeat = true
                    preset.frequent = fate.frequent
                    heap.push(Step(at: at, kind: .register, fate: preset))
                }
            }
        case .followUp:
            let visitor = rng.chance(0.75) ? roster.visitors[center] : roster.supervisors[center]
            if step.attempt < 2 && rng.chance(0.15) {
                guard apply(.visit(id: step.id, VisitInput(outcome: .unreachable, method: .phone, note: "电话无人接听")), by: visitor, at: t) != nil else {
                    return
                }
                next.attempt = step.attempt + 1
                return push(next, .followUp, at: duty(t + rng.seconds(median: 86_400, sigma: 0.6, within: 7_300...5 * 86_400), .visits, &rng))
            }
            let input = VisitInput(
                outcome: .reachable, solved: true, satisfied: rng.chance(0.93), method: rng.chance(0.8) ? .phone : .visit,
                note: rng.chance(0.4) ? rng.pick(TopicCatalog.visitNotes) : nil)
            apply(.visit(id: step.id, input), by: visitor, at: t)
        case .remind:
            apply(.remind(trackingCode: planner.trackingCode(sequence: Int(step.sequence))), by: roster.owner, at: t)
        case .extend:
            guard let c = complaint(step.id) else { return }
            guard let clock = [ClockKind.resolve, .majorSettle].first(where: { c.deadlines[$0] != nil && c.deadlines[$0]?.metAt == nil }),
                let current = c.deadlines[clock]
            else { return }
            let dueAt = max(Int64(current.dueAt.timeIntervalSince1970), step.target) + Int64(rng.int(3600...86_400))
            let input = ExtensionInput(
                clock: clock, dueAt: Date(timeIntervalSince1970: Double(dueAt)), reason: rng.pick(TopicCatalog.extensionReasons))
            apply(.extend(id: step.id, input), by: roster.manager(center: center), at: t)
        case .upgrade:
            guard let c = record(step), c.complaintSeverity != .major, c.complaintStatus.isUnresolved else { return }
            apply(.upgrade(id: step.id, NoteInput(note: "业主情绪激动且涉及安全隐患，项目总监判定升级为重大投诉")), by: roster.directors[center], at: t)
        case .link:
            let key = incidentKey(fate.incident)
            guard let c = complaint(step.id), c.status.actions.contains(.link), c.incidentID != key else { return }
            apply(.link(id: step.id, LinkInput(incidentID: key)), by: receptionist, at: t)
        default:
            break
        }
    }

    /// The return visit: sometimes nobody answers (try again later), sometimes the owner is not
    /// satisfied and the complaint goes back to the department (二次处理).
    private func visit(_ step: Step, _ rng: inout SplitMix, center: Int) {
        let t = step.at
        let fate = step.fate
        var next = step
        next.attempt = 0
        let visitor = rng.chance(0.75) ? roster.visitors[center] : roster.supervisors[center]
        let phone = planner.estates.owner(of: fate.home).phone
        if step.attempt < 3 && rng.chance(0.12) {
            let input = VisitInput(outcome: .unreachable, method: .phone, numberCalled: phone, note: rng.pick(["电话无人接听", "电话关机", "业主在外地，约定改天再访"]))
            guard apply(.visit(id: step.id, input), by: visitor, at: t) != nil else { return }
            next.attempt = step.attempt + 1
            return push(next, .visit, at: duty(t + rng.seconds(median: 10_800, sigma: 0.5, within: 7_300...2 * 86_400), .visits, &rng))
        }
        if step.round < fate.reprocess {
            let (solved, satisfied) = [(false, false), (true, false), (false, true)][rng.weighted([50, 35, 15])]
            let input = VisitInput(
                outcome: .reachable, solved: solved, satisfied: satisfied, method: .phone, numberCalled: phone,
                newDemands: rng.pick(TopicCatalog.newDemands))
            guard apply(.visit(id: step.id, input), by: visitor, at: t) != nil else { return }
            next.round = step.round + 1
            next.target = t
            return push(next, .acknowledge, at: duty(t + rng.seconds(median: 3600, sigma: 0.8, within: 300...86_400), .handlers, &rng))
        }
        let method: VisitMethod = [.phone, .visit, .online][rng.weighted([80, 15, 5])]
        let input = VisitInput(
            outcome: .reachable, solved: true, satisfied: true, method: method,
            numberCalled: method == .phone ? phone : nil, note: rng.chance(0.3) ? rng.pick(TopicCatalog.visitNotes) : nil)
        guard apply(.visit(id: step.id, input), by: visitor, at: t) != nil else { return }
        push(next, .close, at: duty(t + rng.seconds(median: 2400, sigma: 1.2, within: 120...3 * 86_400), .office, &rng))
    }
}
