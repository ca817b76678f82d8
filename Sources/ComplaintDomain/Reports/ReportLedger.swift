import Foundation

/// Report figures kept as events are applied (workflow.md §7), sized for tens of millions of
/// complaints.
///
/// Cohort figures (what the complaints *received* in a period are like now) need no storage of
/// their own: every compact record carries its report facts, and a report scans the records of
/// its period (slots ascend with receipt). What records cannot give back is kept here:
/// *activities* — closings, escalations, upgrades, extensions, reminders — by the local day they
/// happened (8 bytes each), the open balance per estate by day, and deployment-wide totals for
/// `/metrics`.
public struct ReportLedger: Sendable {
    /// One activity: day (high 32 bits, signed), estate id (24 bits), kind (8 bits).
    typealias Activity = UInt64

    /// What happened.
    enum ActivityKind: UInt8 {
        case closed = 0
        case escalation = 1  // + clock ordinal (1...6)
        case upgrade = 7  // + reason index (7...9)
        case extensionGranted = 10
        case reminder = 11
    }

    let timeZone: TimeZone
    /// Activities in the order they happened.
    var activities = ChunkedArray<Activity>()
    /// Whether `activities` ascend by day, so a period is found by binary search.
    var activitiesAscend = true
    /// Open balance at the end of each day that changed it: index 0 all estates, then estate id + 1.
    var openBalance: [[DayBalance]] = [[]]
    /// Deployment-wide figures for `/metrics`.
    public internal(set) var totals = ReportTotals()
    private var cachedDay: Int32 = 0
    private var cachedStart: Double = 1
    private var cachedEnd: Double = 0

    /// The number of complaints open at the end of `day` (from that day on, until the next entry).
    struct DayBalance: Sendable, Hashable {
        var day: Int32
        var open: Int32
    }

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

    /// The local day number of `date` in `zone` (clamped far inside Int32 for absurd instants).
    public static func day(of date: Date, in zone: TimeZone) -> Int32 {
        let offset = Double(zone.secondsFromGMT(for: date))
        let days = ((date.timeIntervalSince1970 + offset) / 86_400).rounded(.down)
        guard days.isFinite else { return 0 }
        return Int32(Swift.max(-1_000_000_000, Swift.min(1_000_000_000, days)))
    }

