import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

/// `GET /v1/queue?tab=…`: the console's work queue — the counts of every tab and one tab's
/// complaints, most urgent first (earliest unmet clock, then severity, then receipt), all
/// within the caller's scope exactly as `GET /v1/complaints` scopes it.
///
/// Tabs: `mine` (a step of the workflow is the caller's to take now, or they handle it),
/// `department` (everything in hand in the caller's scope — for handlers and department heads,
/// their department), `overdue` (a clock past due), `due_soon` (a clock due within
/// `web.dueSoonSeconds`, 2 h by default), `visits` (return and follow-up visits due now).
struct WorkQueueTabsAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    let dueSoonSeconds: Double

    enum Tab: String, CaseIterable {
        case mine, department, overdue
        case dueSoon = "due_soon"
        case visits
    }

    /// Actions that are a step of the workflow (a note or a link is not).
    static let steps: Set<Action> = [.assess, .dispatch, .acknowledge, .resolve, .approve, .reply, .visit, .close]

    func queue(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "work queues")
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        let tab = try q.enumValue("tab", Tab.self).get() ?? .mine
        let limit = try q.int("limit", 1...500).get() ?? 100
        let now = core.clock.now()
        let soon = now.addingTimeInterval(dueSoonSeconds)
        let actor = principal.actor
        let scope = principal.scope
        struct Row {
            var complaint: Complaint
            var allowed: [Action]
            var tabs: Set<Tab>
        }
        let (rows, visits) = core.read { state -> ([Row], [VisitDue]) in
            let book = state.book
            let rows = book.complaintsInHand(within: scope).map { complaint -> Row in
                let allowed = book.allowedActions(for: complaint, actor: actor)
                var tabs: Set<Tab> = [.department]
                if complaint.handler == actor.id || allowed.contains(where: Self.steps.contains) { tabs.insert(.mine) }
                if let due = complaint.nextDueAt {
                    if due <= now { tabs.insert(.overdue) } else if due <= soon { tabs.insert(.dueSoon) }
                }
                return Row(complaint: complaint, allowed: allowed, tabs: tabs)
            }
            return (rows, book.visitsDue(before: now, within: scope))
        }
        var counts: [Tab: Int] = [.visits: visits.count]
        for row in rows { for tab in row.tabs { counts[tab, default: 0] += 1 } }
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.member("tab", tab.rawValue)
        w.memberObject("counts") { w in for t in Tab.allCases { w.member(named: t.rawValue, counts[t] ?? 0) } }
        w.member("dueSoonSeconds", Int(dueSoonSeconds))
        w.memberArray("items") { w in
            if tab == .visits {
                let byID = Dictionary(rows.map { ($0.complaint.id, $0) }, uniquingKeysWith: { a, _ in a })
                for visit in visits.sorted(by: { ($0.dueAt, $0.complaintID) < ($1.dueAt, $1.complaintID) }).prefix(limit) {
                    guard let row = byID[visit.complaintID] else { continue }
                    writeItem(row.complaint, row.allowed, now: now, visit: visit, into: &w)
                }
            } else {
                for row in rows.filter({ $0.tabs.contains(tab) }).sorted(by: { Self.urgency($0.complaint) < Self.urgency($1.complaint) }).prefix(
                    limit)
                {
                    writeItem(row.complaint, row.allowed, now: now, visit: nil, into: &w)
                }
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes, headers: [("Cache-Control", "no-store")])
    }

    /// Earliest unmet clock first (none: last), then the more severe, then the older, then the
    /// lower number (complaints received in the same instant keep one order from read to read).
    static func urgency(_ c: Complaint) -> (Double, Int, Double, Int) {
        let severity = c.severity == .major ? 0 : c.severity == .important ? 1 : 2
        return (c.nextDueAt?.timeIntervalSince1970 ?? .infinity, severity, c.receivedAt.timeIntervalSince1970, c.sequence)
    }

    private func writeItem(_ complaint: Complaint, _ allowed: [Action], now: Date, visit: VisitDue?, into w: inout JSONWriter) {
        var summary = JSONWriter(capacity: 640)
        ComplaintJSON.writeSummary(complaint, .init(allowedActions: allowed, now: now), into: &summary)
        var bytes = summary.bytes
        bytes.removeLast()  // the closing brace: append the queue's own members
        var extra = JSONWriter(capacity: 128)
        extra.beginObject()
        extra.member("nextDueAt", date: complaint.nextDueAt)
        if let visit {
            extra.memberObject("visit") { w in
                w.member("kind", visit.kind.rawValue)
                w.member("dueAt", date: visit.dueAt)
                w.member("attempts", visit.attempts)
            }
        }
        extra.endObject()
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: extra.bytes.dropFirst())
        w.rawValue(bytes)
    }
}
