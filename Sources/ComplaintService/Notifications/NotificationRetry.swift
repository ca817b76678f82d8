import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

/// `notification.retried`: staff put a notification that had failed for good back in its
/// endpoint's queue for another round of attempts. Recorded, so a restart keeps the decision.
struct RetriedNotification: Sendable {
    var id: String
    var at: Date
    var by: String

    var json: [UInt8] {
        var w = JSONWriter(capacity: 96)
        w.beginObject()
        w.member("id", id); w.member("at", Milliseconds.of(at)); w.member("by", by)
        w.endObject()
        return w.bytes
    }

    static func read(_ bytes: [UInt8]) throws -> RetriedNotification {
        try JSONReader.withReader(bytes) { r in
            var id: String?, at: Date?, by = ""
            try r.readObject { key, r in
                switch key {
                case "id": id = try r.readString()
                case "at": at = Milliseconds.date(try NotificationRecordJSON.millis(&r))
                case "by": by = try r.readString()
                default: try r.skipValue()
                }
            }
            guard let id, let at else { throw r.missingMember("id and at") }
            return RetriedNotification(id: id, at: at, by: by)
        }
    }
}

extension NotificationRecordType {
    static let retried = "notification.retried"
}

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
            throw Refusal(Problems.forbidden("Your role may not retry notifications (allowed: \(roles.map(\.rawValue).sorted().joined(separator: ", ")))."))
        }
        let id = request.pathParameters["id"] ?? ""
        guard let outbox, let failed = outbox.list(failed: true).first(where: { $0.item.notification.id == id }),
              core.read({ $0.complaints.isVisible(id: failed.item.notification.facts.complaintID, to: principal.scope) }) else {
            throw Refusal(Problems.notFound("No failed notification \(id)."))
        }
        outbox.retry(id: id, by: principal.actor.id) { queued in
            later.respond(queued ? HTTPResponse(status: 202, contentType: "application/json", body: Array(#"{"status":"pending"}"#.utf8))
                                 : Problems.unavailable("The retry could not be recorded; try again.", retryAfterSeconds: 5))
        }
        return nil
    }
}
