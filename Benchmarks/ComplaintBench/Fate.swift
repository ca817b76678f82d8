import ComplaintDomain
import Foundation

/// What will become of one complaint, drawn once at registration and carried in its heap
/// entries: the generator keeps no other per-complaint state.
struct Fate: Sendable {
    enum Outcome: UInt8, Sendable { case normal, invalid, outOfScope, onSpot }

    var home: Home
    var topic: UInt8
    /// Which of the topic's cases (the matter, and so the measures and result).
    var variant: UInt8 = 0
    var channel: Channel = .phone
    var outcome: Outcome = .normal
    var severity: Severity = .minor
    var nature: Nature = .dissatisfaction
    var urgent = false
    /// Index of the handler within the centre's team for the department.
    var handler: UInt8 = 0
    /// Times an unsatisfied owner will send it back (二次处理).
    var reprocess: UInt8 = 0
    /// Times the owner will chase it (催办).
    var reminders: UInt8 = 0
    var extends = false
    var staffUpgrade = false
    /// The owner is one of the few who complain again and again.
    var frequent = false
    /// The incident (the sequence of its first complaint), 0 for none.
    var incident: Int32 = 0
    /// Registered without the incident key and linked to it later by the front desk.
    var linkLater = false
    /// This one starts an incident: how many neighbours will follow.
    var incidentFollowers: UInt8 = 0
    var isRepeat = false
    /// The owner's requested time (Unix seconds), 0 when none.
    var requestedBy: Int64 = 0

    /// A preset for a registration whose owner and topic are already known (incident, repeat).
    init(home: Home, topic: UInt8) {
        self.home = home
        self.topic = topic
    }
}

/// Draws fates and builds registrations from them.
struct Planner: Sendable {
    let seed: UInt64
    let topics: TopicCatalog
    let estates: EstateDirectory
    let roster: Roster
    /// The estates this planner draws new owners from (all when nil).
    var shard: EstateShard? = nil
    /// Shards of the run and this planner's: incident keys are numbered across shards.
    var shards = 1
    var shardIndex = 0

    /// The fate of complaint `sequence` received at `t`; `preset` fixes owner and topic.
    func plan(sequence: Int, at t: Int64, preset: Fate?) -> Fate {
        var rng = SplitMix(seed, 0xFA7E, UInt64(sequence))
        let date = LocalTime.date(t)
        var fate: Fate
        if let preset {
            fate = preset
        } else {
            let (home, frequent) = estates.drawHome(&rng, among: shard)
            fate = Fate(home: home, topic: UInt8(topics.draw(month: date.month, hour: LocalTime.hour(t), &rng)))
            fate.frequent = frequent
        }
        let topic = topics.topics[Int(fate.topic)]
        if preset == nil || fate.isRepeat || rng.chance(0.3) { fate.variant = UInt8(rng.next(topic.cases.count)) }
        fate.channel = [Channel.phone, .visit, .online, .other][rng.weighted([50, 20, 25, 5])]
        if preset == nil || fate.isRepeat {
            let scope = rng.unit()
            if scope < 0.025 {
                fate.outcome = .invalid
            } else if scope < 0.025 + topic.outOfScope {
                fate.outcome = .outOfScope
            } else if fate.channel != .online && rng.chance(topic.onSpot) {
                fate.outcome = .onSpot
            }
        }
        fate.severity = [Severity.minor, .important, .major][rng.weighted(topic.severities)]
        if fate.outcome == .onSpot { fate.severity = .minor }
        fate.nature = [Nature.dissatisfaction, .helpSeeking, .consulting][rng.weighted(topic.natures)]
        if fate.isRepeat { fate.nature = .dissatisfaction }
        fate.urgent = fate.severity == .major && rng.chance(0.5)
        fate.handler = UInt8(rng.next(Roster.handlersPerCenter[topic.department]!))
        let round = rng.unit()
        let unhappy = fate.frequent || fate.isRepeat ? 3.0 : 1.0
        fate.reprocess = round < 0.004 * unhappy ? 2 : round < 0.04 * unhappy ? 1 : 0
        // Sent back, an on-the-spot complaint would wait in `dispatched` with no department or
        // handler (the domain never dispatched it), which only an admin could take up.
        if fate.outcome == .onSpot { fate.reprocess = 0 }
        let chase = rng.unit()
        fate.reminders = chase < 0.01 ? 2 : chase < 0.05 * unhappy ? 1 : 0
        fate.extends = rng.chance(fate.severity == .minor ? 0.015 : 0.06)
        fate.staffUpgrade = fate.severity != .major && rng.chance(0.004)
        if fate.severity == .minor && fate.outcome == .normal && rng.chance(0.05) {
            fate.requestedBy = t + Int64(rng.int(2 * 3600...10 * 3600))
        }
        // About one complaint in 1,000 starts an incident that brings three to eleven neighbours.
        if preset == nil && fate.outcome == .normal && topic.incident && rng.chance(0.004) {
            fate.incidentFollowers = UInt8(rng.int(3...11))
            fate.severity = max(fate.severity, .important)
        }
        return fate
    }

