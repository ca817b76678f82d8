import Foundation

/// One owner's complaint: the state folded from its events.
///
/// Kept compact because a deployment holds millions in memory: fields every complaint uses
/// are stored inline, the rest live in one copy-on-write box allocated on first use, and lists
/// stay empty (which costs no allocation) until the workflow fills them.
public struct Complaint: Sendable, Hashable {
    /// The public id, e.g. "C2611-000123": month of receipt and the book-wide sequence.
    public var id: String
    /// The book-wide sequence number; orders complaints newest first.
    public var sequence: Int
    /// The code the owner uses to follow the complaint.
    public var trackingCode: String
    /// How it reached the company.
    public var channel: Channel
    /// Who complained and where they live.
    public var complainant: Complainant
    /// What happened, as told.
    public var content: String
    /// What the owner asks for; replaced by new demands when reprocessed.
    public var demands: String?
    /// The category (owning department), given at intake or assessment.
    public var category: Department?
    /// The incident this complaint belongs to (registration key or `link`).
    public var incidentID: String?
    /// The actor id of the first responsible person (首问责任人).
    public var receivedBy: String
    /// When it was received.
    public var receivedAt: Date
    /// When its latest event happened.
    public var updatedAt: Date
    /// Where it stands.
    public var status: ComplaintStatus = .received
    /// Number of events applied; the service's optimistic concurrency token.
    public var version: Int = 0
    /// Whether the assessment found it valid.
    public var isValid: Bool?
    /// Whether it is within the company's responsibility.
    public var isInScope: Bool?
    /// Its nature (002 I.1).
    public var nature: Nature?
    /// What it is about (002 I.2).
    public var contentType: ContentType?
    /// How serious it is.
    public var severity: Severity?
    /// Whether the emergency path applies (004 二).
    public var isUrgent: Bool = false
    /// The department handling it.
    public var department: Department?
    /// The handler assigned at dispatch.
    public var handler: String?
    /// The service-level clocks.
    public var deadlines: Deadlines = Deadlines()
    /// When the 7-day automatic upgrade is due, while armed.
    public var autoUpgradeAt: Date?
    /// Progress notes, oldest first.
    public var progressNotes: [ProgressNote] = []
    /// Every return-visit attempt and follow-up visit, oldest first.
    public var visits: [VisitRecord] = []
    /// How many times an unsatisfied owner sent it back (二次处理).
    public var reprocessCount: Int = 0
    /// Missed deadlines, in the order they fired.
    public var escalations: [EscalationRecord] = []
    /// Severity changes outside the assessment.
    public var upgrades: [UpgradeRecord] = []
    /// Every change of status after registration, with who and when.
    public var transitions: [Transition] = []
    /// The parts most complaints never fill (see `ComplaintExtras`); nil storage until one is set.
    var extras = ComplaintExtras.Storage()

    /// Creates a freshly received complaint.
    public init(
        id: String, sequence: Int, trackingCode: String, channel: Channel, complainant: Complainant,
        content: String, receivedBy: String, receivedAt: Date
    ) {
        self.id = id
        self.sequence = sequence
        self.trackingCode = trackingCode
        self.channel = channel
        self.complainant = complainant
        self.content = content
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
        self.updatedAt = receivedAt
    }
}

extension Complaint {
    /// When the complaint last entered `status`, if it did.
    public func enteredAt(_ status: ComplaintStatus) -> Date? {
        transitions.last { $0.status == status }?.at
    }

    /// When it was last dispatched.
    public var dispatchedAt: Date? { enteredAt(.dispatched) }
    /// When the latest result was reported.
    /// (Read in place: `resolution?.at` copied the whole resolution, strings and all, first.)
    public var resolvedAt: Date? { extras.box?.value.resolution?.at }
    /// When the owner was last answered.
    public var repliedAt: Date? { reply?.at }
    /// When it was closed.
    public var closedAt: Date? { enteredAt(.closed) }

    /// Whether any clock is past due and unmet at `now`.
    public func isOverdue(now: Date) -> Bool {
        guard status != .closed else { return false }
        return deadlines.entries.contains { $0.deadline.metAt == nil && $0.deadline.dueAt <= now }
    }

    /// Whether the actor did the work, and so may not judge it on the return visit.
    ///
    /// Covers the assigned handler and whoever took up or resolved it in any round, including
    /// a receptionist who resolved it on the spot.
    public func wasHandled(by actorID: String) -> Bool {
        handler == actorID || resolution?.by == actorID
            || transitions.contains { ($0.status == .inProgress || $0.status == .resolved) && $0.by == actorID }
    }

    /// Whether a successful visit should be followed up later (004 六: important, repeated, unsatisfied).
    var needsFollowUp: Bool {
        (severity ?? .minor) >= .important || reprocessCount > 0 || unsatisfiedCount > 0 || repeatOf != nil
    }
}
