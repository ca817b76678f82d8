import Foundation
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
        w.member("id", id)
        w.member("at", Milliseconds.of(at))
        w.member("by", by)
        w.endObject()
        return w.bytes
    }

    static func read(_ bytes: [UInt8]) throws -> RetriedNotification {
        try JSONReader.withReader(bytes) { r in
            var id: String?
            var at: Date?
            var by = ""
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

extension NotificationOutbox {
    /// Puts a notification that failed for good back in its endpoint's queue (attempts start
    /// again) once `notification.retried` is durable; `completion(false)` when it is not failed
    /// or the record could not be written.
    public func retry(id: String, by actor: String, completion: @escaping @Sendable (Bool) -> Void) {
        guard state.withLock({ $0.failed[id] != nil }) else {
            completion(false)
            return
        }
        let record = RetriedNotification(id: id, at: now(), by: actor)
        journal.append([JournalRecord(type: NotificationRecordType.retried, payload: record.json)]) { [self] result in
            guard case .success = result else {
                completion(false)
                return
            }
            let endpoint = state.withLock { state -> String? in
                guard let item = state.failed.removeValue(forKey: id) else { return nil }
                state.queues[item.notification.endpoint]?.enqueue(item.notification, nextAttemptAt: record.at)
                return item.notification.endpoint
            }
            if let endpoint { wakeups[endpoint]?.signal() }
            completion(endpoint != nil)
        }
    }
}
