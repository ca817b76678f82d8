import Foundation

/// One armed service-level clock of a complaint.
public struct Deadline: Sendable, Hashable {
    /// When the step is due.
    public var dueAt: Date
    /// How many times a manager moved it.
    public var extendedCount: Int = 0
    /// When the miss was escalated; nil while not fired.
    public var escalatedAt: Date?
    /// When the step was done; a met clock never fires.
    public var metAt: Date?

    /// Creates a deadline due at `dueAt`.
    public init(dueAt: Date, extendedCount: Int = 0, escalatedAt: Date? = nil, metAt: Date? = nil) {
        self.dueAt = dueAt
        self.extendedCount = extendedCount
        self.escalatedAt = escalatedAt
        self.metAt = metAt
    }

    /// True while the step is undone and the miss not yet escalated.
    public var isArmed: Bool { metAt == nil && escalatedAt == nil }
}

/// The clocks of one complaint, keyed by kind.
///
/// A small sorted array rather than a dictionary: most complaints have one to three clocks and
/// a million dictionaries would cost far more memory than the clocks themselves.
public struct Deadlines: Sendable, Hashable {
    /// Internal so hot loops (heap upkeep) can walk the clocks without building tuples.
    private(set) var entries: [Entry] = []

    struct Entry: Sendable, Hashable {
        var kind: ClockKind
        var deadline: Deadline
    }

    /// Creates an empty set of clocks.
    public init() {}

    /// Makes room for `count` clocks without growing.
    mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// The clock of `kind`, if it was ever armed.
    public subscript(kind: ClockKind) -> Deadline? {
        get { entries.first { $0.kind == kind }?.deadline }
        set {
            if let index = entries.firstIndex(where: { $0.kind == kind }) {
                if let newValue { entries[index].deadline = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                // Kept in declaration order so equal sets compare equal whatever the arming order.
                let position = entries.firstIndex { $0.kind.ordinal > kind.ordinal } ?? entries.endIndex
                entries.insert(Entry(kind: kind, deadline: newValue), at: position)
            }
        }
    }

    /// All clocks with their kinds, in declaration order of `ClockKind`.
    public var all: [(kind: ClockKind, deadline: Deadline)] {
        entries.map { ($0.kind, $0.deadline) }
    }

    /// Calls `body` with each clock in `all`'s order, without building the array of tuples.
    public func forEach(_ body: (ClockKind, Deadline) throws -> Void) rethrows {
        for entry in entries { try body(entry.kind, entry.deadline) }
    }

    /// True when no clock was ever armed.
    public var isEmpty: Bool { entries.isEmpty }

    /// Marks the clock of `kind` as met at `date`, if it is armed and unmet.
    mutating func meet(_ kind: ClockKind, at date: Date) {
        guard var deadline = self[kind], deadline.metAt == nil else { return }
        deadline.metAt = date
        self[kind] = deadline
    }
}

extension ClockKind {
    /// The position in `allCases`, used for ordering and compact heap entries.
    var ordinal: Int {
        switch self {
        case .dispatch: return 0
        case .resolve: return 1
        case .majorAnswer: return 2
        case .majorSettle: return 3
        case .reply: return 4
        case .returnVisit: return 5
        }
    }

    /// The clock at `ordinal`, the inverse of `ordinal`.
    init(ordinal: Int) {
        switch ordinal {
        case 0: self = .dispatch
        case 1: self = .resolve
        case 2: self = .majorAnswer
        case 3: self = .majorSettle
        case 4: self = .reply
        default: self = .returnVisit
        }
    }
}
