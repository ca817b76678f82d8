import Foundation

// Payloads of the facts from approval to closing (workflow.md §5.5-§6).

extension DomainEvent {
    /// A manager approved the result.
    public struct Approved: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The manager.
        public var actor: Actor
        /// A remark.
        public var note: String?
    }

    /// The owner was told the result.
    public struct Replied: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When the owner was answered.
        public var at: Date
        /// Who answered.
        public var actor: Actor
        /// What the owner was told.
        public var content: String
        /// The return-visit clock's due time.
        public var returnVisitDueAt: Date
    }

    /// A return visit (or follow-up visit) was made or attempted.
    public struct Visited: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who visited.
        public var actor: Actor
        /// Whether the owner was reached.
        public var outcome: VisitOutcome
        /// "Is it solved?"
        public var solved: Bool?
        /// "Are you satisfied?"
        public var satisfied: Bool?
        /// How the visit was made.
        public var method: VisitMethod
        /// The number called.
        public var numberCalled: String?
        /// New demands of an unsatisfied owner.
        public var newDemands: String?
        /// A remark.
        public var note: String?
        /// Whether this is the follow-up visit.
        public var isFollowUp: Bool
        /// When to try again, after an unreachable attempt.
        public var retryAt: Date?
        /// When the follow-up visit is due, after a successful one.
        public var followUpDueAt: Date?
    }

    /// An unsolved or unsatisfied complaint went back to the department (二次处理).
    public struct Reprocessed: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The visitor who recorded the new demands.
        public var actor: Actor
        /// The owner's new demands.
        public var newDemands: String?
        /// Set when a help or consulting complaint turns into dissatisfaction.
        public var reclassifiedTo: Nature?
        /// The resolution clocks re-armed from now.
        public var clocks: [ArmedClock]
        /// The 7-day upgrade, re-armed while still unresolved.
        public var autoUpgradeAt: Date?
    }

    /// The complaint was closed, with its summary.
    public struct Closed: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who closed it.
        public var actor: Actor
        /// Cause, lessons and preventive action.
        public var summary: ClosingSummary?
    }
}
