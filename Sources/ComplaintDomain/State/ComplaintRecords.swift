import Foundation

// The small value records a complaint accumulates as it moves through the workflow.

/// The person who complained and where they live (workflow.md §2).
public struct Complainant: Sendable, Hashable {
    /// The complainant's name.
    public var name: String
    /// A contact phone number; shown masked unless an audited read asks for it.
    public var phone: String
    /// The estate (project) the unit belongs to.
    public var estate: String
    /// The building within the estate.
    public var building: String
    /// The unit (room) number.
    public var unit: String

    /// Creates a complainant.
    public init(name: String, phone: String, estate: String, building: String, unit: String) {
        self.name = name
        self.phone = phone
        self.estate = estate
        self.building = building
        self.unit = unit
    }
}

/// A progress note from the department (004 四 过程沟通); public ones are shown to the owner.
public struct ProgressNote: Sendable, Hashable {
    /// What happened.
    public var text: String
    /// Whether the owner may see it.
    public var isPublic: Bool
    /// Who wrote it.
    public var by: String
    /// When it was written.
    public var at: Date
    /// Files of the complaint it shows (SHA-256 names).
    public var attachments: [String] = []
}

/// The department's result (004 五 内部反馈): measures taken, outcome and what remains.
public struct Resolution: Sendable, Hashable {
    /// The measures taken.
    public var measures: String
    /// The outcome.
    public var result: String
    /// What is left to do, if anything.
    public var remaining: String?
    /// Whether it was resolved on the spot at intake (当场解决).
    public var onSpot: Bool
    /// Who reported it; this person may not make the return visit.
    public var by: String
    /// When it was reported.
    public var at: Date
    /// Files of the complaint showing the result, such as the after-repair photo.
    public var attachments: [String] = []
}

/// A manager's approval of the result before the reply (001 VII).
public struct Approval: Sendable, Hashable {
    /// The approving manager.
    public var by: String
    /// When it was approved.
    public var at: Date
    /// An optional remark.
    public var note: String?
}

/// The reply given to the owner (001 VI.3), with its time recorded.
public struct Reply: Sendable, Hashable {
    /// When the owner was answered.
    public var at: Date
    /// Who answered.
    public var by: String
    /// What the owner was told.
    public var content: String
}

/// One return-visit attempt or follow-up visit (001 VIII, 004 六).
public struct VisitRecord: Sendable, Hashable {
    /// Whether the owner was reached.
    public var outcome: VisitOutcome
    /// The owner's answer to "is it solved?"; nil when unreachable.
    public var solved: Bool?
    /// The owner's answer to "are you satisfied?"; nil when unreachable.
    public var satisfied: Bool?
    /// How the visit was made.
    public var method: VisitMethod
    /// The number called, for phone visits.
    public var numberCalled: String?
    /// New demands raised by an unsatisfied owner.
    public var newDemands: String?
    /// A free remark.
    public var note: String?
    /// Whether this was the follow-up visit after a successful one.
    public var isFollowUp: Bool
    /// Who visited.
    public var by: String
    /// When.
    public var at: Date
}

/// A missed deadline that was escalated to the next level up.
public struct EscalationRecord: Sendable, Hashable {
    /// The clock that ran out.
    public var clock: ClockKind
    /// The deadline that was missed.
    public var dueAt: Date
    /// When the escalation fired.
    public var at: Date
    /// Who was told.
    public var notify: [Role]
}

/// A change of severity that did not come from the assessment.
public struct UpgradeRecord: Sendable, Hashable {
    /// Why the complaint was upgraded.
    public var reason: UpgradeReason
    /// The severity before (nil when not yet assessed).
    public var from: Severity?
    /// The severity after.
    public var to: Severity
    /// When.
    public var at: Date
    /// Who (the scheduler for automatic upgrades).
    public var by: String
}

/// The lessons recorded at closing (002 III(5)).
public struct ClosingSummary: Sendable, Hashable {
    /// Why the complaint arose.
    public var cause: String?
    /// What was learned.
    public var lessons: String?
    /// What will prevent it happening again.
    public var preventiveAction: String?

    /// Creates a summary.
    public init(cause: String? = nil, lessons: String? = nil, preventiveAction: String? = nil) {
        self.cause = cause
        self.lessons = lessons
        self.preventiveAction = preventiveAction
    }
}

/// One change of status: to what, by whom, when.
public struct Transition: Sendable, Hashable {
    /// The status entered.
    public var status: ComplaintStatus
    /// The actor id.
    public var by: String
    /// When.
    public var at: Date
}
