import Foundation

// One payload per fact. Every payload starts with the same three fields (complaintID, at, actor);
// deadlines are computed when deciding and carried in the event, so a replay under a changed
// policy reproduces exactly the clocks that were promised at the time.

/// A clock armed by an event, with its due time.
public struct ArmedClock: Sendable, Hashable {
    /// Which clock.
    public var kind: ClockKind
    /// When it is due.
    public var dueAt: Date
}

extension DomainEvent {
    /// A complaint was received and registered (受理登记).
    public struct Registered: Sendable, Hashable {
        /// The new complaint's id.
        public var complaintID: String
        /// When it was received.
        public var at: Date
        /// The first responsible person (or intake client).
        public var actor: Actor
        /// The book-wide sequence number.
        public var sequence: Int
        /// The owner's tracking code.
        public var trackingCode: String
        /// How it reached the company.
        public var channel: Channel
        /// Who complained.
        public var complainant: Complainant
        /// What happened.
        public var content: String
        /// What the owner asks for.
        public var demands: String?
        /// When the incident happened.
        public var incidentTime: Date?
        /// Where the incident happened.
        public var incidentPlace: String?
        /// Whom or what the complaint is about.
        public var complaintObject: String?
        /// The category given at intake.
        public var category: Department?
        /// The incident key given by staff at intake: a confirmed link that counts towards an
        /// incident's owners (a key from an `intake` client in an older log is only a hint).
        public var incidentKey: String?
        /// An incident key suggested by an `intake` client (a public front end): shown to staff,
        /// who confirm it with `link`; it never counts towards an incident's owners.
        public var incidentHint: String? = nil
        /// The owner's requested time.
        public var requestedBy: Date?
        /// An earlier complaint at the same unit and category within the repeat window.
        public var repeatOf: String?
        /// The dispatch clock's due time.
        public var dispatchDueAt: Date
    }

    /// The complaint was judged valid and in scope, with a severity (判断定性).
    public struct Assessed: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The director or manager.
        public var actor: Actor
        /// The severity decided (never lower than an earlier upgrade).
        public var severity: Severity
        /// The nature, if judged.
        public var nature: Nature?
        /// The content type, if judged.
        public var contentType: ContentType?
        /// Whether the emergency path applies.
        public var isUrgent: Bool
        /// The category, if set or changed.
        public var category: Department?
        /// The clocks armed by the assessment.
        public var clocks: [ArmedClock]
        /// When the 7-day upgrade is due, unless already major.
        public var autoUpgradeAt: Date?
    }

    /// The complaint was judged invalid or out of scope and explained to the owner.
    public struct Explained: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The director or manager.
        public var actor: Actor
        /// Whether it was valid.
        public var isValid: Bool
        /// Whether it was in scope.
        public var isInScope: Bool
        /// The explanation (and advice) given.
        public var explanation: String
        /// The nature, if judged.
        public var nature: Nature?
        /// The content type, if judged.
        public var contentType: ContentType?
    }

    /// The complaint was handed over to a department and handler (派单).
    public struct Dispatched: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who dispatched.
        public var actor: Actor
        /// The department.
        public var department: Department
        /// The handler's id.
        public var handler: String
        /// The handling opinion.
        public var note: String?
    }

    /// The department confirmed it took the work (跟踪确认).
    public struct Acknowledged: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The handler or department head.
        public var actor: Actor
        /// A remark.
        public var note: String?
    }

    /// The department posted progress (过程沟通).
    public struct ProgressNoted: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who wrote it.
        public var actor: Actor
        /// The note.
        public var text: String
        /// Whether the owner may see it.
        public var isPublic: Bool
        /// Files of the complaint the note shows (SHA-256 names).
        public var attachments: [String] = []
    }

    /// The department reported its result, or it was resolved on the spot at intake.
    public struct Resolved: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who reported it.
        public var actor: Actor
        /// The measures taken.
        public var measures: String
        /// The outcome.
        public var result: String
        /// What remains.
        public var remaining: String?
        /// Whether it was resolved on the spot at intake.
        public var onSpot: Bool
        /// The reply clock: the end of the local day of resolution.
        public var replyDueAt: Date
        /// Files of the complaint showing the result, such as the after-repair photo.
        public var attachments: [String] = []
    }
}
