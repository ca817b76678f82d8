import ComplaintDomain
import Foundation
import HTTP1

/// The query string of `GET /v1/complaints` (and of its CSV export): filters, search, order and
/// paging, each refusal a 400 naming the parameter.
enum ComplaintQueryParsing {
    /// The parameters of the complaint list; anything else is refused by name.
    static let listParameters: Set<String> = [
        "status", "severity", "category", "department", "channel", "estate", "building", "unit", "handler", "overdue",
        "dueWithin", "receivedFrom", "receivedTo", "received_from", "received_to", "q", "phone", "name", "text", "sort",
        "limit", "cursor",
    ]

    /// Who is asking, for `handler=me`.
    struct Caller {
        var actorID: String
    }

    /// `GET /v1/complaints`: every filter, the search box and the order.
    static func complaintQuery(
        _ q: QueryReader, zone: TimeZone, now: Date, caller: Caller? = nil,
        isOwnerName: (String) -> Bool = { _ in false }
    ) -> Result<ComplaintQuery, Refusal> {
        do {
            return .success(try parse(q, zone: zone, now: now, caller: caller, isOwnerName: isOwnerName))
        } catch let refusal as Refusal {
            return .failure(refusal)
        } catch {
            return .failure(Refusal(Problems.badRequest(Message(.queryUnreadable))))
        }
    }

    private static func parse(
        _ q: QueryReader, zone: TimeZone, now: Date, caller: Caller?,
        isOwnerName: (String) -> Bool
    ) throws -> ComplaintQuery {
        var query = ComplaintQuery()
        query.statuses = try q.enumValues("status", ComplaintStatus.self).get()
        query.severities = try q.enumValues("severity", Severity.self).get()
        query.categories = try q.enumValues("category", Department.self).get()
        query.departments = try q.enumValues("department", Department.self).get()
        query.channels = try q.enumValues("channel", Channel.self).get()
        query.overdue = try q.bool("overdue").get()
        if let raw = q.string("dueWithin") {
            guard let seconds = Durations.seconds(raw) else {
                throw Refusal(Problems.invalidParameter("dueWithin", Message(.dueWithinExpected)))
            }
            query.dueWithin = seconds
        }
        query.receivedFrom = try date(q, "receivedFrom", alias: "received_from", zone: zone)
        query.receivedTo = try date(q, "receivedTo", alias: "received_to", zone: zone)
        query.limit = try q.int("limit", 1...200).get() ?? 50
        query.estate = try text(q, "estate")
        query.building = try text(q, "building")
        if let unit = try text(q, "unit") {
            guard UnitKey.parseHome(unit) != nil || UnitKey.parseUnit(unit) != nil else {
                throw Refusal(Problems.invalidParameter("unit", Message(.unitExpected)))
            }
            query.unit = unit
        }
        if let handler = try text(q, "handler") {
            switch handler {
            case "me": query.handler = caller.map { .user($0.actorID) } ?? .unassigned
            case "none": query.handler = .unassigned
            default: query.handler = .user(handler)
            }
        }
        if let phone = try text(q, "phone") {
            guard let term = SearchTerm.phone(phone) else {
                throw Refusal(Problems.invalidParameter("phone", Message(.phoneExpected)))
            }
            query.search.append(term)
        }
        if let name = try text(q, "name") { query.search.append(.name(SearchText.foldName(name))) }
        if let words = try text(q, "text") { query.search.append(.text(SearchText.fold(words))) }
        if let box = try text(q, "q"), let term = SearchTerm.parse(box, isOwnerName: isOwnerName) { query.search.insert(term, at: 0) }
        if let sort = q.string("sort") {
            guard let order = ListSort(sort) else {
                throw Refusal(Problems.invalidParameter("sort", Message(.sortExpected)))
            }
            query.sort = order
        }
        query.cursor = q.string("cursor")
        query.now = now
        return query
    }

    /// A date parameter under its name or its older snake_case alias (not both).
    private static func date(_ q: QueryReader, _ name: String, alias: String, zone: TimeZone) throws -> Date? {
        if q.string(name) != nil && q.string(alias) != nil {
            throw Refusal(Problems.invalidParameter(alias, Message(.parameterAlias, ["name": .text(name), "alias": .text(alias)])))
        }
        if q.string(alias) != nil { return try q.date(alias, in: zone).get() }
        return try q.date(name, in: zone).get()
    }

    /// A text parameter: 1 to 200 characters once trimmed.
    private static func text(_ q: QueryReader, _ name: String) throws -> String? {
        guard let raw = q.string(name) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw Refusal(Problems.invalidParameter(name, Message(.expectedLength, ["min": .text("1"), "max": .text("200")])))
        }
        return trimmed
    }
}

/// Durations in queries: `30m`, `2h`, `1d`, `1h30m`, `45s`, or ISO 8601 (`PT2H`, `P1D`, `P1DT12H`).
enum Durations {
    /// Seconds, for 1 minute to 400 days; nil for anything else.
    static func seconds(_ raw: String) -> TimeInterval? {
        var text = Substring(raw.lowercased())
        let iso = text.hasPrefix("p")
        if iso { text = text.dropFirst() }
        var total = 0.0
        var number = ""
        var units = 0
        var inTime = !iso
        for character in text {
            if character.isASCII && character.isNumber {
                number.append(character)
                guard number.count <= 6 else { return nil }
                continue
            }
            if iso && character == "t" && number.isEmpty && !inTime {
                inTime = true
                continue
            }
            guard let value = Double(number) else { return nil }
            switch (character, inTime) {
            case ("d", _): total += value * 86_400
            case ("w", false): total += value * 604_800
            case ("h", true): total += value * 3_600
            case ("m", true): total += value * 60
            case ("s", true): total += value
            default: return nil
            }
            number = ""
            units += 1
        }
        guard number.isEmpty, units > 0, total >= 60, total <= 400 * 86_400 else { return nil }
        return total
    }
}

extension QueryReader {
    /// A reader over already decoded parameters (a request's, some left out).
    init(values: [String: [String]]) {
        self.values = values
    }

    /// Every value of an enumeration parameter, repeated (`status=a&status=b`) or comma-separated.
    func enumValues<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> Result<[T], Refusal> where T.RawValue == String {
        var result: [T] = []
        for raw in (values[name] ?? []).flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            guard let value = T(rawValue: trimmed) else {
                return .failure(
                    Refusal(
                        Problems.invalidParameter(
                            name, Message(.expectedOneOrMore, ["values": .text(T.allCases.map(\.rawValue).joined(separator: ", "))]))))
            }
            if !result.contains(where: { $0.rawValue == value.rawValue }) { result.append(value) }
        }
        return .success(result)
    }

    /// Refuses the first parameter not in `known` (400 naming it), so a misspelt filter is never ignored.
    func refuseUnknown(_ known: Set<String>) throws {
        if let refusal = unknownParameter(known) { throw Refusal(refusal) }
    }

    /// The 400 naming the first parameter not in `known`; nil when every one is known.
    func unknownParameter(_ known: Set<String>) -> HTTPResponse? {
        guard let unknown = values.keys.filter({ !known.contains($0) }).sorted().first else { return nil }
        return Problems.invalidParameter(unknown, Message(.unknownParameter, ["known": .text(known.sorted().joined(separator: ", "))]))
    }
}
