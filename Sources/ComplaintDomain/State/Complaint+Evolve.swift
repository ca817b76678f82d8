import Foundation

// How each event changes one complaint. The rules here are the meaning of the facts ("a dispatch
// meets the dispatch clock"); all numbers were fixed when the event was decided.

extension Complaint {
    /// Creates the complaint a registration describes.
    init(registered e: DomainEvent.Registered) {
        self.init(
            id: e.complaintID, sequence: e.sequence, trackingCode: e.trackingCode, channel: e.channel,
            complainant: e.complainant, content: e.content, receivedBy: e.actor.id, receivedAt: e.at)
        demands = e.demands
        incidentTime = e.incidentTime
        incidentPlace = e.incidentPlace
        complaintObject = e.complaintObject
        category = e.category
        // Only staff confirm an incident: an intake client's key stays a hint (older logs
        // recorded it as `incidentKey`).
        let fromIntake = e.actor.role == .intake
        incidentID = fromIntake ? nil : e.incidentKey
        incidentHint = e.incidentHint ?? (fromIntake ? e.incidentKey : nil)
        requestedBy = e.requestedBy
        repeatOf = e.repeatOf
        // Room for a usual life at once (assessed … closed; dispatch, resolve, reply and visit
        // clocks): growing 1, 2, 4, 8 cost three more mallocs and copies per complaint, 2.5 % of
        // a replay's fold. An open complaint keeps at most a few hundred bytes of slack.
        transitions.reserveCapacity(8)
        deadlines.reserveCapacity(4)
        deadlines[.dispatch] = Deadline(dueAt: e.dispatchDueAt)
        version = 1
    }

