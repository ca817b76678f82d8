import Foundation
import JSONCodec

extension EventFields {
    /// The event of this `type`, built from the fields read; the first missing one is named.
    func event(at offset: Int) throws -> DomainEvent {
        func need<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw JSONError(.missingMember, at: offset, detail: "the event has no \(name)") }
            return value
        }
        guard let type else { throw JSONError(.missingMember, at: offset, detail: "the event has no type") }
        let id = try need(complaintID, "complaintId")
        let at = try need(self.at, "at")
        let actor = try need(self.actor, "actor")
        switch type {
        case "complaint.registered":
            return .registered(
                .init(
                    complaintID: id, at: at, actor: actor, sequence: try need(sequence, "sequence"),
                    trackingCode: try need(trackingCode, "trackingCode"), channel: try need(channel, "channel"),
                    complainant: try need(complainant, "complainant"), content: try need(content, "content"),
                    demands: demands, incidentTime: incidentTime, incidentPlace: incidentPlace, complaintObject: complaintObject,
                    category: category, incidentKey: incidentKey, incidentHint: incidentHint, requestedBy: requestedBy,
                    repeatOf: repeatOf, dispatchDueAt: try need(dispatchDueAt, "dispatchDueAt")))
        case "complaint.assessed":
            return .assessed(
                .init(
                    complaintID: id, at: at, actor: actor, severity: try need(severity, "severity"), nature: nature,
                    contentType: contentType, isUrgent: isUrgent ?? false, category: category, clocks: clocks ?? [],
                    autoUpgradeAt: autoUpgradeAt))
        case "complaint.explained":
            return .explained(
                .init(
                    complaintID: id, at: at, actor: actor, isValid: try need(isValid, "isValid"),
                    isInScope: try need(isInScope, "isInScope"), explanation: explanation ?? "", nature: nature, contentType: contentType))
        case "complaint.dispatched":
            return .dispatched(
                .init(
                    complaintID: id, at: at, actor: actor, department: try need(department, "department"),
                    handler: try need(handler, "handler"), note: note))
        case "complaint.acknowledged":
            return .acknowledged(.init(complaintID: id, at: at, actor: actor, note: note))
        case "complaint.progress_noted":
            return .progressNoted(
                .init(
                    complaintID: id, at: at, actor: actor, text: try need(text, "text"), isPublic: isPublic ?? false,
                    attachments: attachments ?? []))
        case "complaint.resolved":
            return .resolved(
                .init(
                    complaintID: id, at: at, actor: actor, measures: try need(measures, "measures"), result: try need(result, "result"),
                    remaining: remaining, onSpot: onSpot ?? false, replyDueAt: try need(replyDueAt, "replyDueAt"),
                    attachments: attachments ?? []))
        case "complaint.approved":
            return .approved(.init(complaintID: id, at: at, actor: actor, note: note))
        case "complaint.replied":
            return .replied(
                .init(
                    complaintID: id, at: at, actor: actor, content: try need(content, "content"),
                    returnVisitDueAt: try need(returnVisitDueAt, "returnVisitDueAt")))
        case "complaint.visited":
            return .visited(
                .init(
                    complaintID: id, at: at, actor: actor, outcome: try need(outcome, "outcome"), solved: solved, satisfied: satisfied,
                    method: try need(method, "method"), numberCalled: numberCalled, newDemands: newDemands, note: note,
                    isFollowUp: isFollowUp ?? false, retryAt: retryAt, followUpDueAt: followUpDueAt))
        case "complaint.reprocessed":
            return .reprocessed(
                .init(
                    complaintID: id, at: at, actor: actor, newDemands: newDemands, reclassifiedTo: reclassifiedTo,
                    clocks: clocks ?? [], autoUpgradeAt: autoUpgradeAt))
        case "complaint.closed":
            return .closed(.init(complaintID: id, at: at, actor: actor, summary: summary))
        case "complaint.deadline_extended":
            return .deadlineExtended(
                .init(
                    complaintID: id, at: at, actor: actor, clock: try need(clock, "clock"),
                    previousDueAt: try need(previousDueAt, "previousDueAt"), dueAt: try need(dueAt, "dueAt"),
                    reason: try need(reason, "reason")))
        case "complaint.escalated":
            return .escalated(
                .init(
                    complaintID: id, at: at, actor: actor, clock: try need(clock, "clock"), dueAt: try need(dueAt, "dueAt"),
                    lateBySeconds: lateBySeconds ?? 0, notify: notify ?? [], department: department))
        case "complaint.upgraded":
            guard let reasonName = reason, let upgradeReason = UpgradeReason(rawValue: reasonName) else {
                throw JSONError(.invalidValue, at: offset, detail: "the upgrade has no known reason")
            }
            return .upgraded(
                .init(
                    complaintID: id, at: at, actor: actor, reason: upgradeReason, from: from, to: try need(to, "to"),
                    clocks: clocks ?? [], incidentID: incidentID, note: note))
        case "complaint.linked":
            return .linked(.init(complaintID: id, at: at, actor: actor, incidentID: try need(incidentID, "incidentId")))
        case "complaint.reminded":
            return .reminded(
                .init(
                    complaintID: id, at: at, actor: actor, notifyActorID: try need(notifyActorID, "notifyActorId"),
                    notifyDepartment: notifyDepartment))
        case "complaint.contact_viewed":
            return .contactViewed(.init(complaintID: id, at: at, actor: actor))
        case "complaint.major_notified":
            return .majorNotified(.init(complaintID: id, at: at, actor: actor, notify: notify ?? [], department: department))
        case "complaint.attachments_added":
            return .attachmentsAdded(.init(complaintID: id, at: at, actor: actor, files: try need(files, "files"), note: note))
        case "complaint.opinion_signed":
            return .opinionSigned(.init(complaintID: id, at: at, actor: actor, text: try need(text, "text")))
        case "complaint.owner_confirmed":
            return .ownerConfirmed(
                .init(
                    complaintID: id, at: at, actor: actor, solved: try need(solved, "solved"), satisfied: try need(satisfied, "satisfied"),
                    comment: comment, signature: try need(signature, "signature")))
        default:
            throw JSONError(.invalidValue, at: offset, detail: "unknown event type \(type.string)")
        }
    }
}
