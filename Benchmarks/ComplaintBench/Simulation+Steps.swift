import ComplaintDomain
import Foundation

// Each step of a complaint's life: who takes it, what they write, and when the next one comes.
// Staff keep their hours, so work that falls at night waits for the morning — which is how
// clocks get missed.

extension Simulation {
    func execute(_ step: Step) {
        var rng = SplitMix(settings.seed, UInt64(step.sequence), UInt64(step.kind.rawValue), UInt64(step.round), UInt64(step.attempt))
        let t = step.at
        let fate = step.fate
        let topic = planner.topics.topics[Int(fate.topic)]
        let center = planner.estates.estates[Int(fate.home.estate)].center
        let filler = TextFiller(building: fate.home.buildingName, unit: fate.home.unitName, floor: Int(fate.home.floor))
        var next = step
        next.attempt = 0
        switch step.kind {
        case .register:
            register(at: t, preset: fate)
        case .assess:
            let director = rng.chance(0.9) ? roster.directors[center] : roster.manager(center: center)
            var input = AssessmentInput(nature: fate.nature, contentType: fate.urgent ? .emergency : topic.contentType)
            switch fate.outcome {
            case .invalid, .outOfScope:
                input.valid = fate.outcome == .outOfScope
                input.inScope = fate.outcome == .invalid
                input.explanation = rng.pick(fate.outcome == .invalid ? TopicCatalog.invalidExplanations : TopicCatalog.outOfScopeExplanations)
                guard apply(.assess(id: step.id, input), by: director, at: t) != nil else { return }
                push(next, .close, at: duty(t + rng.seconds(median: 3600, sigma: 1, within: 300...2 * 86_400), .office, &rng))
            default:
                input.valid = true
                input.inScope = true
                input.severity = fate.severity
                input.urgent = fate.urgent
                input.category = topic.department
                guard apply(.assess(id: step.id, input), by: director, at: t) != nil else { return }
                let delay =
                    fate.urgent ? rng.seconds(median: 40, sigma: 0.5, within: 10...300) : rng.seconds(median: 45, sigma: 0.6, within: 15...7200)
                push(next, .dispatch, at: t + delay)
            }
        case .dispatch:
            // Important and major complaints wait for the supervisor's signed opinion (处理意见);
            // the book is asked, since an upgrade may have come after the assessment. Only this
            // step signs one, and it comes back as attempt 1 once signed.
            if step.attempt == 0, policy.opinionRequiredFor.contains(record(step)?.complaintSeverity ?? .minor) {
                let text = rng.pick(TopicCatalog.opinions)
                guard apply(.opinion(id: step.id, OpinionInput(text: text)), by: roster.supervisors[center], at: t) != nil else { return }
                next.attempt = 1
                return push(next, .dispatch, at: t + rng.seconds(median: 60, sigma: 0.6, within: 15...1800))
            }
            let who = rng.weighted([70, 20, 10])
            let actor =
                who == 0 ? roster.receptionists[center][Int(step.sequence) % 3] : who == 1 ? roster.supervisors[center] : roster.directors[center]
            let handler = roster.handlers(topic.department, center: center)[Int(fate.handler)]
            let note = rng.chance(0.3) ? rng.pick(["请尽快处理", "业主情绪较大，请优先安排", "请上门前先电话联系业主", "请带好配件"]) : nil
            guard apply(.dispatch(id: step.id, DispatchInput(department: topic.department, handler: handler.id, note: note)), by: actor, at: t) != nil
            else { return }
            let delay =
                fate.urgent ? rng.seconds(median: 300, sigma: 0.6, within: 60...1800) : rng.seconds(median: 900, sigma: 0.8, within: 120...6 * 3600)
            push(next, .acknowledge, at: fate.urgent ? t + delay : duty(t + delay, .handlers, &rng))
        case .acknowledge:
            let handler = roster.handlers(topic.department, center: center)[Int(fate.handler)]
            let note = rng.chance(0.2) ? rng.pick(["已收到，马上安排", "已电话联系业主，约定上门时间"]) : nil
            guard apply(.acknowledge(id: step.id, NoteInput(note: note)), by: handler, at: t) != nil else { return }
            planHandling(step, from: t, &rng)
        case .progress:
            let handler = roster.handlers(topic.department, center: center)[Int(fate.handler)]
            // The first note of a major complaint is the clear answer the owner is owed within two days.
            let isPublic = (fate.severity == .major && step.attempt == 0) || rng.chance(0.4)
            let text = filler.fill(rng.pick(topic.notes), &rng)
            guard apply(.progress(id: step.id, ProgressInput(text: text, public: isPublic)), by: handler, at: t) != nil else { return }
            next.attempt = step.attempt + 1
            if Int(next.attempt) < notesPlanned(step) {
                let span = max(600, step.target - t)
                push(next, .progress, at: max(t, min(step.target - 60, t + span / 3 + Int64(rng.next(Int(span / 3))))))
            } else {
                push(next, .resolve, at: step.target)
            }
        default:
            executeLater(step, &rng, topic: topic, center: center, filler: filler)
        }
    }

    /// Pushes `step` as `kind` at `at` (never before the latest event: the log's times only grow).
    func push(_ step: Step, _ kind: Step.Kind, at: Int64) {
        var step = step
        step.kind = kind
        step.at = max(at, clock)
        heap.push(step)
    }

    /// Working hours (local seconds of the day) of the people who take each kind of step.
    enum Hours {
        case office, handlers, managers, visits

        var window: (open: Int64, close: Int64) {
            switch self {
            case .office: return (8 * 3600, 22 * 3600)
            case .handlers: return (7 * 3600 + 1800, 21 * 3600)
            case .managers: return (8 * 3600 + 1800, 21 * 3600 + 1800)
            case .visits: return (9 * 3600, 20 * 3600 + 1800)
            }
        }

        /// The chance that work falling outside the hours is done by the night duty (值班) at once.
        var nightDuty: Double { self == .handlers ? 0.15 : 0 }
    }

    func duty(_ t: Int64, _ hours: Hours, _ rng: inout SplitMix) -> Int64 {
        if hours.nightDuty > 0 && rng.chance(hours.nightDuty) { return t }
        return LocalTime.onDuty(t, open: hours.window.open, close: hours.window.close, stagger: 2400, &rng)
    }

    /// When the director gets to a new complaint: minutes by day; at night the duty desk takes
    /// phone calls and visits, while app complaints wait for the morning.
    func assessTime(after t: Int64, _ fate: Fate, _ rng: inout SplitMix) -> Int64 {
        let hour = LocalTime.hour(t)
        let night = hour >= 22 || hour < 7
        if fate.urgent { return t + rng.seconds(median: 90, sigma: 0.6, within: 20...900) }
        if !night { return t + rng.seconds(median: 100, sigma: 0.6, within: 20...4 * 3600) }
        if fate.channel == .online {
            return LocalTime.onDuty(t, open: 7 * 3600 + 1800, close: 22 * 3600, stagger: 3600, &rng)
        }
        return t + rng.seconds(median: 420, sigma: 0.8, within: 60...3 * 3600)
    }

    /// Progress notes before the resolution: a few for serious complaints, rarely for minor ones.
    func notesPlanned(_ step: Step) -> Int {
        var rng = SplitMix(settings.seed, UInt64(step.sequence), 0x0707, UInt64(step.round))
        switch step.fate.severity {
        case .minor: return rng.chance(0.25) ? 1 : 0
        case .important: return rng.int(1...2)
        case .major: return rng.int(2...4)
        }
    }
}
