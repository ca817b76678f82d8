import Foundation

extension CompactComplaint {
    /// The compact record of `complaint` after an event; what never changes after registration
    /// (owner, place, tracking code) is taken from `previous` instead of interned again.
    init(_ complaint: borrowing Complaint, previous: CompactComplaint, strings: inout BookStrings, isHot: Bool) {
        let handler = complaint.handler
        self = CompactComplaint(complaint, strings: &strings, isHot: isHot, fixed: previous, handler: handler)
    }

    /// The compact record of `complaint`, interning its strings in `strings`; `code` is its
    /// tracking code when the caller has parsed it already (nil: parsed here).
    init(_ complaint: borrowing Complaint, code: TrackingIndex.Code? = nil, strings: inout BookStrings, isHot: Bool) {
        self = CompactComplaint(complaint, strings: &strings, isHot: isHot, fixed: nil, code: code, handler: complaint.handler)
    }

    private init(
        _ complaint: borrowing Complaint, strings: inout BookStrings, isHot: Bool, fixed: CompactComplaint?, code: TrackingIndex.Code? = nil,
        handler: String?
    ) {
        let facts = ReportFacts(complaint)
        var flags: Flags = isHot ? .hot : []
        if complaint.isUrgent { flags.insert(.urgent) }
        if complaint.isValid == false { flags.insert(.invalid) }
        if complaint.isInScope == false { flags.insert(.outOfScope) }
        if complaint.repeatOf != nil { flags.insert(.repeated) }
        if complaint.incidentID != nil { flags.insert(.inIncident) }
        if complaint.status != .closed,
            complaint.deadlines.entries.contains(where: { $0.deadline.escalatedAt != nil && $0.deadline.metAt == nil })
        {
            flags.insert(.escalatedOpen)
        }
        if complaint.visitDueAt != nil || complaint.followUpDueAt != nil { flags.insert(.visitPending) }
        if complaint.confirmedSinceReply { flags.insert(.ownerConfirmed) }
        var place = fixed
        if place == nil {
            let person = complaint.complainant
            let phone = PhoneKey.key(person.phone)
            let code = code ?? TrackingIndex.Code(presented: complaint.trackingCode)
            var first = CompactComplaint.blank
            first.trackingHigh = code.high
            first.trackingLow = code.low
            first.phoneHash = phone.hash
            first.phoneTail = phone.tail
            first.estate = strings.estates.intern(person.estate)
            first.building = strings.internBuilding(person.building, estate: first.estate, estateName: person.estate)
            first.unit = strings.units.intern(person.unit)
            first.ownerName = strings.names.intern(person.name)
            place = first
        }
        let p = place!
        let handlerID: UInt32
        if let handler {
            handlerID =
                fixed.map { $0.handler != Self.none32 && strings.users[$0.handler] == handler } == true
                ? fixed!.handler : strings.users.intern(handler)
        } else {
            handlerID = Self.none32
        }
        self.init(
            sequence: Int32(truncatingIfNeeded: complaint.sequence),
            version: UInt32(truncatingIfNeeded: complaint.version),
            receivedAt: Milliseconds.of(complaint.receivedAt),
            updatedAt: Milliseconds.of(complaint.updatedAt),
            trackingHigh: p.trackingHigh, trackingLow: p.trackingLow,
            phoneHash: p.phoneHash,
            estate: p.estate, building: p.building, unit: p.unit, ownerName: p.ownerName,
            handler: handlerID,
            dispatchSeconds: facts.dispatchSeconds.map { UInt32($0) } ?? Self.none32,
            resolveSeconds: facts.resolveSeconds.map { UInt32($0) } ?? Self.none32,
            clocks: facts.clocks, reportFlags: facts.flags, flags: flags.rawValue,
            phoneTail: p.phoneTail,
            status: UInt8(complaint.status.ordinal),
            severity: complaint.severity.map { UInt8($0.ordinal) } ?? Self.none8,
            category: complaint.category.map { UInt8($0.ordinal) } ?? Self.none8,
            department: complaint.department.map { UInt8($0.ordinal) } ?? Self.none8,
            channel: UInt8(complaint.channel.ordinal),
            nature: complaint.nature.map { UInt8($0.ordinal) } ?? Self.none8,
            reachedVisits: UInt8(clamping: facts.reachedVisits), satisfiedVisits: UInt8(clamping: facts.satisfiedVisits))
    }

    /// A record with every field zero (a start to fill in).
    static let blank = CompactComplaint(
        sequence: 0, version: 0, receivedAt: 0, updatedAt: 0, trackingHigh: 0, trackingLow: 0, phoneHash: 0, estate: 0, building: 0,
        unit: 0, ownerName: 0, handler: none32, dispatchSeconds: none32, resolveSeconds: none32, clocks: 0, reportFlags: 0, flags: 0,
        phoneTail: PhoneKey.noTail, status: 0, severity: none8, category: none8, department: none8, channel: 0, nature: none8,
        reachedVisits: 0, satisfiedVisits: 0)

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
        var facts = ReportFacts(
            status: complaintStatus, channel: complaintChannel, category: complaintCategory,
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
