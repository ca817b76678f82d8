import Foundation

/// A fact about one complaint; the book is the fold of these.
///
/// Written flat (`DomainEvent+Writing.swift`): the payload's fields plus a `type` field holding
/// `typeName`, so a stored record reads as one JSON object and reads back to an equal value.
public indirect enum DomainEvent: Sendable, Hashable {
    /// See ``Registered``.
    case registered(Registered)
    /// See ``Assessed``.
    case assessed(Assessed)
    /// See ``Explained``.
    case explained(Explained)
    /// See ``Dispatched``.
    case dispatched(Dispatched)
    /// See ``Acknowledged``.
    case acknowledged(Acknowledged)
    /// See ``ProgressNoted``.
    case progressNoted(ProgressNoted)
    /// See ``Resolved``.
    case resolved(Resolved)
    /// See ``Approved``.
    case approved(Approved)
    /// See ``Replied``.
    case replied(Replied)
    /// See ``Visited``.
    case visited(Visited)
    /// See ``Reprocessed``.
    case reprocessed(Reprocessed)
    /// See ``Closed``.
    case closed(Closed)
    /// See ``DeadlineExtended``.
    case deadlineExtended(DeadlineExtended)
    /// See ``Escalated``.
    case escalated(Escalated)
    /// See ``Upgraded``.
    case upgraded(Upgraded)
    /// See ``Linked``.
    case linked(Linked)
    /// See ``Reminded``.
    case reminded(Reminded)
    /// See ``ContactViewed``.
    case contactViewed(ContactViewed)
    /// See ``MajorNotified``.
    case majorNotified(MajorNotified)
    /// See ``AttachmentsAdded``.
    case attachmentsAdded(AttachmentsAdded)
    /// See ``OpinionSigned``.
    case opinionSigned(OpinionSigned)
    /// See ``OwnerConfirmed``.
    case ownerConfirmed(OwnerConfirmed)

    /// The stored type name, e.g. "complaint.registered".
    public var typeName: String { Self.typeName(of: self) }

    /// The complaint (stream) the event belongs to.
    public var complaintID: String {
        switch self {
        case .registered(let e): return e.complaintID
        case .assessed(let e): return e.complaintID
        case .explained(let e): return e.complaintID
        case .dispatched(let e): return e.complaintID
        case .acknowledged(let e): return e.complaintID
        case .progressNoted(let e): return e.complaintID
        case .resolved(let e): return e.complaintID
        case .approved(let e): return e.complaintID
        case .replied(let e): return e.complaintID
        case .visited(let e): return e.complaintID
        case .reprocessed(let e): return e.complaintID
        case .closed(let e): return e.complaintID
        case .deadlineExtended(let e): return e.complaintID
        case .escalated(let e): return e.complaintID
        case .upgraded(let e): return e.complaintID
        case .linked(let e): return e.complaintID
        case .reminded(let e): return e.complaintID
        case .contactViewed(let e): return e.complaintID
        case .majorNotified(let e): return e.complaintID
        case .attachmentsAdded(let e): return e.complaintID
        case .opinionSigned(let e): return e.complaintID
        case .ownerConfirmed(let e): return e.complaintID
        }
    }

    /// When the fact happened. Each shared field has its own switch: one returning the three
    /// together copied the id and the actor with the time, a retain and a release each, several
    /// times per event of a replay.
    public var at: Date {
        switch self {
        case .registered(let e): return e.at
        case .assessed(let e): return e.at
        case .explained(let e): return e.at
        case .dispatched(let e): return e.at
        case .acknowledged(let e): return e.at
        case .progressNoted(let e): return e.at
        case .resolved(let e): return e.at
        case .approved(let e): return e.at
        case .replied(let e): return e.at
        case .visited(let e): return e.at
        case .reprocessed(let e): return e.at
        case .closed(let e): return e.at
        case .deadlineExtended(let e): return e.at
        case .escalated(let e): return e.at
        case .upgraded(let e): return e.at
        case .linked(let e): return e.at
        case .reminded(let e): return e.at
        case .contactViewed(let e): return e.at
        case .majorNotified(let e): return e.at
        case .attachmentsAdded(let e): return e.at
        case .opinionSigned(let e): return e.at
        case .ownerConfirmed(let e): return e.at
        }
    }

    /// Who caused it.
    public var actor: Actor {
        switch self {
        case .registered(let e): return e.actor
        case .assessed(let e): return e.actor
        case .explained(let e): return e.actor
        case .dispatched(let e): return e.actor
        case .acknowledged(let e): return e.actor
        case .progressNoted(let e): return e.actor
        case .resolved(let e): return e.actor
        case .approved(let e): return e.actor
        case .replied(let e): return e.actor
        case .visited(let e): return e.actor
        case .reprocessed(let e): return e.actor
        case .closed(let e): return e.actor
        case .deadlineExtended(let e): return e.actor
        case .escalated(let e): return e.actor
        case .upgraded(let e): return e.actor
        case .linked(let e): return e.actor
        case .reminded(let e): return e.actor
        case .contactViewed(let e): return e.actor
        case .majorNotified(let e): return e.actor
        case .attachmentsAdded(let e): return e.actor
        case .opinionSigned(let e): return e.actor
        case .ownerConfirmed(let e): return e.actor
        }
    }

    /// Every type name, in declaration order.
    public static let allTypeNames: [String] = [
        "complaint.registered",
        "complaint.assessed",
        "complaint.explained",
        "complaint.dispatched",
        "complaint.acknowledged",
        "complaint.progress_noted",
        "complaint.resolved",
        "complaint.approved",
        "complaint.replied",
        "complaint.visited",
        "complaint.reprocessed",
        "complaint.closed",
        "complaint.deadline_extended",
        "complaint.escalated",
        "complaint.upgraded",
        "complaint.linked",
        "complaint.reminded",
        "complaint.contact_viewed",
        "complaint.major_notified",
        "complaint.attachments_added",
        "complaint.opinion_signed",
        "complaint.owner_confirmed",
    ]

    private static func typeName(of event: DomainEvent) -> String {
        switch event {
        case .registered: return "complaint.registered"
        case .assessed: return "complaint.assessed"
        case .explained: return "complaint.explained"
        case .dispatched: return "complaint.dispatched"
        case .acknowledged: return "complaint.acknowledged"
        case .progressNoted: return "complaint.progress_noted"
        case .resolved: return "complaint.resolved"
        case .approved: return "complaint.approved"
        case .replied: return "complaint.replied"
        case .visited: return "complaint.visited"
        case .reprocessed: return "complaint.reprocessed"
        case .closed: return "complaint.closed"
        case .deadlineExtended: return "complaint.deadline_extended"
        case .escalated: return "complaint.escalated"
        case .upgraded: return "complaint.upgraded"
        case .linked: return "complaint.linked"
        case .reminded: return "complaint.reminded"
        case .contactViewed: return "complaint.contact_viewed"
        case .majorNotified: return "complaint.major_notified"
        case .attachmentsAdded: return "complaint.attachments_added"
        case .opinionSigned: return "complaint.opinion_signed"
        case .ownerConfirmed: return "complaint.owner_confirmed"
        }
    }
}

