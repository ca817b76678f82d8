import Foundation

// Decisions from dispatch to closing (workflow.md §5-6). Authorization already passed.

extension ComplaintBook {
    func decideDispatch(
        _ complaint: Complaint, _ input: DispatchInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        let severity = complaint.severity ?? .minor
        if policy.opinionRequiredFor.contains(severity) && complaint.handlingOpinion == nil {
            return .failure(.missingStep("opinion", .opinionFirst, ["severity": severity.rawValue, "id": complaint.id]))
        }
        var check = Validator()
        let department = check.require(input.department ?? complaint.category, "department")
        let handler = check.text(input.handler, "handler", maxLength: Validator.placeLength)
        let note = check.optionalText(input.note, "note", maxLength: policy.maxNoteLength)
        if let department, !handler.isEmpty,
            let refusal = staff?.refusal(handler: handler, department: department, estate: complaint.complainant.estate)
        {
            check.fail("handler", refusal.rule, refusal.values)
        }
        if let error = check.error { return .failure(error) }
        return .success([
            .dispatched(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, department: department!, handler: handler, note: note))
        ])
    }

    func decideProgress(
        _ complaint: Complaint, _ input: ProgressInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let text = check.text(input.text, "text", maxLength: policy.maxNoteLength)
        let files = references(input.attachments, of: complaint, &check)
        if let error = check.error { return .failure(error) }
        return .success([
            .progressNoted(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, text: text, isPublic: input.public ?? false, attachments: files))
        ])
    }

    func decideResolution(
        _ complaint: Complaint, _ input: ResolutionInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let measures = check.text(input.measures, "measures", maxLength: policy.maxNoteLength)
        let result = check.text(input.result, "result", maxLength: policy.maxNoteLength)
        let remaining = check.optionalText(input.remaining, "remaining", maxLength: policy.maxNoteLength)
        let files = references(input.attachments, of: complaint, &check)
        if let category = complaint.department ?? complaint.category, policy.afterRepairPhotoRequiredFor.contains(category),
            !files.contains(where: { complaint.attachment($0)?.file.isImage == true })
        {
            check.fail("attachments", .afterRepairPhotoRequired, ["category": category.rawValue, "id": complaint.id])
        }
        if let error = check.error { return .failure(error) }
        return .success([
            .resolved(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, measures: measures, result: result,
                    remaining: remaining, onSpot: false, replyDueAt: endOfLocalDay(now), attachments: files))
        ])
    }

    func decideReply(
        _ complaint: Complaint, _ input: ReplyInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let content = check.text(input.content, "content", maxLength: policy.maxContentLength)
        if let error = check.error { return .failure(error) }
        return .success([
            .replied(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, content: content,
                    returnVisitDueAt: now.addingTimeInterval(policy.returnVisitWithin)))
        ])
    }

    func decideVisit(
        _ complaint: Complaint, _ input: VisitInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let outcome = input.outcome ?? .reachable
        let method = check.require(input.method, "method")
        var solved: Bool?
        var satisfied: Bool?
        if outcome == .reachable {
            solved = check.require(input.solved, "solved")
            satisfied = check.require(input.satisfied, "satisfied")
        }
        let numberCalled = check.optionalPhone(input.numberCalled, "numberCalled")
        let newDemands = check.optionalText(input.newDemands, "newDemands", maxLength: policy.maxContentLength)
        let note = check.optionalText(input.note, "note", maxLength: policy.maxNoteLength)
        if let error = check.error { return .failure(error) }

        let isFollowUp = complaint.status == .visited || complaint.status == .closed
        let succeeded = outcome == .reachable && solved == true && satisfied == true
        var visited = DomainEvent.Visited(
            complaintID: complaint.id, at: now, actor: actor, outcome: outcome, solved: solved, satisfied: satisfied,
            method: method!, numberCalled: numberCalled, newDemands: newDemands, note: note, isFollowUp: isFollowUp,
            retryAt: outcome == .unreachable ? now.addingTimeInterval(policy.visitRetryAfter) : nil,
            followUpDueAt: nil)
        // A follow-up visit records what the owner says; it does not reopen a finished complaint.
        if isFollowUp || outcome == .unreachable { return .success([.visited(visited)]) }
        if succeeded {
            if complaint.needsFollowUp { visited.followUpDueAt = now.addingTimeInterval(policy.followUpVisitAfter) }
            return .success([.visited(visited)])
        }
        // Not solved or not satisfied: process again (二次处理) with the owner's new demands.
        return .success([.visited(visited), reprocess(complaint, newDemands: newDemands, actor, now)])
    }

    /// Sends an unsolved or unsatisfied complaint back to its department (二次处理): the
    /// resolution clocks run again from now; a mishandled help or consulting complaint becomes
    /// dissatisfaction.
    func reprocess(_ complaint: Complaint, newDemands: String?, _ actor: Actor, _ now: Date) -> DomainEvent {
        let severity = complaint.severity ?? .minor
        let mishandled = complaint.nature == .helpSeeking || complaint.nature == .consulting
        return .reprocessed(
            .init(
                complaintID: complaint.id, at: now, actor: actor, newDemands: newDemands,
                reclassifiedTo: mishandled ? .dissatisfaction : nil,
                clocks: resolutionClocks(for: severity, from: now, requestedBy: nil),
                autoUpgradeAt: autoUpgradeDue(for: complaint, severity: severity)))
    }

    func decideClose(
        _ complaint: Complaint, _ input: CloseInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        var summary: ClosingSummary?
        if complaint.status == .visited && (complaint.severity ?? .minor) >= .important {
            // Important and major complaints must leave their lessons behind (002 III(5)).
            summary = ClosingSummary(
                cause: check.text(input.cause, "cause", maxLength: policy.maxNoteLength),
                lessons: check.text(input.lessons, "lessons", maxLength: policy.maxNoteLength),
                preventiveAction: check.text(input.preventiveAction, "preventiveAction", maxLength: policy.maxNoteLength))
        } else {
            let given = ClosingSummary(
                cause: check.optionalText(input.cause, "cause", maxLength: policy.maxNoteLength),
                lessons: check.optionalText(input.lessons, "lessons", maxLength: policy.maxNoteLength),
                preventiveAction: check.optionalText(input.preventiveAction, "preventiveAction", maxLength: policy.maxNoteLength))
            summary = given == ClosingSummary() ? nil : given
        }
        if let error = check.error { return .failure(error) }
        return .success([.closed(.init(complaintID: complaint.id, at: now, actor: actor, summary: summary))])
    }
}
