import ComplaintDomain
import Foundation

extension NotificationFacts {
    /// The notice a domain event calls for, or nil. Only public facts of the complaint are
    /// copied: status, severity, department, estate and building (never name, phone or unit).
    static func make(for event: DomainEvent, complaint: Complaint?) -> NotificationFacts? {
        var facts: NotificationFacts
        switch event {
        case .majorNotified(let e):
            facts = NotificationFacts(complaintID: e.complaintID, trigger: .major, at: e.at, roles: e.notify)
            facts.department = e.department?.rawValue
        case .escalated(let e):
            facts = NotificationFacts(complaintID: e.complaintID, trigger: .escalation, at: e.at, roles: e.notify)
            facts.department = e.department?.rawValue
            facts.clock = e.clock.rawValue
            facts.dueAt = e.dueAt
            facts.lateBySeconds = e.lateBySeconds
        case .upgraded(let e) where e.reason != .staff:
            // Automatic upgrades (7 days unresolved, incident owners) go to those who answer for them.
            facts = NotificationFacts(complaintID: e.complaintID, trigger: .upgrade, at: e.at, roles: [.department_head, .manager, .leader])
            facts.reason = e.reason.rawValue
            facts.severity = e.to.rawValue
        case .reminded(let e):
            facts = NotificationFacts(complaintID: e.complaintID, trigger: .reminder, at: e.at,
                                      roles: [e.notifyDepartment == nil ? .receptionist : .handler])
            facts.department = e.notifyDepartment?.rawValue
        default:
            return nil
        }
        if let complaint {
            facts.status = complaint.status.rawValue
            facts.severity = facts.severity ?? complaint.severity?.rawValue
            facts.department = facts.department ?? complaint.department?.rawValue
            facts.estate = complaint.complainant.estate.isEmpty ? nil : complaint.complainant.estate
            facts.building = complaint.complainant.building.isEmpty ? nil : complaint.complainant.building
        }
        return facts
    }

    /// Stored type names of the events that may notify (to pick them out of the log cheaply).
    static let triggerTypes: Set<String> = ["complaint.major_notified", "complaint.escalated", "complaint.upgraded", "complaint.reminded"]
}