    /// Folds one event into the complaint; the book keeps its indexes in step.
    mutating func evolve(_ event: DomainEvent) {
        version += 1
        updatedAt = Swift.max(updatedAt, event.at)
        switch event {
        case .registered:
            break  // A registration creates the complaint; see `init(registered:)`.
        case .assessed(let e):
            isValid = true
            isInScope = true
            severity = e.severity
            nature = e.nature ?? nature
            contentType = e.contentType ?? contentType
            isUrgent = e.isUrgent
            category = e.category ?? category
            arm(e.clocks)
            autoUpgradeAt = e.autoUpgradeAt
            enter(.assessed, e.actor, e.at)
        case .explained(let e):
            isValid = e.isValid
            isInScope = e.isInScope
            explanation = e.explanation
            nature = e.nature ?? nature
            contentType = e.contentType ?? contentType
            // The first responsible person dealt with it: nothing is left to hand over.
            deadlines.meet(.dispatch, at: e.at)
            enter(.explained, e.actor, e.at)
        case .dispatched(let e):
            department = e.department
            handler = e.handler
            category = category ?? e.department
            deadlines.meet(.dispatch, at: e.at)
            enter(.dispatched, e.actor, e.at)
        case .acknowledged(let e):
            enter(.inProgress, e.actor, e.at)
        case .progressNoted(let e):
            progressNotes.append(ProgressNote(text: e.text, isPublic: e.isPublic, by: e.actor.id, at: e.at, attachments: e.attachments))
            // A note the owner sees is the "clear answer" a major complaint owes within two days.
            if e.isPublic { deadlines.meet(.majorAnswer, at: e.at) }
        case .resolved(let e):
            resolution = Resolution(
                measures: e.measures, result: e.result, remaining: e.remaining, onSpot: e.onSpot,
                by: e.actor.id, at: e.at, attachments: e.attachments)
            if e.onSpot {
                // Settled at the counter: valid, minor, and nothing to dispatch.
                isValid = isValid ?? true
                isInScope = isInScope ?? true
                severity = severity ?? .minor
                deadlines.meet(.dispatch, at: e.at)
            }
            for clock in [ClockKind.resolve, .majorAnswer, .majorSettle] { deadlines.meet(clock, at: e.at) }
            autoUpgradeAt = nil
            deadlines[.reply] = Deadline(dueAt: e.replyDueAt)
            enter(.resolved, e.actor, e.at)
        case .approved(let e):
            approval = Approval(by: e.actor.id, at: e.at, note: e.note)
            enter(.approved, e.actor, e.at)
        case .replied(let e):
            reply = Reply(at: e.at, by: e.actor.id, content: e.content)
            confirmedSinceReply = false
            deadlines.meet(.reply, at: e.at)
            deadlines[.returnVisit] = Deadline(dueAt: e.returnVisitDueAt)
            visitDueAt = e.at
            enter(.replied, e.actor, e.at)
        case .visited(let e):
            evolveVisit(e)
        case .reprocessed(let e):
            reprocessCount += 1
            demands = e.newDemands ?? demands
            if let nature = e.reclassifiedTo {
                reclassifiedFrom = self.nature
                self.nature = nature
            }
            approval = nil
            // The reply an earlier confirmation answered no longer stands: the next one is confirmed afresh.
            confirmedSinceReply = false
            for clock in [ClockKind.resolve, .majorAnswer, .majorSettle, .reply, .returnVisit] {
                deadlines[clock] = nil
            }
            arm(e.clocks)
            autoUpgradeAt = e.autoUpgradeAt
            visitDueAt = nil
            // Sent back from `visited` by an unsatisfied confirmation: no follow-up visit is due now.
            followUpDueAt = nil
            enter(.dispatched, e.actor, e.at)
        case .closed(let e):
            closing = e.summary
            enter(.closed, e.actor, e.at)
        case .deadlineExtended(let e):
            if var deadline = deadlines[e.clock] {
                deadline.dueAt = e.dueAt
                deadline.extendedCount += 1
                deadline.escalatedAt = nil  // Re-armed: the new deadline can be missed again.
                deadlines[e.clock] = deadline
            }
            extensionCount += 1
        case .escalated(let e):
            if var deadline = deadlines[e.clock] {
                deadline.escalatedAt = e.at
                deadlines[e.clock] = deadline
            }
            escalations.append(EscalationRecord(clock: e.clock, dueAt: e.dueAt, at: e.at, notify: e.notify))
        case .upgraded(let e):
            upgrades.append(UpgradeRecord(reason: e.reason, from: e.from, to: e.to, at: e.at, by: e.actor.id))
            severity = e.to
            if !e.clocks.isEmpty { deadlines[.resolve] = nil }
            arm(e.clocks)
            if e.to == .major { autoUpgradeAt = nil }
            if let incident = e.incidentID { incidentID = incident }
        case .linked(let e):
            incidentID = e.incidentID
        case .reminded(let e):
            reminderCount += 1
            lastReminderAt = e.at
        case .contactViewed, .majorNotified:
            break  // Audit and notification facts: recorded in the log, no state of their own.
        case .attachmentsAdded(let e):
            attachments += e.files.map { AttachmentRecord(file: $0, by: e.actor.id, role: e.actor.role, at: e.at, note: e.note) }
        case .opinionSigned(let e):
            handlingOpinion = HandlingOpinion(text: e.text, by: e.actor.id, at: e.at)
        case .ownerConfirmed(let e):
            confirmations.append(
                OwnerConfirmation(
                    solved: e.solved, satisfied: e.satisfied, comment: e.comment, signature: e.signature, by: e.actor.id, at: e.at))
            confirmedSinceReply = true
        }
    }

    private mutating func evolveVisit(_ e: DomainEvent.Visited) {
        visits.append(
            VisitRecord(
                outcome: e.outcome, solved: e.solved, satisfied: e.satisfied, method: e.method,
                numberCalled: e.numberCalled, newDemands: e.newDemands, note: e.note, isFollowUp: e.isFollowUp,
                by: e.actor.id, at: e.at))
        if e.isFollowUp {
            followUpDueAt = e.outcome == .unreachable ? e.retryAt : nil
            return
        }
        guard e.outcome == .reachable else {
            visitDueAt = e.retryAt
            return
        }
        deadlines.meet(.returnVisit, at: e.at)
        visitDueAt = nil
        if e.solved == true && e.satisfied == true {
            followUpDueAt = e.followUpDueAt
            enter(.visited, e.actor, e.at)
        } else {
            unsatisfiedCount += 1  // The reprocessed event that follows sends it back.
        }
    }

    private mutating func arm(_ clocks: [ArmedClock]) {
        for clock in clocks { deadlines[clock.kind] = Deadline(dueAt: clock.dueAt) }
    }

    private mutating func enter(_ status: ComplaintStatus, _ actor: Actor, _ at: Date) {
        self.status = status
        transitions.append(Transition(status: status, by: actor.id, at: at))
    }
}
