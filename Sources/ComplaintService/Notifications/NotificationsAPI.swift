import ComplaintDomain
import Foundation
import JSONCodec
import HTTP1

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
        guard let q = QueryReader(request) else { return Problems.badRequest("The query string has a malformed percent-encoding.") }
        if let refusal = q.unknownParameter(["status"]) { return refusal }
        let status = q.string("status") ?? "pending"
        guard status == "pending" || status == "failed" else { return Problems.invalidParameter("status", "expected one of pending, failed") }
        let all = outbox?.list(failed: status == "failed") ?? []
        let rows = scope.isUnlimited ? all
            : core.read { state in all.filter { state.complaints.isVisible(id: $0.item.notification.facts.complaintID, to: scope) } }
        var w = JSONWriter(capacity: 200 * max(1, rows.count))
        w.beginObject()
        w.memberArray("items") { w in
            for row in rows {
                let item = row.item
                w.beginObject()
                w.member("id", item.notification.id)
                w.member("complaintId", item.notification.facts.complaintID)
                w.member("trigger", item.notification.facts.trigger.rawValue)
                w.member("endpoint", item.notification.endpoint)
                w.member("status", row.isFailed ? "failed" : "pending")
                w.member("attempts", item.attempts)
                w.member("lastError", item.lastError)
                w.member("queuedAt", date: item.notification.queuedAt)
                w.member("nextAttemptAt", date: row.isFailed ? nil : item.nextAttemptAt)
                w.endObject()
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }
}
