import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec
import Notifications

/// `GET /v1/notifications?status=pending|failed`: what did not get through, for staff.
/// A reader sees the notices of the complaints in their scope only.
struct NotificationsAPI: Sendable {
    let outbox: NotificationOutbox?
    let auth: Authenticator
    let core: ComplaintCore

    func list(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let scope: AccessScope
        switch auth.reader(request, reading: "notifications") {
        case .success(let principal): scope = principal.scope
        case .failure(let refusal): return refusal.response
        }
        guard let q = QueryReader(request) else { return Problems.badRequest(Message(.queryMalformed)) }
        if let refusal = q.unknownParameter(["status", "limit", "cursor"]) { return refusal }
        let paging: Paging
        do { paging = try Paging(q) } catch let refusal as Refusal { return refusal.response } catch {
            return Problems.badRequest(Message(.queryMalformed))
        }
        let status = q.string("status") ?? "pending"
        guard status == "pending" || status == "failed" else {
            return Problems.invalidParameter("status", Message(.expectedOneOf, ["values": .text("pending, failed")]))
        }
        let all = outbox?.list(failed: status == "failed") ?? []
        let rows = scope.isUnlimited ? all : core.read { state in all.filter { state.complaints.isVisible(id: $0.complaintID, to: scope) } }
        // Oldest first, a page at a time like every list (a failing endpoint may pile up many).
        let (page, next) = paging.page(rows) { (Milliseconds.of($0.queuedAt), $0.id) }
        var w = JSONWriter(capacity: 200 * max(1, page.count))
        w.beginObject()
        w.memberArray("items") { w in
            for row in page {
                w.beginObject()
                w.member("id", row.id)
                w.member("complaintId", row.complaintID)
                w.member("trigger", row.trigger.rawValue)
                w.member("endpoint", row.endpoint)
                w.member("status", row.isFailed ? "failed" : "pending")
                w.member("attempts", row.attempts)
                w.member("lastError", row.lastError)
                w.member("queuedAt", date: row.queuedAt)
                w.member("nextAttemptAt", date: row.nextAttemptAt)
                w.endObject()
            }
        }
        w.member("nextCursor", next)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }
}
