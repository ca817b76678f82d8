import Digest
import Foundation

// The outbox's own records in the event log. They share the log with the domain events (the
// domain fold skips any type not starting with "complaint."), so a notification is durable
// before it is sent and survives a restart. Stream "notifications" never parses as a complaint.

/// What caused a notification.
public enum NotificationTrigger: String, Sendable, CaseIterable {
    /// A complaint judged or upgraded major: leaders and department heads are told at once.
    case major
    /// A clock missed its deadline.
    case escalation
    /// An automatic upgrade to major (seven days unresolved, many owners of one incident).
    case upgrade
    /// The owner chased the complaint.
    case reminder
}

/// The facts a message carries, as plain values (codes, not the domain's types): ids, workflow
/// state, place and a redacted excerpt — never the owner's name, phone or unit.
public struct NotificationFacts: Sendable, Hashable {
    /// The complaint id, e.g. `C2611-000001`.
    public var complaintID: String
    /// What caused the notice.
    public var trigger: NotificationTrigger
    /// When the triggering event happened.
    public var at: Date
    /// Role codes the workflow names for this notice (`supervisor`, `leader`…).
    public var roles: [String]
    /// The complaint's status code when the notice was made.
    public var status: String?
    /// Its severity code (`minor`, `important`, `major`).
    public var severity: String?
    /// Its category code (the owning department, `engineering`…).
    public var category: String?
    /// The department handling it.
    public var department: String?
    /// The estate.
    public var estate: String?
    /// The building.
    public var building: String?
    /// The start of the complaint text with personal data cut out (the announcement redaction).
    public var excerpt: String?
    /// Escalations: the missed clock's code.
    public var clock: String?
    /// Escalations: when the clock was due.
    public var dueAt: Date?
    /// Escalations: how late the clock fired, in seconds.
    public var lateBySeconds: Double?
    /// Upgrades: the reason code.
    public var reason: String?
    /// Ids of the people who must act now (the handler, or the first responsible person).
    public var mustAct: [String]

    /// Facts with the identifying fields; the rest are filled in by the caller.
    public init(complaintID: String, trigger: NotificationTrigger, at: Date, roles: [String], mustAct: [String] = []) {
        self.complaintID = complaintID
        self.trigger = trigger
        self.at = at
        self.roles = roles
        self.mustAct = mustAct
    }

    /// Major notices (and any notice about a major complaint) are never held in quiet hours.
    public var isMajor: Bool { trigger == .major || severity == "major" }
}

/// `notification.queued`: one message to one endpoint, recorded before any attempt.
public struct QueuedNotification: Sendable {
    /// The notification id (`ntf-…`), stable for one event and endpoint.
    public var id: String
    /// The endpoint's name.
    public var endpoint: String
    /// When it was queued.
    public var queuedAt: Date
    /// What it says.
    public var facts: NotificationFacts

    /// Makes a queued notification.
    public init(id: String, endpoint: String, queuedAt: Date, facts: NotificationFacts) {
        self.id = id
        self.endpoint = endpoint
        self.queuedAt = queuedAt
        self.facts = facts
    }
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
public enum NotificationRecordType {
    /// A notification recorded before any attempt.
    public static let queued = "notification.queued"
    /// A notification the endpoint accepted.
    public static let delivered = "notification.delivered"
    /// A failed attempt.
    public static let failed = "notification.failed"
    /// Staff sent a notification that had failed for good again (`POST /v1/notifications/{id}/retry`).
    public static let retried = "notification.retried"
    /// The stream every outbox record belongs to.
    public static let stream = "notifications"
    /// Every outbox record type.
    public static let all: Set<String> = [queued, delivered, failed, retried]
}

/// The stable id of the notice of one domain event to one endpoint: the same event always
/// yields the same id, so a receiver can de-duplicate and a re-derived notice is recognised.
func notificationID(for facts: NotificationFacts, endpoint: String) -> String {
    let millis = Int64((facts.at.timeIntervalSince1970 * 1000).rounded())
    let key = "\(facts.complaintID)|\(facts.trigger.rawValue)|\(millis)|\(facts.clock ?? "")|\(endpoint)"
    return "ntf-" + hexString(SHA256.hash(Array(key.utf8)).prefix(12))
}