    /// The owner's tracking code for complaint `sequence`: 32 hex digits.
    func trackingCode(sequence: Int) -> String {
        var rng = SplitMix(seed, 0x7C0DE, UInt64(sequence))
        let hex = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 32)
        for half in 0..<2 {
            let bits = rng.nextRaw()
            for i in 0..<16 { bytes[half * 16 + i] = hex[Int((bits >> UInt64(4 * i)) & 0xF)] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The registration the receptionist (or the app) records for `fate`.
    func registration(_ fate: Fate, sequence: Int, at t: Int64, incidentKey: String?) -> RegistrationInput {
        var rng = SplitMix(seed, 0x4E6, UInt64(sequence))
        let topic = topics.topics[Int(fate.topic)]
        let estate = estates.estates[Int(fate.home.estate)]
        let owner = estates.owner(of: fate.home)
        let filler = TextFiller(building: fate.home.buildingName, unit: fate.home.unitName, floor: Int(fate.home.floor))
        var input = RegistrationInput(
            channel: fate.channel,
            complainant: ComplainantInput(
                name: owner.name, phone: owner.phone, estate: estate.name,
                building: fate.home.buildingName, unit: fate.home.unitName),
            content: content(topic, fate, filler, &rng))
        if rng.chance(0.8) { input.demands = filler.fill(rng.pick(topic.demands), &rng) }
        if rng.chance(0.4) { input.incidentTime = Date(timeIntervalSince1970: Double(t - Int64(rng.int(600...86_400)))) }
        if rng.chance(0.5), !topic.places.isEmpty { input.incidentPlace = filler.fill(rng.pick(topic.places), &rng) }
        if rng.chance(0.3), !topic.objects.isEmpty { input.complaintObject = rng.pick(topic.objects) }
        // The front desk classifies what it hears; the app leaves it to the director.
        if fate.channel != .online || fate.isRepeat || rng.chance(0.3) { input.category = topic.department }
        input.incidentKey = incidentKey
        if fate.requestedBy > 0 { input.requestedBy = Date(timeIntervalSince1970: Double(fate.requestedBy)) }
        if fate.outcome == .onSpot {
            let matter = topic.cases[Int(fate.variant)]
            input.resolvedOnSpot = OnSpotInput(measures: filler.fill(matter.measure, &rng), result: filler.fill(matter.result, &rng))
        }
        return input
    }

    /// The matter in the owner's words: a template, sometimes a sentence or two more; 20–200 characters.
    private func content(_ topic: Topic, _ fate: Fate, _ filler: TextFiller, _ rng: inout SplitMix) -> String {
        if !topic.english.isEmpty && rng.chance(0.015) { return filler.fill(rng.pick(topic.english), &rng) }
        var text = fate.isRepeat ? rng.pick(TopicCatalog.repeatOpenings) : ""
        text += filler.fill(topic.cases[Int(fate.variant)].content, &rng)
        if !text.hasSuffix("。") && !text.hasSuffix("！") { text += "。" }
        // Characters here are single scalars (Chinese, ASCII), so scalar counts are character counts.
        var length = text.unicodeScalars.count
        for _ in 0..<rng.weighted([35, 30, 20, 10, 5]) {
            let extra = rng.pick(TopicCatalog.contexts)
            let added = extra.unicodeScalars.count
            if length + added > 200 { break }
            text += extra
            length += added
        }
        while length < 20 {
            let extra = rng.pick(TopicCatalog.contexts)
            text += extra
            length += extra.unicodeScalars.count
        }
        return text
    }
}
