import Foundation

/// Every complaint of a deployment, folded from events, with the indexes the queries need.
///
/// `decide` is pure and never mutates; `evolve` is the only mutation and is used both for replay
/// at start-up and after the service has made new events durable.
public struct ComplaintBook: Sendable {
    /// The numbers and tables of the workflow.
    public let policy: WorkflowPolicy
    /// The policy's calendar, computed once: the reply clock needs it per resolution.
    let calendar: Calendar

    /// Complaints by slot, in registration order, so sequences ascend with the slot.
    var complaints: [Complaint] = []
    var slotByTrackingCode: [String: Int32] = [:]
    var slotsByEstate: [String: [Int32]] = [:]
    var slotsByBuilding: [String: [Int32]] = [:]
    var slotsByIncident: [String: [Int32]] = [:]
    /// Slots each actor worked on (see `Complaint.wasWorkedOn(by:)`), ascending: a superset
    /// that narrows a department-scoped list to candidates, each then checked exactly.
    var slotsByWorker: [String: [Int32]] = [:]
    var statusIndex = EnumIndex<ComplaintStatus>()
    var severityIndex = EnumIndex<Severity>()
    var departmentIndex = EnumIndex<Department>()
    var categoryIndex = EnumIndex<Department>()
    var channelIndex = EnumIndex<Channel>()
    /// Complaints with a return or follow-up visit pending.
    var visitPending = SlotBitSet()
    /// Open complaints with an escalated clock still unmet.
    var escalatedOpen = SlotBitSet()
    var heap = DeadlineHeap()
    /// The highest sequence registered; kept apart so `nextSequence` never copies a complaint.
    var lastSequence = 0
    /// Report figures per local day, kept in step by `evolve` (see `ReportLedger`).
    var ledger: ReportLedger
    /// The configured staff a dispatch may name; nil leaves the handler unchecked (tools, tests).
    public var staff: StaffDirectory?

    /// Creates an empty book.
    public init(policy: WorkflowPolicy = WorkflowPolicy()) {
        self.policy = policy
        self.calendar = policy.calendar
        self.ledger = ReportLedger(timeZone: calendar.timeZone)
    }

    /// How many complaints the book holds.
    public var count: Int { complaints.count }

    /// The sequence the next registration should use.
    public var nextSequence: Int { lastSequence + 1 }

    /// The complaint with `id`, if any.
    public func complaint(id: String) -> Complaint? {
        slot(of: id).map { complaints[$0] }
    }

    /// The complaint the owner follows with `trackingCode`, if any.
    public func complaint(trackingCode: String) -> Complaint? {
        slotByTrackingCode[trackingCode].map { complaints[Int($0)] }
    }

    /// The slot of `id`: the sequence is part of the id, so no id dictionary is needed.
    func slot(of id: String) -> Int? {
        guard let dash = id.lastIndex(of: "-"), let sequence = Int(id[id.index(after: dash)...]) else { return nil }
        guard let slot = slot(ofSequence: sequence), complaints[slot].id == id else { return nil }
        return slot
    }

    /// The slot holding `sequence`, by binary search over the ascending sequences.
    func slot(ofSequence sequence: Int) -> Int? {
        var low = 0
        var high = complaints.count
        while low < high {
            let middle = (low + high) / 2
            if complaints[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low < complaints.count && complaints[low].sequence == sequence ? low : nil
    }

    /// The first slot whose sequence is at least `sequence` (the count when none is).
    func lowerBound(sequence: Int) -> Int {
        var low = 0
        var high = complaints.count
        while low < high {
            let middle = (low + high) / 2
            if complaints[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The key of a building within its estate; buildings are only unique per estate.
    static func buildingKey(estate: String, building: String) -> String {
        estate + "\u{1F}" + building
    }

    /// Makes the public id: "C", two-digit year and month of receipt in the policy zone, "-", sequence.
    func makeID(sequence: Int, receivedAt: Date) -> String {
        let (year, month) = Self.civilMonth(of: receivedAt, offset: calendar.timeZone.secondsFromGMT(for: receivedAt))
        let digits = String(sequence)
        let padded = String(repeating: "0", count: Swift.max(0, 6 - digits.count)) + digits
        let yy = year % 100
        return "C" + (yy < 10 ? "0" : "") + String(yy) + (month < 10 ? "0" : "") + String(month) + "-" + padded
    }

    /// Year and month of a local time, by arithmetic (Hinnant's civil-from-days) rather than
    /// `Calendar`, which dominates the cost of a registration on Linux.
    static func civilMonth(of date: Date, offset: Int) -> (year: Int, month: Int) {
        let seconds = Int((date.timeIntervalSince1970 + Double(offset)).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month)
    }
}
