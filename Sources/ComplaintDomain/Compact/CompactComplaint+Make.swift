import Foundation

extension CompactComplaint {
    /// The compact record of `complaint`, interning its strings in `strings`.
    init(_ complaint: borrowing Complaint, strings: inout BookStrings, isHot: Bool) {
        let person = complaint.complainant
        let facts = ReportFacts(complaint)
        let digits = PhoneKey.digits(person.phone)
        let code = TrackingIndex.Code(presented: complaint.trackingCode)
        var flags: Flags = isHot ? .hot : []
        if complaint.isUrgent { flags.insert(.urgent) }
        if complaint.isValid == false { flags.insert(.invalid) }
        if complaint.isInScope == false { flags.insert(.outOfScope) }
        if complaint.repeatOf != nil { flags.insert(.repeated) }
        if complaint.incidentID != nil { flags.insert(.inIncident) }
        if complaint.status != .closed,
           complaint.deadlines.entries.contains(where: { $0.deadline.escalatedAt != nil && $0.deadline.metAt == nil }) {
            flags.insert(.escalatedOpen)
        }
        if complaint.visitDueAt != nil || complaint.followUpDueAt != nil { flags.insert(.visitPending) }
        self.init(
            sequence: Int32(truncatingIfNeeded: complaint.sequence),
            version: UInt32(truncatingIfNeeded: complaint.version),
            receivedAt: Milliseconds.of(complaint.receivedAt),
            updatedAt: Milliseconds.of(complaint.updatedAt),
            trackingHigh: code.high, trackingLow: code.low,
            phoneHash: PhoneKey.hash(digits: digits),
            estate: strings.estates.intern(person.estate),
            building: strings.buildings.intern(BookStrings.buildingKey(estate: person.estate, building: person.building)),
            unit: strings.units.intern(person.unit),
            ownerName: strings.names.intern(person.name),
            handler: complaint.handler.map { strings.users.intern($0) } ?? Self.none32,
            dispatchSeconds: facts.dispatchSeconds.map { UInt32($0) } ?? Self.none32,
            resolveSeconds: facts.resolveSeconds.map { UInt32($0) } ?? Self.none32,
            clocks: facts.clocks, reportFlags: facts.flags, flags: flags.rawValue,
            phoneTail: PhoneKey.tail(digits: digits),
            status: UInt8(complaint.status.ordinal),
            severity: complaint.severity.map { UInt8($0.ordinal) } ?? Self.none8,
            category: complaint.category.map { UInt8($0.ordinal) } ?? Self.none8,
            department: complaint.department.map { UInt8($0.ordinal) } ?? Self.none8,
            channel: UInt8(complaint.channel.ordinal),
            nature: complaint.nature.map { UInt8($0.ordinal) } ?? Self.none8,
            reachedVisits: UInt8(clamping: facts.reachedVisits), satisfiedVisits: UInt8(clamping: facts.satisfiedVisits))
    }

    /// The yes/no facts.
    public var flagSet: Flags {
        get { Flags(rawValue: flags) }
        set { flags = newValue.rawValue }
    }

    /// Whether the full complaint is in memory.
    public var isHot: Bool { flagSet.contains(.hot) }

    /// The status.
    public var complaintStatus: ComplaintStatus { ComplaintStatus(ordinal: status) ?? .received }
    /// The severity, if assessed.
    public var complaintSeverity: Severity? { Severity(ordinal: severity) }
    /// The category, if known.
    public var complaintCategory: Department? { Department(ordinal: category) }
    /// The handling department, if dispatched.
    public var complaintDepartment: Department? { Department(ordinal: department) }
    /// The channel.
    public var complaintChannel: Channel { Channel(ordinal: channel) ?? .other }
    /// When it was received.
    public var receivedDate: Date { Milliseconds.date(receivedAt) }
    /// The owner's tracking code.
    public var trackingCode: TrackingIndex.Code { TrackingIndex.Code(high: trackingHigh, low: trackingLow) }

    /// The report facts the record holds (the same as `ReportFacts(complaint)` of its complaint).
    var reportFacts: ReportFacts {
        var facts = ReportFacts(status: complaintStatus, channel: complaintChannel, category: complaintCategory,
                                severity: complaintSeverity, nature: Nature(ordinal: nature))
        facts.clocks = clocks
        facts.flags = reportFlags
        facts.dispatchSeconds = dispatchSeconds == Self.none32 ? nil : Double(dispatchSeconds)
        facts.resolveSeconds = resolveSeconds == Self.none32 ? nil : Double(resolveSeconds)
        facts.reachedVisits = Int32(reachedVisits)
        facts.satisfiedVisits = Int32(satisfiedVisits)
        return facts
    }
}

/// Instants as whole milliseconds since the epoch, converted without ever trapping.
public enum Milliseconds {
    /// `date` in milliseconds, clamped to what an Int64 holds (NaN reads as 0).
    public static func of(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return 0 }
        if value >= 9.2e18 { return Int64.max }
        if value <= -9.2e18 { return Int64.min }
        return Int64(value)
    }

    /// The instant `milliseconds` after the epoch.
    public static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
