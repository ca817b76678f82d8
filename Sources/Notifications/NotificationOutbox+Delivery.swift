import Foundation
import JSONCodec
import Telemetry

extension NotificationOutbox {
    /// Sends one message (its requests in order), then records the outcome of each member.
    func deliver(_ items: [PendingNotification], to endpoint: NotificationEndpoint, heldOver: Bool) {
        let message = NotificationMessage(endpoint: endpoint.name, items: items.map(\.notification), heldOver: heldOver)
        let requests = PlatformRequest.make(message, to: endpoint, settings: settings, now: now())
        var error: String?
        for (index, request) in requests.enumerated() {
            if index > 0 { state.withLock { $0.queues[endpoint.name]?.countExtraRequest(at: now()) } }
            do {
                let response = try transport.send(request, timeoutSeconds: settings.timeoutSeconds)
                error = PlatformResponse.problem(response, kind: endpoint.kind)
            } catch let failure {
                error = failure.description
            }
            if error != nil { break }
        }
        let time = now()
        let ids = items.map(\.notification.id)
        var records: [JournalRecord] = []
        if let error {
            let givenUp = state.withLock { state in
                let given = state.queues[endpoint.name]?.failed(ids, error: error, now: time, settings: settings) ?? []
                for item in given { state.failed[item.notification.id] = item }
                state.givenUp += given.count
                state.retried += ids.count - given.count
                return Set(given.map(\.notification.id))
            }
            let queue = state.withLock { $0.queues[endpoint.name] }
            for item in items {
                let id = item.notification.id
                let final = givenUp.contains(id)
                let failure = FailedNotification(
                    id: id, at: time, attempts: item.attempts + 1, error: error,
                    nextAttemptAt: final ? nil : queue?.items[id]?.nextAttemptAt, final: final)
                records.append(JournalRecord(type: NotificationRecordType.failed, payload: failure.json))
            }
            log.warn(
                "notification not delivered",
                [
                    ("id", .string(message.id)), ("endpoint", .string(endpoint.name)),
                    ("error", .string(error)),
                ])
        } else {
            state.withLock { state in
                state.queues[endpoint.name]?.delivered(ids)
                state.delivered += ids.count
            }
            for item in items {
                let done = DeliveredNotification(
                    id: item.notification.id, at: time, attempts: item.attempts + 1,
                    digestID: message.isDigest ? message.id : nil)
                records.append(JournalRecord(type: NotificationRecordType.delivered, payload: done.json))
            }
        }
        // The outcome is recorded after the attempt; if it is lost, a restart sends again (at least once).
        journal.append(records) { _ in }
    }

    // MARK: reading

    /// A row of `GET /v1/notifications`.
    public struct Row: Sendable {
        /// The notification id.
        public var id: String
        /// The complaint it is about.
        public var complaintID: String
        /// What caused it.
        public var trigger: NotificationTrigger
        /// The endpoint's name.
        public var endpoint: String
        /// Given up (true) or still pending.
        public var isFailed: Bool
        /// Attempts made.
        public var attempts: Int
        /// Why the last attempt failed.
        public var lastError: String?
        /// When it was queued.
        public var queuedAt: Date
        /// When it is tried next (pending only).
        public var nextAttemptAt: Date?
    }

    /// Pending (queued, retrying) or failed notifications, oldest first.
    public func list(failed: Bool) -> [Row] {
        state.withLock { state in
            let items = failed ? Array(state.failed.values) : state.queues.values.flatMap { $0.items.values }
            return items.sorted { ($0.notification.queuedAt, $0.notification.id) < ($1.notification.queuedAt, $1.notification.id) }
                .map { item in
                    Row(
                        id: item.notification.id, complaintID: item.notification.facts.complaintID, trigger: item.notification.facts.trigger,
                        endpoint: item.notification.endpoint, isFailed: failed, attempts: item.attempts, lastError: item.lastError,
                        queuedAt: item.notification.queuedAt, nextAttemptAt: failed ? nil : item.nextAttemptAt)
                }
        }
    }

    /// Appends the notification metrics.
    public func render(into text: inout PrometheusText) {
        let (pending, delivered, retried, givenUp) = state.withLock { state in
            (state.queues.values.reduce(0) { $0 + $1.items.count }, state.delivered, state.retried, state.givenUp)
        }
        text.declare("notifications_pending", type: "gauge", help: "Notifications recorded and not yet delivered or given up.")
        text.sample("notifications_pending", [], Double(pending))
        text.declare("notification_deliveries_total", type: "counter", help: "Delivery attempts per notification by outcome since start.")
        text.sample("notification_deliveries_total", [("outcome", "delivered")], Double(delivered))
        text.sample("notification_deliveries_total", [("outcome", "retry")], Double(retried))
        text.sample("notification_deliveries_total", [("outcome", "failed")], Double(givenUp))
    }
}

/// Judges an endpoint's answer: 2xx, and for robots an `errcode`/`code` of 0 in the body.
enum PlatformResponse {
    /// Nil when delivered; otherwise why not.
    static func problem(_ response: ClientResponse, kind: NotificationEndpoint.Kind) -> String? {
        guard (200..<300).contains(response.status) else { return "HTTP \(response.status)" }
        guard kind != .webhook, let object = try? JSONValue(parsing: response.body) else { return nil }
        guard case .number(let code)? = object["errcode"] ?? object["code"] ?? object["StatusCode"], code.text != "0" else { return nil }
        let reason = (object["errmsg"] ?? object["msg"] ?? object["StatusMessage"])?.stringValue ?? ""
        return "error code \(code.text): \(reason)"
    }
}
