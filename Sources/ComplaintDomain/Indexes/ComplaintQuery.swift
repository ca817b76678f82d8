import Foundation

/// Filters, search, order and paging for listing complaints.
///
/// Every filter narrows (they combine with AND); a filter with several values (`statuses`)
/// matches any of them. The default order is newest receipt first.
public struct ComplaintQuery: Sendable, Hashable {
    /// Only these statuses (any of them); empty: every status.
    public var statuses: [ComplaintStatus] = []
    /// Only these severities.
    public var severities: [Severity] = []
    /// Only these categories.
    public var categories: [Department] = []
    /// Only these handling departments.
    public var departments: [Department] = []
    /// Only these channels.
    public var channels: [Channel] = []
    /// Only this estate.
    public var estate: String?
    /// Only this building (`3`, `3栋` and `3号楼` are the same building).
    public var building: String?
    /// Only this unit: `1202` in any building, or `3-1202` / `3栋1202` for one building's.
    public var unit: String?
    /// Only complaints assigned to this handler (or to none).
    public var handler: HandlerFilter?
    /// Only complaints with (true) or without (false) an unmet clock past due at `now`.
    public var overdue: Bool?
    /// Only complaints with an unmet clock due before `now` + this many seconds (overdue ones included).
    public var dueWithin: TimeInterval?
    /// The time `overdue` and `dueWithin` are judged at.
    public var now: Date?
    /// Received at or after.
    public var receivedFrom: Date?
    /// Received before.
    public var receivedTo: Date?
    /// What to search for (id, phone, name, home, text); see `SearchTerm`.
    public var search: [SearchTerm] = []
    /// The order.
    public var sort = ListSort.newestFirst
    /// Page size, 1...200.
    public var limit: Int = 50
    /// The `nextCursor` of the previous page.
    public var cursor: String?

    /// Creates a query (the single-valued filters are the common case of the lists).
    public init(
        status: ComplaintStatus? = nil, severity: Severity? = nil, category: Department? = nil,
        department: Department? = nil, estate: String? = nil, building: String? = nil, channel: Channel? = nil,
        overdue: Bool? = nil, now: Date? = nil, receivedFrom: Date? = nil, receivedTo: Date? = nil,
        text: String? = nil, limit: Int = 50, cursor: String? = nil
    ) {
        statuses = status.map { [$0] } ?? []
        severities = severity.map { [$0] } ?? []
        categories = category.map { [$0] } ?? []
        departments = department.map { [$0] } ?? []
        channels = channel.map { [$0] } ?? []
        self.estate = estate
        self.building = building
        self.overdue = overdue
        self.now = now
        self.receivedFrom = receivedFrom
        self.receivedTo = receivedTo
        if let text, !text.isEmpty { search = [.text(SearchText.fold(text))] }
        self.limit = limit
        self.cursor = cursor
    }
}

/// Whose complaints: one handler's (by user id) or those assigned to nobody.
public enum HandlerFilter: Sendable, Hashable {
    /// Assigned to this user id.
    case user(String)
    /// Not assigned to anyone.
    case unassigned
}

/// The order of a listing.
public struct ListSort: Sendable, Hashable {
    /// What is compared.
    public enum Key: String, Sendable, CaseIterable {
        /// The time of receipt (registration order).
        case received
        /// The earliest unmet deadline; complaints without one come last.
        case due
        /// The latest change.
        case updated
    }

    /// What is compared.
    public var key: Key
    /// Largest first.
    public var descending: Bool

    /// Creates an order.
    public init(_ key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    /// The default: newest receipt first.
    public static let newestFirst = ListSort(.received, descending: true)

    /// Reads `received`, `-received`, `due`, `-due`, `updated`, `-updated`.
    public init?(_ text: String) {
        let descending = text.hasPrefix("-")
        guard let key = Key(rawValue: descending ? String(text.dropFirst()) : text) else { return nil }
        self.init(key, descending: descending)
    }

    /// The form `init?(_:)` reads.
    public var text: String { (descending ? "-" : "") + key.rawValue }
}

/// One page of a listing: slots in order; the caller reads each (hot complaints from memory,
/// cold ones folded from their events).
public struct ComplaintPage: Sendable {
    /// The slots of the complaints, in the query's order.
    public var slots: [Int]
    /// The cursor of the next page; nil on the last page.
    public var nextCursor: String?
    /// How many complaints match the whole query (every page).
    public var total: Int = 0
    /// Whether `total` is only a lower bound: counting every match would have cost too much
    /// (a text search over closed complaints, or a very broad filter that no index answers).
    public var totalIsLowerBound = false
    /// How the search box was read, when there was one.
    public var searchedAs: String?
}
