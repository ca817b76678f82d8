import ComplaintDomain
import EventStore
import Foundation
import HTTP1
import JSONCodec
import Telemetry

/// Listing complaints and reading one complaint's audit trail, both a page at a time.
struct ComplaintListAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator

    // MARK: GET /v1/complaints

    func list(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "complaints")
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        try q.refuseUnknown(ComplaintQueryParsing.listParameters)
        let now = core.clock.now()
        let (query, searchedAs) = try parseQuery(q, principal: principal, now: now)
        let scope = principal.scope
        let page = try core.list(query, within: scope).mapError(Self.refusal).get()
        let items = core.summaries(slots: page.slots, actor: principal.actor, within: scope)
        var w = JSONWriter(capacity: 640 * max(1, items.count))
        w.beginObject()
        w.memberArray("items") { w in
            for item in items {
                ComplaintJSON.writeSummary(item.complaint, .init(allowedActions: item.allowedActions, now: now), into: &w)
            }
        }
        w.member("nextCursor", page.nextCursor)
        w.member("total", page.total)
        w.member("totalIsLowerBound", page.totalIsLowerBound)
        w.member("searchedAs", searchedAs)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    /// The list query of a request, and how its search box (`q`) was read (nil without one).
    func parseQuery(_ q: QueryReader, principal: Principal, now: Date) throws -> (ComplaintQuery, String?) {
        let query = try core.read { state in
            ComplaintQueryParsing.complaintQuery(q, zone: core.policy.calendar.timeZone, now: now, caller: .init(actorID: principal.actor.id)) {
                state.complaints.indexes.search.hasOwner(named: $0, strings: state.book.strings)
            }
        }.get()
        return (query, q.string("q") == nil ? nil : query.search.first?.kind)
    }

    /// A refusal of the list: a bad cursor or order names its parameter (400); others as the domain says.
    static func refusal(_ error: DomainError) -> Refusal {
        if case .validation(let errors) = error.kind, let first = errors.first {
            return Refusal(Problems.invalidParameter(first.field, Message(domain: first.rule, first.values)))
        }
        return Refusal(Problems.domain(error))
    }

    // MARK: GET /v1/complaints/{id}/events

    /// The audit trail, oldest first, a page at a time (`limit`, `cursor`); all or nothing: a
    /// history short of a record answers an error, never a shorter list.
    func events(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "complaints")
        let id = request.pathParameters["id"] ?? ""
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        try q.refuseUnknown(["limit", "cursor"])
        let limit = try q.int("limit", 1...200).get() ?? 50
        var after: UInt64 = 0
        if let cursor = q.string("cursor") {
            guard let sequence = PageCursor.value(cursor) else {
                throw Refusal(Problems.invalidParameter("cursor", Message(domain: .notACursor, [:])))
            }
            after = sequence
        }
        guard
            let head = core.read({ state -> ChainHead? in
                guard let slot = state.book.slot(of: id), state.complaints.isVisible(slot, to: principal.scope) else { return nil }
                return state.chains.head(of: slot)
            })
        else { throw Refusal(Problems.notFound(Message(domain: .noComplaint, ["id": id]))) }
        let events: [(record: StoredRecord, event: DomainEvent)]
        switch core.cold.events(id: id, head: head) {
        case .success(let read): events = read
        case .failure(let gap): throw Refusal(AuditTrailProblem.response(id, gap))
        }
        let remaining = events.filter { $0.record.sequence > after }
        let page = remaining.prefix(limit)
        var w = JSONWriter(capacity: 512 * page.count)
        w.beginObject()
        w.memberArray("items") { w in
            for (record, event) in page {
                w.beginObject()
                w.member("sequence", Int(record.sequence))
                w.member("type", record.type)
                w.member("recordedAt", date: Milliseconds.date(record.timestampMillis))
                w.key("data")
                event.write(to: &w, times: .formatted { Timestamp.iso8601(millisecondsSinceEpoch: $0) }, forAudit: true)
                w.endObject()
            }
        }
        w.member("nextCursor", remaining.count > limit ? page.last.map { PageCursor.make($0.record.sequence) } : nil)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }
}

/// An opaque cursor over a list ordered by a number (a sequence): "n" + the number in base 36.
enum PageCursor {
    static func make(_ value: UInt64) -> String { "n" + String(value, radix: 36) }

    static func value(_ cursor: String) -> UInt64? {
        guard cursor.first == "n", cursor.count <= 16 else { return nil }
        return UInt64(cursor.dropFirst(), radix: 36)
    }
}
