import ComplaintDomain
import Foundation
import HTTP1
import Notifications

/// `POST /v1/notifications/{id}/retry`: sends a failed notification again (supervisors, managers
/// and admins — `notifications.retryRoles` — within their scope; 404 for one outside it or not failed).
struct NotificationRetryAPI: Sendable {
    let outbox: NotificationOutbox?
    let auth: Authenticator
    let core: ComplaintCore
    let roles: Set<Role>

    func retry(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.caller(request)
        guard roles.contains(principal.actor.role) else {
            throw Refusal(Problems.forbidden(Message(.retryRoleForbidden, ["roles": .list(roles.map(\.rawValue).sorted().map { .code(.role, $0) })])))
        }
        let id = request.pathParameters["id"] ?? ""
        guard let outbox, let failed = outbox.list(failed: true).first(where: { $0.id == id }),
            core.read({ $0.complaints.isVisible(id: failed.complaintID, to: principal.scope) })
        else {
            throw Refusal(Problems.notFound(Message(.failedNotificationMissing, ["id": .text(id)])))
        }
        outbox.retry(id: id, by: principal.actor.id) { queued in
            later.respond(
                queued
                    ? HTTPResponse(status: 202, contentType: "application/json", body: Array(#"{"status":"pending"}"#.utf8))
                    : Problems.unavailable(Message(.retryNotRecorded), retryAfterSeconds: 5))
        }
        return nil
    }
}
