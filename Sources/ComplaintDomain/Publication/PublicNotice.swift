import Foundation

/// What may be announced publicly about a complaint (投诉公示, workflow.md §8, source 000 §6).
///
/// Built from a complaint but carrying no owner's name, phone or unit number.
public struct PublicNotice: Sendable, Codable, Hashable {
    /// The public id.
    public var complaintID: String
    /// When the complaint was accepted.
    public var receivedAt: Date
    /// The regional scope: estate and building, never the unit.
    public var scope: String
    /// The category of the matter.
    public var category: Department?
    /// The matter as told.
    public var matter: String
    /// The handling method (measures taken).
    public var handling: String?
    /// The result.
    public var result: String?
    /// Whether the return visit found the owner solved and satisfied.
    public var returnVisitSatisfied: Bool?
    /// The precautions taken so it does not happen again.
    public var precautions: String?
    /// The time limit that applied to the resolution.
    public var timeLimit: Date?
    /// The receptionist (first responsible person).
    public var receptionist: String
    /// The follow-up person (handler).
    public var followUpPerson: String?
    /// The department in charge.
    public var department: Department?

    /// Builds the notice of `complaint`; the matter is shown as recorded, so staff should keep
    /// personal details out of the content.
    public init(_ complaint: Complaint) {
        complaintID = complaint.id
        receivedAt = complaint.receivedAt
        scope = complaint.complainant.estate + " " + complaint.complainant.building
        category = complaint.category
        matter = complaint.content
        handling = complaint.resolution?.measures
        result = complaint.resolution?.result
        returnVisitSatisfied = complaint.visits.last { $0.outcome == .reachable && !$0.isFollowUp }
            .map { $0.solved == true && $0.satisfied == true }
        precautions = complaint.closing?.preventiveAction
        timeLimit = (complaint.deadlines[.resolve] ?? complaint.deadlines[.majorSettle])?.dueAt
        receptionist = complaint.receivedBy
        followUpPerson = complaint.handler
        department = complaint.department
    }
}

extension Complaint {
    /// The progress notes the owner may see, for the tracking-code view.
    public var publicProgressNotes: [ProgressNote] { progressNotes.filter(\.isPublic) }
}
