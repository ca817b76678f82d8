import JSONCodec

extension EventFields {
    /// The member names an event may carry, found by one hashed probe (`JSONCaseTable`).
    enum Member: String, CaseIterable, Sendable {
        case type, complaintId, complaintID, at, actor, sequence, trackingCode, channel
        case complainant, content, demands, incidentTime, incidentPlace, complaintObject, category, incidentKey
        case incidentHint, requestedBy, repeatOf, dispatchDueAt, severity, nature, contentType, isUrgent
        case clocks, autoUpgradeAt, isValid, isInScope, explanation, department, handler, note
        case text, isPublic, measures, result, remaining, onSpot, replyDueAt, returnVisitDueAt
        case outcome, solved, satisfied, method, numberCalled, newDemands, isFollowUp, retryAt
        case followUpDueAt, reclassifiedTo, summary, clock, previousDueAt, dueAt, reason, lateBySeconds
        case notify, from, to, incidentId, incidentID, notifyActorId, notifyActorID, notifyDepartment
        case attachments, files, comment, signature
    }

    static let members = JSONCaseTable<Member>()
}