/// The fields every event payload shares.
protocol EventPayload {
    var complaintID: String { get }
    var at: Date { get }
    var actor: Actor { get }
}

extension DomainEvent.Registered: EventPayload {}
extension DomainEvent.Assessed: EventPayload {}
extension DomainEvent.Explained: EventPayload {}
extension DomainEvent.Dispatched: EventPayload {}
extension DomainEvent.Acknowledged: EventPayload {}
extension DomainEvent.ProgressNoted: EventPayload {}
extension DomainEvent.Resolved: EventPayload {}
extension DomainEvent.Approved: EventPayload {}
extension DomainEvent.Replied: EventPayload {}
extension DomainEvent.Visited: EventPayload {}
extension DomainEvent.Reprocessed: EventPayload {}
extension DomainEvent.Closed: EventPayload {}
extension DomainEvent.DeadlineExtended: EventPayload {}
extension DomainEvent.Escalated: EventPayload {}
extension DomainEvent.Upgraded: EventPayload {}
extension DomainEvent.Linked: EventPayload {}
extension DomainEvent.Reminded: EventPayload {}
extension DomainEvent.ContactViewed: EventPayload {}
extension DomainEvent.MajorNotified: EventPayload {}
extension DomainEvent.AttachmentsAdded: EventPayload {}
extension DomainEvent.OpinionSigned: EventPayload {}
extension DomainEvent.OwnerConfirmed: EventPayload {}

extension DomainEvent {
    /// The files an event adds to its complaint (only `attachmentsAdded` adds any).
    public var addedFiles: [AttachmentFile] {
        if case .attachmentsAdded(let e) = self { return e.files }
        return []
    }
}
