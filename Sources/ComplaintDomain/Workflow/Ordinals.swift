// Dense positions of the indexed enumerations, so bitset indexes are found without hashing.

/// An enumeration whose cases map to 0..<caseCount.
protocol Ordinal: CaseIterable, Hashable, Sendable {
    /// The position of the case in declaration order.
    var ordinal: Int { get }
    /// The number of cases.
    static var caseCount: Int { get }
}

extension ComplaintStatus: Ordinal {
    var ordinal: Int {
        switch self {
        case .received: return 0
        case .assessed: return 1
        case .explained: return 2
        case .dispatched: return 3
        case .inProgress: return 4
        case .resolved: return 5
        case .approved: return 6
        case .replied: return 7
        case .visited: return 8
        case .closed: return 9
        }
    }
    static var caseCount: Int { 10 }
}

extension Severity: Ordinal {
    var ordinal: Int {
        switch self {
        case .minor: return 0
        case .important: return 1
        case .major: return 2
        }
    }
    static var caseCount: Int { 3 }
}

extension Department: Ordinal {
    var ordinal: Int {
        switch self {
        case .engineering: return 0
        case .cleaningGreening: return 1
        case .orderSecurity: return 2
        case .customerService: return 3
        case .other: return 4
        }
    }
    static var caseCount: Int { 5 }
}

extension Channel: Ordinal {
    var ordinal: Int {
        switch self {
        case .phone: return 0
        case .visit: return 1
        case .online: return 2
        case .other: return 3
        }
    }
    static var caseCount: Int { 4 }
}

extension Nature: Ordinal {
    var ordinal: Int {
        switch self {
        case .dissatisfaction: return 0
        case .helpSeeking: return 1
        case .consulting: return 2
        }
    }
    static var caseCount: Int { 3 }
}

/// The case of each ordinal, built once per type (`allCases` allocates an array per call).
enum OrdinalTable<Value: Ordinal> {
    static func value(_ ordinal: Int, in table: [Value]) -> Value? {
        ordinal >= 0 && ordinal < table.count ? table[ordinal] : nil
    }
}

extension ComplaintStatus {
    static let byOrdinal: [ComplaintStatus] = allCases.sorted { $0.ordinal < $1.ordinal }
    /// The status at `ordinal`, or nil.
    init?(ordinal: UInt8) {
        guard let value = OrdinalTable.value(Int(ordinal), in: Self.byOrdinal) else { return nil }
        self = value
    }
}

extension Severity {
    static let byOrdinal: [Severity] = allCases.sorted { $0.ordinal < $1.ordinal }
    /// The severity at `ordinal`, or nil (also for the "none" marker).
    init?(ordinal: UInt8) {
        guard let value = OrdinalTable.value(Int(ordinal), in: Self.byOrdinal) else { return nil }
        self = value
    }
}

extension Department {
    static let byOrdinal: [Department] = allCases.sorted { $0.ordinal < $1.ordinal }
    /// The department at `ordinal`, or nil (also for the "none" marker).
    init?(ordinal: UInt8) {
        guard let value = OrdinalTable.value(Int(ordinal), in: Self.byOrdinal) else { return nil }
        self = value
    }
}

extension Channel {
    static let byOrdinal: [Channel] = allCases.sorted { $0.ordinal < $1.ordinal }
    /// The channel at `ordinal`, or nil.
    init?(ordinal: UInt8) {
        guard let value = OrdinalTable.value(Int(ordinal), in: Self.byOrdinal) else { return nil }
        self = value
    }
}

extension Nature {
    static let byOrdinal: [Nature] = allCases.sorted { $0.ordinal < $1.ordinal }
    /// The nature at `ordinal`, or nil (also for the "none" marker).
    init?(ordinal: UInt8) {
        guard let value = OrdinalTable.value(Int(ordinal), in: Self.byOrdinal) else { return nil }
        self = value
    }
}
