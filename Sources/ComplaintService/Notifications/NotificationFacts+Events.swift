import ComplaintDomain
import Foundation
import Notifications

extension NotificationFacts {
    /// The notice a domain event calls for, or nil. Only public facts of the complaint are
    /// copied — status, severity, category, department, estate, building and the start of its
    /// text with personal data cut out by the announcement redaction — never name, phone or unit.
    static func make(for event: DomainEvent, complaint: Complaint?) -> NotificationFacts? {
        var facts: NotificationFacts
        switch event {
        case .majorNotified(let e):
            facts = NotificationFacts(complaintID: e.complaintID, trigger: .major, at: e.at, roles: e.notify.map(\.rawValue))
            facts.department = e.department?.rawValue
        case .escalated(let e):
            facts = NotificationFacts(complaintID: e.complaintID, trigger: .escalation, at: e.at, roles: e.notify.map(\.rawValue))
            facts.department = e.department?.rawValue
            facts.clock = e.clock.rawValue
            facts.dueAt = e.dueAt
            facts.lateBySeconds = e.lateBySeconds
        case .upgraded(let e) where e.reason != .staff:
            // Automatic upgrades (7 days unresolved, incident owners) go to those who answer for them.
            facts = NotificationFacts(
                complaintID: e.complaintID, trigger: .upgrade, at: e.at,
                roles: [Role.departmentHead, .manager, .leader].map(\.rawValue))
            facts.reason = e.reason.rawValue
            facts.severity = e.to.rawValue
        case .reminded(let e):
            facts = NotificationFacts(
                complaintID: e.complaintID, trigger: .reminder, at: e.at,
                roles: [e.notifyDepartment == nil ? Role.receptionist.rawValue : Role.handler.rawValue],
                mustAct: [e.notifyActorID])
            facts.department = e.notifyDepartment?.rawValue
        default:
            return nil
        }
        if let complaint {
            facts.status = complaint.status.rawValue
            facts.severity = facts.severity ?? complaint.severity?.rawValue
            facts.category = complaint.category?.rawValue
            facts.department = facts.department ?? complaint.department?.rawValue
            facts.estate = complaint.complainant.estate.isEmpty ? nil : complaint.complainant.estate
            facts.building = complaint.complainant.building.isEmpty ? nil : complaint.complainant.building
            facts.excerpt = excerpt(of: complaint)
            if facts.mustAct.isEmpty { facts.mustAct = mustAct(complaint, clock: facts.clock) }
        }
        return facts
    }

    /// The start of the complaint's text as the public announcement would show it.
    static func excerpt(of complaint: Complaint) -> String {
        // Redact a little more than is shown, so a number cut in half is still recognised.
        let head = String(complaint.content.prefix(200))
        return String(PublicRedaction.redact(head, complainant: complaint.complainant).prefix(80))
    }

    /// Who holds the complaint now: the handler once it is dispatched (for the resolve and major
    /// clocks), otherwise the first responsible person (首问责任人), who dispatches, replies and visits.
    static func mustAct(_ complaint: Complaint, clock: String?) -> [String] {
        let handlerClocks: Set<String> = [ClockKind.resolve.rawValue, ClockKind.majorAnswer.rawValue, ClockKind.majorSettle.rawValue]
        if let handler = complaint.handler {
            if let clock { if handlerClocks.contains(clock) { return [handler] } } else if complaint.status.isUnresolved { return [handler] }
        }
        return complaint.receivedBy.isEmpty ? [] : [complaint.receivedBy]
    }

    /// Stored type names of the events that may notify (to pick them out of the log cheaply).
    static let triggerTypes: Set<String> = ["complaint.major_notified", "complaint.escalated", "complaint.upgraded", "complaint.reminded"]
}
