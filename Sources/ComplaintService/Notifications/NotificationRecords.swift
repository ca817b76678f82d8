import ComplaintDomain
import Digest
import Foundation

// The outbox's own records in the event log. They share the log with the domain events (the
// domain fold skips any type not starting with "complaint."), so a notification is durable
// before it is sent and survives a restart. Stream "notifications" never parses as a complaint.

/// What caused a notification.
enum NotificationTrigger: String, Sendable, CaseIterable {
    case major, escalation, upgrade, reminder
}

/// The facts a message carries: ids, workflow state and place, never the owner's name, phone or unit.
struct NotificationFacts: Sendable, Hashable {
    var complaintID: String
    var trigger: NotificationTrigger
    /// When the triggering event happened.
    var at: Date
    /// Roles the workflow names for this notice.
    var roles: [Role]
    var status: String?
    var severity: String?
    var department: String?
    var estate: String?
    var building: String?
    /// Escalations: the missed clock, its due time and how late it fired.
    var clock: String?
    var dueAt: Date?
    var lateBySeconds: Double?
    /// Upgrades: why.
    var reason: String?
}

/// `notification.queued`: one message to one endpoint, recorded before any attempt.
struct QueuedNotification: Sendable {
    var id: String
    var endpoint: String
    var queuedAt: Date
    var facts: NotificationFacts
}

/// `notification.delivered`: the endpoint accepted it (alone or inside digest `digestID`).
struct DeliveredNotification: Sendable {
    var id: String
    var at: Date
    var attempts: Int
    var digestID: String?
}

/// `notification.failed`: one failed attempt; `final` when no attempt follows.
struct FailedNotification: Sendable {
    var id: String
    var at: Date
    var attempts: Int
    var error: String
    var nextAttemptAt: Date?
    var final: Bool
}

/// Record type names (their JSON: `NotificationRecords+JSON.swift`).
enum NotificationRecordType {
    static let queued = "notification.queued"
    static let delivered = "notification.delivered"
    static let failed = "notification.failed"
    static let stream = "notifications"
}

/// The stable id of the notice of one domain event to one endpoint: the same event always
/// yields the same id, so a receiver can de-duplicate and a re-derived notice is recognised.
func notificationID(for facts: NotificationFacts, endpoint: String) -> String {
    let millis = Int64((facts.at.timeIntervalSince1970 * 1000).rounded())
    let key = "\(facts.complaintID)|\(facts.trigger.rawValue)|\(millis)|\(facts.clock ?? "")|\(endpoint)"
    return "ntf-" + hexString(SHA256.hash(Array(key.utf8)).prefix(12))
}
