import Foundation
import JSONCodec

extension EventFields {
    /// The event of this `type`, built from the fields read; the first missing one is named.
    ///
    /// The fields are moved out (`take()`), so each string and array goes into the event without
    /// a retain here and a release when the fields are dropped (13 % of the replay's reading thread
    /// went to copying the fields into the event and destroying them).
    mutating func event(at offset: Int) throws -> DomainEvent {
        func need<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw JSONError(.missingMember, at: offset, detail: "the event has no \(name)") }
            return value
        }
        guard let type else { throw JSONError(.missingMember, at: offset, detail: "the event has no type") }
        let id = try need(complaintID.take(), "complaintId")
        let at = try need(self.at.take(), "at")
        let actor = try need(self.actor.take(), "actor")
        switch type {
        case "complaint.registered":
            return .registered(
                .init(
                    complaintID: id, at: at, actor: actor, sequence: try need(sequence.take(), "sequence"),
                    trackingCode: try need(trackingCode.take(), "trackingCode"), channel: try need(channel.take(), "channel"),
                    complainant: try need(complainant.take(), "complainant"), content: try need(content.take(), "content"),
                    demands: demands.take(), incidentTime: incidentTime.take(), incidentPlace: incidentPlace.take(),
                    complaintObject: complaintObject.take(),
                    category: category.take(), incidentKey: incidentKey.take(), incidentHint: incidentHint.take(), requestedBy: requestedBy.take(),
                    repeatOf: repeatOf.take(), dispatchDueAt: try need(dispatchDueAt.take(), "dispatchDueAt")))
        case "complaint.assessed":
            return .assessed(
                .init(
                    complaintID: id, at: at, actor: actor, severity: try need(severity.take(), "severity"), nature: nature.take(),
                    contentType: contentType.take(), isUrgent: isUrgent.take() ?? false, category: category.take(), clocks: clocks.take() ?? [],
                    autoUpgradeAt: autoUpgradeAt.take()))
        case "complaint.explained":
            return .explained(
                .init(
                    complaintID: id, at: at, actor: actor, isValid: try need(isValid.take(), "isValid"),
                    isInScope: try need(isInScope.take(), "isInScope"), explanation: explanation.take() ?? "", nature: nature.take(),
                    contentType: contentType.take()))
        case "complaint.dispatched":
            return .dispatched(
                .init(
                    complaintID: id, at: at, actor: actor, department: try need(department.take(), "department"),
                    handler: try need(handler.take(), "handler"), note: note.take()))
        case "complaint.acknowledged":
            return .acknowledged(.init(complaintID: id, at: at, actor: actor, note: note.take()))
        case "complaint.progress_noted":
            return .progressNoted(
                .init(
                    complaintID: id, at: at, actor: actor, text: try need(text.take(), "text"), isPublic: isPublic.take() ?? false,
                    attachments: attachments.take() ?? []))
        case "complaint.resolved":
            return .resolved(
                .init(
                    complaintID: id, at: at, actor: actor, measures: try need(measures.take(), "measures"), result: try need(result.take(), "result"),
                    remaining: remaining.take(), onSpot: onSpot.take() ?? false, replyDueAt: try need(replyDueAt.take(), "replyDueAt"),
                    attachments: attachments.take() ?? []))
        case "complaint.approved":
            return .approved(.init(complaintID: id, at: at, actor: actor, note: note.take()))
        case "complaint.replied":
            return .replied(
                .init(
                    complaintID: id, at: at, actor: actor, content: try need(content.take(), "content"),
                    returnVisitDueAt: try need(returnVisitDueAt.take(), "returnVisitDueAt")))
        case "complaint.visited":
            return .visited(
                .init(
                    complaintID: id, at: at, actor: actor, outcome: try need(outcome.take(), "outcome"), solved: solved.take(),
                    satisfied: satisfied.take(),
                    method: try need(method.take(), "method"), numberCalled: numberCalled.take(), newDemands: newDemands.take(), note: note.take(),
                    isFollowUp: isFollowUp.take() ?? false, retryAt: retryAt.take(), followUpDueAt: followUpDueAt.take()))
        case "complaint.reprocessed":
            return .reprocessed(
                .init(
                    complaintID: id, at: at, actor: actor, newDemands: newDemands.take(), reclassifiedTo: reclassifiedTo.take(),
                    clocks: clocks.take() ?? [], autoUpgradeAt: autoUpgradeAt.take()))
        case "complaint.closed":
            return .closed(.init(complaintID: id, at: at, actor: actor, summary: summary.take()))
        case "complaint.deadline_extended":
            return .deadlineExtended(
                .init(
                    complaintID: id, at: at, actor: actor, clock: try need(clock.take(), "clock"),
                    previousDueAt: try need(previousDueAt.take(), "previousDueAt"), dueAt: try need(dueAt.take(), "dueAt"),
                    reason: try need(reason.take(), "reason")))
        case "complaint.escalated":
            return .escalated(
                .init(
                    complaintID: id, at: at, actor: actor, clock: try need(clock.take(), "clock"), dueAt: try need(dueAt.take(), "dueAt"),
                    lateBySeconds: lateBySeconds.take() ?? 0, notify: notify.take() ?? [], department: department.take()))
        case "complaint.upgraded":
            guard let reasonName = reason.take(), let upgradeReason = UpgradeReason(rawValue: reasonName) else {
                throw JSONError(.invalidValue, at: offset, detail: "the upgrade has no known reason")
            }
            return .upgraded(
                .init(
                    complaintID: id, at: at, actor: actor, reason: upgradeReason, from: from.take(), to: try need(to.take(), "to"),
                    clocks: clocks.take() ?? [], incidentID: incidentID.take(), note: note.take()))
        case "complaint.linked":
            return .linked(.init(complaintID: id, at: at, actor: actor, incidentID: try need(incidentID.take(), "incidentId")))
        case "complaint.reminded":
            return .reminded(
                .init(
                    complaintID: id, at: at, actor: actor, notifyActorID: try need(notifyActorID.take(), "notifyActorId"),
                    notifyDepartment: notifyDepartment.take()))
        case "complaint.contact_viewed":
            return .contactViewed(.init(complaintID: id, at: at, actor: actor))
        case "complaint.major_notified":
            return .majorNotified(.init(complaintID: id, at: at, actor: actor, notify: notify.take() ?? [], department: department.take()))
        case "complaint.attachments_added":
            return .attachmentsAdded(.init(complaintID: id, at: at, actor: actor, files: try need(files.take(), "files"), note: note.take()))
        case "complaint.opinion_signed":
            return .opinionSigned(.init(complaintID: id, at: at, actor: actor, text: try need(text.take(), "text")))
        case "complaint.owner_confirmed":
            return .ownerConfirmed(
                .init(
                    complaintID: id, at: at, actor: actor, solved: try need(solved.take(), "solved"),
                    satisfied: try need(satisfied.take(), "satisfied"),
                    comment: comment.take(), signature: try need(signature.take(), "signature")))
        default:
            throw JSONError(.invalidValue, at: offset, detail: "unknown event type \(type.string)")
        }
    }
}
