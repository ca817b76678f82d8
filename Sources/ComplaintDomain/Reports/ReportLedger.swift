import Foundation

/// Report figures maintained incrementally as events are applied (workflow.md §7).
///
/// Facts are bucketed per local day of the policy zone, once per estate and once for all
/// estates, so a weekly report merges seven buckets instead of scanning every complaint.
/// Each complaint's contribution lives in the bucket of its receipt day and is replaced on every
/// event that changes it; events such as closing or escalating also count on the day they happen.
public struct ReportLedger: Sendable {
    /// Where each slot's contribution lives: receipt day, estate, building.
    struct SlotInfo: Sendable {
        var day: Int32
        var estate: Int32
        var building: Int32
    }

    let timeZone: TimeZone
    var slots: [SlotInfo] = []
    var estateIDs: [String: Int32] = [:]
    var estateNames: [String] = []
    var buildingIDs: [String: Int32] = [:]
    var buildingNames: [(estate: Int32, building: String)] = []
    /// Buckets by estate id + 1 (index 0: all estates), then by local day number.
    var buckets: [[Int32: ReportBucket]] = [[:]]
    /// Deployment-wide figures for `/metrics`.
    public private(set) var totals = ReportTotals()
    private var cachedDay: Int32 = 0
    private var cachedStart: Double = 1
    private var cachedEnd: Double = 0

    /// Puts back the deployment-wide totals of a snapshot.
    mutating func restoreTotals(_ restored: ReportTotals) { totals = restored }

    /// Creates an empty ledger whose days are local days of `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The local day number (days since 1970-01-01 in the zone) of `date`.
    public mutating func day(of date: Date) -> Int32 {
        let t = date.timeIntervalSince1970
        if t >= cachedStart && t < cachedEnd { return cachedDay }
        let day = Self.day(of: date, in: timeZone)
        cachedDay = day
        cachedStart = Self.start(ofDay: day, in: timeZone)
        cachedEnd = Self.start(ofDay: day + 1, in: timeZone)
        return day
    }

    /// The local day number of `date` in `zone`.
    public static func day(of date: Date, in zone: TimeZone) -> Int32 {
        let offset = Double(zone.secondsFromGMT(for: date))
        let day = ((date.timeIntervalSince1970 + offset) / 86_400).rounded(.down)
        // Total: a hand-made log may hold any instant; Int32(_:) traps beyond its range.
        guard day.isFinite else { return day < 0 || day.isNaN ? Int32.min : Int32.max }
        return Int32(min(max(day, Double(Int32.min)), Double(Int32.max)))
    }

    /// When local day `day` starts, in seconds since 1970.
    public static func start(ofDay day: Int32, in zone: TimeZone) -> Double {
        let guess = Double(day) * 86_400
        let offset = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))))
        return guess - offset
    }

    // MARK: folding (called by ComplaintBook.evolve)

    /// Records a new complaint at `slot` (slots arrive in order).
    mutating func register(slot: Int, estate: String, building: String, receivedAt: Date, facts: ReportFacts) {
        let estateID = estateIDs[estate] ?? {
            let id = Int32(estateNames.count)
            estateIDs[estate] = id
            estateNames.append(estate)
            buckets.append([:])
            return id
        }()
        let key = ComplaintBook.buildingKey(estate: estate, building: building)
        let buildingID = buildingIDs[key] ?? {
            let id = Int32(buildingNames.count)
            buildingIDs[key] = id
            buildingNames.append((estateID, building))
            return id
        }()
        let info = SlotInfo(day: day(of: receivedAt), estate: estateID, building: buildingID)
        if slots.count < slot { slots.append(contentsOf: repeatElement(SlotInfo(day: 0, estate: -1, building: -1), count: slot - slots.count)) }
        slots.append(info)
        for index in [0, Int(estateID) + 1] {
            buckets[index][info.day, default: ReportBucket()].add(facts, building: buildingID, sign: 1)
            buckets[index][info.day, default: ReportBucket()].moveDurations(from: nil, to: facts)
            buckets[index][info.day, default: ReportBucket()].counts[ReportBucket.Offset.openDelta] += facts.status.isOpen ? 1 : 0
        }
        totals.add(facts, sign: 1)
    }

    /// Replaces the contribution of `slot` after `event`, and counts the event's own activity.
    mutating func record(_ event: DomainEvent, slot: Int, from old: ReportFacts, to new: ReportFacts) {
        guard slot < slots.count, slots[slot].estate >= 0 else { return }
        let info = slots[slot]
        let indexes = [0, Int(info.estate) + 1]
        if old != new {
            for index in indexes {
                buckets[index][info.day, default: ReportBucket()].add(old, building: info.building, sign: -1)
                buckets[index][info.day, default: ReportBucket()].add(new, building: info.building, sign: 1)
                buckets[index][info.day, default: ReportBucket()].moveDurations(from: old, to: new)
            }
            totals.add(old, sign: -1)
            totals.add(new, sign: 1)
        }
        var activity: [(offset: Int, amount: Int)] = []
        if old.status.isOpen != new.status.isOpen { activity.append((ReportBucket.Offset.openDelta, new.status.isOpen ? 1 : -1)) }
        switch event {
        case .closed: activity.append((ReportBucket.Offset.closed, 1))
        case .escalated(let e):
            activity.append((ReportBucket.Offset.escalations + e.clock.ordinal, 1))
            totals.escalations[e.clock.ordinal] += 1
        case .upgraded(let e):
            activity.append((ReportBucket.Offset.upgrades + e.reason.ledgerIndex, 1))
            totals.upgrades[e.reason.ledgerIndex] += 1
        case .deadlineExtended: activity.append((ReportBucket.Offset.extensions, 1))
        case .reminded: activity.append((ReportBucket.Offset.reminders, 1))
        default: break
        }
        guard !activity.isEmpty else { return }
        let eventDay = day(of: event.at)
        for index in indexes {
            for (offset, amount) in activity { buckets[index][eventDay, default: ReportBucket()].counts[offset] += amount }
        }
    }

    // MARK: reading

    /// The estates seen so far, in order of first complaint.
    public var estates: [String] { estateNames }

    /// The merged bucket of `days` for `estates` (nil: all estates); unknown estates add nothing.
    func merged(days: ClosedRange<Int32>, estates: [String]?) -> (bucket: ReportBucket, openAtEnd: Int) {
        let indexes = estates.map { $0.compactMap { estateIDs[$0].map { Int($0) + 1 } } } ?? [0]
        var total = ReportBucket()
        var open = 0
        for index in indexes {
            for day in days { if let bucket = buckets[index][day] { total.merge(bucket) } }
            for (day, bucket) in buckets[index] where day <= days.upperBound { open += bucket.counts[ReportBucket.Offset.openDelta] }
        }
        return (total, open)
    }

    /// The estate and building of a building id.
    func building(_ id: Int32) -> (estate: String, building: String) {
        let entry = buildingNames[Int(id)]
        return (estateNames[Int(entry.estate)], entry.building)
    }
}