    /// When local day `day` starts, in seconds since 1970.
    public static func start(ofDay day: Int32, in zone: TimeZone) -> Double {
        let guess = Double(day) * 86_400
        let offset = Double(
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess - Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))))
        return guess - offset
    }

    // MARK: folding

    /// Follows one change of the book: totals, activities and the open balance.
    public mutating func observe(_ change: BookChange, strings: BookStrings) {
        if let before = change.before {
            // Most events change no report fact: the record's fields are compared before any
            // facts are built from them (equal fields make equal facts).
            if !Self.sameFacts(before, change.after) {
                totals.add(before.reportFacts, sign: -1)
                totals.add(change.after.reportFacts, sign: 1)
            }
        } else {
            totals.add(change.after.reportFacts, sign: 1)
        }
        let wasOpen = change.before.map { $0.complaintStatus.isOpen } ?? false
        observeReplay(change.event, estate: change.after.estate, wasOpen: wasOpen, isOpen: change.after.complaintStatus.isOpen)
    }

    /// Follows one event of a full replay, whose records are not made at every event: the
    /// activities and the open balance (`wasOpen` and `isOpen`: the complaint's status before
    /// and after `event`), but not the totals of report facts (`countTotals` at the end).
    mutating func observeReplay(_ event: DomainEvent, estate: UInt32, wasOpen: Bool, isOpen: Bool) {
        if wasOpen != isOpen {
            moveBalance(day: day(of: event.at), estate: estate, by: isOpen ? 1 : -1)
        }
        switch event {
        case .closed: record(.closed, offset: 0, event, estate)
        case .escalated(let e):
            record(.escalation, offset: e.clock.ordinal, event, estate)
            totals.escalations[e.clock.ordinal] += 1
        case .upgraded(let e):
            record(.upgrade, offset: e.reason.ledgerIndex, event, estate)
            totals.upgrades[e.reason.ledgerIndex] += 1
        case .deadlineExtended: record(.extensionGranted, offset: 0, event, estate)
        case .reminded: record(.reminder, offset: 0, event, estate)
        default: break
        }
    }

    /// Counts the totals of report facts afresh from every complaint's record (each change adds
    /// a record's new facts and takes its old ones away, so they are this sum); the escalation
    /// and upgrade counts, which no record holds, are kept.
    mutating func countTotals(_ records: ChunkedArray<CompactComplaint>) {
        var counted = ReportTotals()
        counted.escalations = totals.escalations
        counted.upgrades = totals.upgrades
        for slot in 0..<records.count { counted.add(records[slot].reportFacts, sign: 1) }
        totals = counted
    }

    /// Whether two records hold the same report facts (`CompactComplaint.reportFacts`).
    static func sameFacts(_ a: CompactComplaint, _ b: CompactComplaint) -> Bool {
        a.status == b.status && a.channel == b.channel && a.category == b.category && a.severity == b.severity
            && a.nature == b.nature && a.clocks == b.clocks && a.reportFlags == b.reportFlags
            && a.dispatchSeconds == b.dispatchSeconds && a.resolveSeconds == b.resolveSeconds
            && a.reachedVisits == b.reachedVisits && a.satisfiedVisits == b.satisfiedVisits
    }

    private mutating func record(_ kind: ActivityKind, offset: Int, _ event: DomainEvent, _ estate: UInt32) {
        let day = day(of: event.at)
        let activity = Self.pack(day: day, estate: estate, kind: kind.rawValue + UInt8(offset))
        if let last = activities.isEmpty ? nil : activities[activities.count - 1], Self.day(of: last) > day {
            activitiesAscend = false
        }
        activities.append(activity)
    }

    static func pack(day: Int32, estate: UInt32, kind: UInt8) -> Activity {
        UInt64(UInt32(bitPattern: day)) << 32 | UInt64(estate & 0xFF_FFFF) << 8 | UInt64(kind)
    }

    static func day(of activity: Activity) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: activity >> 32)) }
    static func estate(of activity: Activity) -> UInt32 { UInt32(truncatingIfNeeded: activity >> 8) & 0xFF_FFFF }
    static func kind(of activity: Activity) -> UInt8 { UInt8(truncatingIfNeeded: activity) }

    /// Adds `delta` to the open balance of `estate` (and of all) from `day` on.
    private mutating func moveBalance(day: Int32, estate: UInt32, by delta: Int32) {
        let index = Int(estate) + 1
        if index >= openBalance.count { openBalance.append(contentsOf: repeatElement([], count: index + 1 - openBalance.count)) }
        Self.move(&openBalance[0], day: day, by: delta)
        Self.move(&openBalance[index], day: day, by: delta)
    }

    private static func move(_ balances: inout [DayBalance], day: Int32, by delta: Int32) {
        if let last = balances.last, last.day == day {
            balances[balances.count - 1].open += delta
        } else if balances.last.map({ $0.day < day }) ?? true {
            balances.append(DayBalance(day: day, open: (balances.last?.open ?? 0) + delta))
        } else {
            // A day before the newest (a clock set back): rare, so an insertion and a suffix update.
            let position = balances.firstIndex { $0.day >= day }!
            if balances[position].day != day {
                let before = position > 0 ? balances[position - 1].open : 0
                balances.insert(DayBalance(day: day, open: before), at: position)
            }
            for i in position..<balances.count { balances[i].open += delta }
        }
    }

    /// The open balance of `estate` (nil: all) at the end of `day`.
    func openAtEnd(of day: Int32, estate: UInt32?) -> Int {
        let index = estate.map { Int($0) + 1 } ?? 0
        guard index < openBalance.count else { return 0 }
        let balances = openBalance[index]
        var low = 0
        var high = balances.count
        while low < high {
            let middle = (low + high) / 2
            if balances[middle].day <= day { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 0 : Int(balances[low - 1].open)
    }
}
