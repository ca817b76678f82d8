import Foundation

// Payloads of the facts that watch over the workflow: clocks, upgrades, links, reminders, audit.

extension DomainEvent {
    /// A manager moved a deadline (超时审批).
    public struct DeadlineExtended: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The approving manager.
        public var actor: Actor
        /// The clock moved.
        public var clock: ClockKind
        /// The old due time.
        public var previousDueAt: Date
        /// The new due time.
        public var dueAt: Date
        /// Why.
        public var reason: String
    }

    /// A clock ran out unmet and the next level up was told.
    public struct Escalated: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When it fired.
        public var at: Date
        /// The scheduler.
        public var actor: Actor
        /// The clock.
        public var clock: ClockKind
        /// The missed due time.
        public var dueAt: Date
        /// How late, in seconds, when it fired.
        public var lateBySeconds: Double
        /// Who is told.
        public var notify: [Role]
        /// The department concerned, for routing the notice.
        public var department: Department?
    }

    /// The severity was raised outside the assessment.
    public struct Upgraded: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The scheduler or the staff member.
        public var actor: Actor
        /// Why.
        public var reason: UpgradeReason
        /// The severity before.
        public var from: Severity?
        /// The severity after.
        public var to: Severity
        /// Clocks recomputed for the new severity.
        public var clocks: [ArmedClock]
        /// The incident, for incident upgrades.
        public var incidentID: String?
        /// A remark.
        public var note: String?
    }

    /// The complaint was linked to an incident.
    public struct Linked: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who linked it.
        public var actor: Actor
        /// The incident.
        public var incidentID: String
    }

    /// The owner chased the complaint (催办).
    public struct Reminded: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The owner.
        public var actor: Actor
        /// The person to notify: the handler, or the first responsible person before dispatch.
        public var notifyActorID: String
        /// The department to notify, once dispatched.
        public var notifyDepartment: Department?
    }

    /// Someone read the complainant's unmasked contact (audit).
    public struct ContactViewed: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The reader.
        public var actor: Actor
    }

    /// Department head and leaders were told of a major complaint at once (001 I.6).
    public struct MajorNotified: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who made it major.
        public var actor: Actor
        /// Who is told.
        public var notify: [Role]
        /// The department concerned, if known.
        public var department: Department?
    }
}
