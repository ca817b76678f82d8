import Foundation

// Decisions that watch over the workflow: extensions, links, upgrades, reminders, escalations.

extension ComplaintBook {
    func decideExtension(
        _ complaint: Complaint, _ input: ExtensionInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let clock = check.require(input.clock, "clock")
        let dueAt = check.require(input.dueAt, "dueAt").flatMap { check.instant($0, "dueAt") }
        let reason = check.text(input.reason, "reason", maxLength: policy.maxNoteLength)
        if let error = check.error { return .failure(error) }
        guard let current = complaint.deadlines[clock!], current.metAt == nil else {
            return .failure(.conflict(.clockNotRunning, ["clock": clock!.rawValue]))
        }
        guard dueAt! > current.dueAt else {
            return .failure(.invalid([FieldError(field: "dueAt", rule: .deadlineNotLater)]))
        }
        return .success([
            .deadlineExtended(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, clock: clock!, previousDueAt: current.dueAt,
                    dueAt: dueAt!, reason: reason))
        ])
    }

    func decideLink(
        _ complaint: Complaint, _ input: LinkInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let incident = check.text(input.incidentID, "incidentId", maxLength: Validator.placeLength)
        if let error = check.error { return .failure(error) }
        guard complaint.incidentID != incident else { return .failure(.conflict(.alreadyLinked, ["incident": incident])) }
        return .success([.linked(.init(complaintID: complaint.id, at: now, actor: actor, incidentID: incident))])
    }

    /// Raises a complaint to major and tells department head and leaders at once.
    func decideUpgrade(
        _ complaint: Complaint, reason: UpgradeReason, incidentID: String?, note: String?, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        guard complaint.severity != .major else { return .failure(.conflict(.alreadyMajor)) }
        // Clocks are recomputed only while the department still owes a result; before the
        // assessment the assessment arms them (with at least this severity).
        let owesResult = complaint.status.isUnresolved && complaint.status != .received
        let clocks =
            owesResult
            ? resolutionClocks(for: .major, from: clockOrigin(of: complaint), requestedBy: nil) : []
        let upgraded = DomainEvent.upgraded(
            .init(
                complaintID: complaint.id, at: now, actor: actor, reason: reason, from: complaint.severity, to: .major,
                clocks: clocks, incidentID: incidentID, note: note))
        return .success([upgraded, majorNotice(complaint, department: complaint.category, actor, now)])
    }

    func decideAutoUpgrade(_ complaint: Complaint, _ actor: Actor, _ now: Date) -> Result<[DomainEvent], DomainError> {
        guard let dueAt = complaint.autoUpgradeAt, dueAt <= now,
            complaint.status.isUnresolved, complaint.severity != .major
        else {
            return .failure(.conflict(.noUpgradeDue))
        }
        return decideUpgrade(complaint, reason: .unresolved7Days, incidentID: nil, note: nil, actor, now)
    }

    func decideIncidentUpgrade(
        _ complaint: Complaint, _ incidentID: String, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        guard complaint.incidentID == incidentID, complaint.status.isOpen,
            distinctOwners(ofIncident: incidentID) > policy.incidentOwnersForMajor
        else {
            return .failure(.conflict(.incidentNotMajor, ["incident": incidentID]))
        }
        return decideUpgrade(complaint, reason: .incidentOwners, incidentID: incidentID, note: nil, actor, now)
    }

    func decideEscalation(
        _ complaint: Complaint, _ clock: ClockKind, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        guard complaint.status != .closed, let deadline = complaint.deadlines[clock], deadline.isArmed,
            deadline.dueAt <= now
        else {
            return .failure(.conflict(.clockNotDue, ["clock": clock.rawValue]))
        }
        return .success([
            .escalated(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, clock: clock, dueAt: deadline.dueAt,
                    lateBySeconds: now.timeIntervalSince(deadline.dueAt), notify: policy.escalationTargets[clock] ?? [],
                    department: complaint.department))
        ])
    }

    func decideReminder(trackingCode: String, actor: Actor, now: Date) -> Result<[DomainEvent], DomainError> {
        guard actor.role == .owner else { return .failure(.forbidden(.onlyOwnerChases)) }
        let complaint: Complaint
        switch lookup(trackingCode: trackingCode) {
        case .hot(let found): complaint = found
        case .cold(let slot, _): return .failure(.notLoaded(id(ofSlot: slot)))
        case .missing: return .failure(DomainError(.notFound, reason: .noTrackedComplaint))
        }
        guard complaint.status.isUnresolved else {
            return .failure(.transition("chase", from: complaint.status, allowed: allowedActions(for: complaint, actor: actor)))
        }
        if let last = complaint.lastReminderAt, now.timeIntervalSince(last) < policy.reminderInterval {
            let wait = Int((policy.reminderInterval - now.timeIntervalSince(last)).rounded(.up))
            return .failure(
                DomainError(
                    .rateLimited(retryAfterSeconds: max(1, wait)), reason: .chasedTooSoon,
                    values: ["seconds": String(max(1, wait))]))
        }
        return .success([
            .reminded(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, notifyActorID: complaint.handler ?? complaint.receivedBy,
                    notifyDepartment: complaint.department))
        ])
    }
}
