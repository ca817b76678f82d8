/// What stays in memory of every complaint, hot or cold: the fields lists, filters, reports,
/// duplicate hints and search read, in 112 bytes with no reference inside.
///
/// Strings are ids in the book's `StringTable`s, enumerations are ordinals (255 = none) and
/// times are milliseconds since the epoch. The full complaint (texts, notes, visits, history)
/// is in memory only while it is open; a closed one is folded again from its events on demand.
public struct CompactComplaint: Sendable, Hashable {
    /// The book-wide sequence number (the numeric part of the id).
    public var sequence: Int32
    /// The number of events applied (the complaint's version).
    public var version: UInt32
    /// When it was received, in milliseconds since the epoch.
    public var receivedAt: Int64
    /// When its latest event happened, in milliseconds since the epoch.
    public var updatedAt: Int64
    /// The owner's tracking code.
    public var trackingHigh: UInt64
    /// The owner's tracking code, second half.
    public var trackingLow: UInt64
    /// A hash of the owner's phone digits (see `PhoneKey`): same digits, same hash.
    public var phoneHash: UInt64
    /// Estate, building (estate and building together), unit and owner's name: string ids.
    public var estate: UInt32
    /// The building's id among all estates' buildings.
    public var building: UInt32
    /// The unit number's id.
    public var unit: UInt32
    /// The owner's name's id.
    public var ownerName: UInt32
    /// The assigned handler's id in the user table, or `CompactComplaint.none32`.
    public var handler: UInt32
    /// Seconds from receipt to the first dispatch, or `none32`.
    public var dispatchSeconds: UInt32
    /// Seconds from receipt to the latest result, or `none32`.
    public var resolveSeconds: UInt32
    /// Report clock states, three bits per clock ordinal.
    public var clocks: UInt32
    /// Report flags (see `ReportFacts.Flag`).
    public var reportFlags: UInt16
    /// Yes/no facts of the complaint itself (see `Flags`).
    public var flags: UInt16
    /// The last four digits of the owner's phone as a number, or `PhoneKey.noTail`.
    public var phoneTail: UInt16
    /// Ordinals; `none8` when unset.
    public var status: UInt8
    /// The severity's ordinal, or `none8`.
    public var severity: UInt8
    /// The category's ordinal, or `none8`.
    public var category: UInt8
    /// The handling department's ordinal, or `none8`.
    public var department: UInt8
    /// The channel's ordinal.
    public var channel: UInt8
    /// The nature's ordinal, or `none8`.
    public var nature: UInt8
    /// Return visits that reached the owner (capped at 255).
    public var reachedVisits: UInt8
    /// Of those, the solved and satisfied ones (capped at 255).
    public var satisfiedVisits: UInt8

    /// Creates a record from its fields (a snapshot's columns).
    public init(
        sequence: Int32, version: UInt32, receivedAt: Int64, updatedAt: Int64, trackingHigh: UInt64, trackingLow: UInt64,
        phoneHash: UInt64, estate: UInt32, building: UInt32, unit: UInt32, ownerName: UInt32, handler: UInt32,
        dispatchSeconds: UInt32, resolveSeconds: UInt32, clocks: UInt32, reportFlags: UInt16, flags: UInt16,
        phoneTail: UInt16, status: UInt8, severity: UInt8, category: UInt8, department: UInt8, channel: UInt8,
        nature: UInt8, reachedVisits: UInt8, satisfiedVisits: UInt8
    ) {
        self.sequence = sequence
        self.version = version
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.trackingHigh = trackingHigh
        self.trackingLow = trackingLow
        self.phoneHash = phoneHash
        self.estate = estate
        self.building = building
        self.unit = unit
        self.ownerName = ownerName
        self.handler = handler
        self.dispatchSeconds = dispatchSeconds
        self.resolveSeconds = resolveSeconds
        self.clocks = clocks
        self.reportFlags = reportFlags
        self.flags = flags
        self.phoneTail = phoneTail
        self.status = status
        self.severity = severity
        self.category = category
        self.department = department
        self.channel = channel
        self.nature = nature
        self.reachedVisits = reachedVisits
        self.satisfiedVisits = satisfiedVisits
    }

    /// "No value" for one-byte ordinals.
    public static let none8: UInt8 = 0xFF
    /// "No value" for four-byte fields.
    public static let none32: UInt32 = 0xFFFF_FFFF

    /// Yes/no facts, one bit each.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// The full complaint is in memory (open, or a follow-up visit is pending).
        public static let hot = Flags(rawValue: 1 << 0)
        /// On the emergency path.
        public static let urgent = Flags(rawValue: 1 << 1)
        /// Judged invalid.
        public static let invalid = Flags(rawValue: 1 << 2)
        /// Judged out of scope.
        public static let outOfScope = Flags(rawValue: 1 << 3)
        /// A repeat of an earlier complaint at the unit.
        public static let repeated = Flags(rawValue: 1 << 4)
        /// Some clock is past due and unmet and was escalated.
        public static let escalatedOpen = Flags(rawValue: 1 << 5)
        /// Part of an incident.
        public static let inIncident = Flags(rawValue: 1 << 6)
        /// A return or follow-up visit is pending.
        public static let visitPending = Flags(rawValue: 1 << 7)
        /// The owner confirmed (signed) the latest reply.
        public static let ownerConfirmed = Flags(rawValue: 1 << 8)
    }
}
