import Foundation
import JSONCodec
import Telemetry

/// The generic webhook's JSON: the id to de-duplicate on, the worded text, and the facts of
/// each notification as codes and UTC times, for a ticketing system to act on.
enum WebhookBody {
    static func make(
        _ message: NotificationMessage, content: NoticeContent, settings: NotificationSettings,
        language: NotificationLanguage, now: Date
    ) -> [UInt8] {
        var w = JSONWriter(capacity: 1024 + 512 * message.items.count)
        w.beginObject()
        w.member("id", message.id)
        w.member("endpoint", message.endpoint)
        w.member("digest", message.isDigest)
        w.member("heldOver", message.heldOver)
        w.member("language", language.rawValue)
        w.member("sentAt", iso8601(now))
        w.member("title", content.title)
        w.member("text", content.plainText)
        w.memberArray("notifications") { w in
            for item in message.items {
                let f = item.facts
                w.beginObject()
                w.member("notificationId", item.id)
                w.member("complaintId", f.complaintID)
                w.member("trigger", f.trigger.rawValue)
                w.member("at", iso8601(f.at))
                w.key("roles")
                w.array { w in for role in f.roles { w.string(role) } }
                w.memberIfPresent("status", f.status)
                w.memberIfPresent("severity", f.severity)
                w.memberIfPresent("category", f.category)
                w.memberIfPresent("department", f.department)
                w.memberIfPresent("estate", f.estate)
                w.memberIfPresent("building", f.building)
                w.memberIfPresent("excerpt", f.excerpt)
                w.memberIfPresent("clock", f.clock)
                w.memberIfPresent("dueAt", f.dueAt.map(iso8601))
                if let late = f.lateBySeconds, late.isFinite { w.member("lateBySeconds", late.rounded()) }
                w.memberIfPresent("reason", f.reason)
                w.key("mustAct")
                w.array { w in for id in f.mustAct { w.string(id) } }
                w.memberIfPresent("url", settings.consoleLink(f.complaintID))
                w.endObject()
            }
        }
        w.endObject()
        return w.bytes
    }

    /// RFC 3339 UTC with milliseconds, the same writer as the API's (total, four-digit years).
    static func iso8601(_ date: Date) -> String {
        Timestamp.iso8601(millisecondsSinceEpoch: Timestamp.milliseconds(fromSeconds: date.timeIntervalSince1970))
    }
}
