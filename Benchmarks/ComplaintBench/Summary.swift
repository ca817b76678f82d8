import ComplaintDomain
import Foundation

/// Counts of what the generated history holds, taken from the events as they are recorded.
struct Summary {
    var complaints = 0
    var events = 0
    var channels: [Channel: Int] = [:]
    var assessed: [Severity: Int] = [:]
    var onSpot = 0
    var invalid = 0
    var outOfScope = 0
    var escalations: [ClockKind: Int] = [:]
    var upgrades: [UpgradeReason: Int] = [:]
    /// Upgrades of an assessed complaint, by the severity it left.
    var upgradedFrom: [Severity: Int] = [:]
    var reprocessed = 0
    var repeats = 0
    var incidents = 0
    var incidentMembers = 0
    var linked = 0
    var reminders = 0
    var extensions = 0
    var visits = 0
    var unreachable = 0
    var followUps = 0
    var progressNotes = 0
    var publicNotes = 0
    var approvals = 0
    var opinions = 0
    var closed = 0
    var refusals: [String: Int] = [:]
    var refusalSamples: [String] = []

    mutating func count(_ event: DomainEvent) {
        events += 1
        switch event {
        case .registered(let e): channels[e.channel, default: 0] += 1
        case .assessed(let e): assessed[e.severity, default: 0] += 1
        case .explained(let e): if e.isValid { outOfScope += 1 } else { invalid += 1 }
        case .resolved(let e): if e.onSpot { onSpot += 1 }
        case .progressNoted(let e):
            progressNotes += 1
            if e.isPublic { publicNotes += 1 }
        case .approved: approvals += 1
        case .opinionSigned: opinions += 1
        case .visited(let e):
            visits += 1
            if e.outcome == .unreachable { unreachable += 1 }
            if e.isFollowUp { followUps += 1 }
        case .reprocessed: reprocessed += 1
        case .closed: closed += 1
        case .deadlineExtended: extensions += 1
        case .escalated(let e): escalations[e.clock, default: 0] += 1
        case .upgraded(let e):
            upgrades[e.reason, default: 0] += 1
            if let from = e.from { upgradedFrom[from, default: 0] += 1 }
        case .linked: linked += 1
        case .reminded: reminders += 1
        default: break
        }
    }

    /// Adds another shard's counts.
    mutating func add(_ other: Summary) {
        complaints += other.complaints
        events += other.events
        channels.merge(other.channels, uniquingKeysWith: +)
        assessed.merge(other.assessed, uniquingKeysWith: +)
        onSpot += other.onSpot
        invalid += other.invalid
        outOfScope += other.outOfScope
        escalations.merge(other.escalations, uniquingKeysWith: +)
        upgrades.merge(other.upgrades, uniquingKeysWith: +)
        upgradedFrom.merge(other.upgradedFrom, uniquingKeysWith: +)
        reprocessed += other.reprocessed
        repeats += other.repeats
        incidents += other.incidents
        incidentMembers += other.incidentMembers
        linked += other.linked
        reminders += other.reminders
        extensions += other.extensions
        visits += other.visits
        unreachable += other.unreachable
        followUps += other.followUps
        progressNotes += other.progressNotes
        publicNotes += other.publicNotes
        approvals += other.approvals
        closed += other.closed
        opinions += other.opinions
        refusals.merge(other.refusals, uniquingKeysWith: +)
        refusalSamples += other.refusalSamples.prefix(max(0, 10 - refusalSamples.count))
    }

    mutating func registered(_ fate: Fate, repeatOf: String?) {
        complaints += 1
        if repeatOf != nil { repeats += 1 }
        if fate.incident != 0 { incidentMembers += 1 }
    }

    mutating func refused(_ command: Command, _ error: DomainError) {
        let name = String(String(describing: command).prefix { $0 != "(" })
        refusals[name, default: 0] += 1
        if refusalSamples.count < 10 { refusalSamples.append("\(name): \(error)") }
    }

    /// Severity as it stands at the end: the assessment's, moved by later upgrades.
    var finalSeverity: [Severity: Int] {
        var result = assessed
        result[.minor, default: 0] += onSpot
        for (from, n) in upgradedFrom {
            result[from, default: 0] -= n
            result[.major, default: 0] += n
        }
        return result
    }

    func lines(openByStatus: [ComplaintStatus: Int]) -> [String] {
        func pct(_ n: Int, _ of: Int) -> String { String(format: "%.1f %%", 100 * Double(n) / Double(max(1, of))) }
        func mixOf<K>(_ table: [K: Int], _ keys: [K], total: Int) -> String {
            keys.map { "\($0) \(pct(table[$0] ?? 0, total))" }.joined(separator: ", ")
        }
        let open = openByStatus.values.reduce(0, +)
        let valid = assessed.values.reduce(0, +) + onSpot
        var out = [
            "  closed \(closed) (\(pct(closed, complaints))); open \(open): "
                + ComplaintStatus.allCases.compactMap { s in openByStatus[s].map { "\(s) \($0)" } }.joined(separator: ", "),
            "  channels: " + mixOf(channels, Channel.allCases, total: complaints),
            "  severity at the end: " + mixOf(finalSeverity, Severity.allCases, total: valid)
                + "; at assessment: " + mixOf(assessed, Severity.allCases, total: valid - onSpot),
            "  explained and closed: invalid \(invalid), out of scope \(outOfScope); resolved on the spot \(onSpot)",
            "  escalations \(escalations.values.reduce(0, +)): "
                + ClockKind.allCases.map { "\($0) \(escalations[$0] ?? 0)" }.joined(separator: ", "),
            "  upgrades: 7-day \(upgrades[.unresolved7Days] ?? 0), incident \(upgrades[.incidentOwners] ?? 0), staff \(upgrades[.staff] ?? 0)",
            "  reprocessed (二次处理) \(reprocessed) (\(pct(reprocessed, complaints))); visits \(visits): unreachable \(unreachable), follow-up \(followUps)",
            "  repeats \(repeats) (\(pct(repeats, complaints))); incidents \(incidents) with \(incidentMembers) complaints, \(linked) linked later",
            "  reminders (催办) \(reminders); extensions \(extensions); opinions \(opinions); approvals \(approvals); progress notes \(progressNotes) (\(publicNotes) public)",
            "  refusals by decide: \(refusals.values.reduce(0, +))"
                + (refusals.isEmpty ? "" : " — " + refusals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
        ]
        out += refusalSamples.map { "    e.g. \($0)" }
        return out
    }
}
