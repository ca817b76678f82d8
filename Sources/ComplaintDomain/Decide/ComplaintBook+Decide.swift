import Foundation

extension ComplaintBook {
    /// Decides what a command means now: the events to record, or why it is refused.
    ///
    /// Pure: reads the book, never mutates it. The caller makes the events durable, then
    /// applies them. A complaint outside the caller's `scope` is refused as not found, exactly
    /// like one that does not exist.
    public func decide(
        _ command: Command, by actor: Actor, within scope: AccessScope = .unrestricted,
        now: Date
    ) -> Result<[DomainEvent], DomainError> {
        func authorize(_ action: Action, id: String, actor: Actor) -> Result<Complaint, DomainError> {
            self.authorize(action, id: id, actor: actor, scope: scope)
        }
        switch command {
        case .register(let input, let sequence, let trackingCode):
            return decideRegistration(input, sequence: sequence, trackingCode: trackingCode, actor: actor, scope: scope, now: now)
        case .assess(let id, let input):
            return authorize(.assess, id: id, actor: actor).flatMap { decideAssessment($0, input, actor, now) }
        case .dispatch(let id, let input):
            return authorize(.dispatch, id: id, actor: actor).flatMap { decideDispatch($0, input, actor, now) }
        case .acknowledge(let id, let input):
            return authorize(.acknowledge, id: id, actor: actor).flatMap { complaint in
                note(input).map { [.acknowledged(.init(complaintID: complaint.id, at: now, actor: actor, note: $0))] }
            }
        case .progress(let id, let input):
            return authorize(.progress, id: id, actor: actor).flatMap { decideProgress($0, input, actor, now) }
        case .resolve(let id, let input):
            return authorize(.resolve, id: id, actor: actor).flatMap { decideResolution($0, input, actor, now) }
        case .approve(let id, let input):
            return authorize(.approve, id: id, actor: actor).flatMap { complaint in
                note(input).map { [.approved(.init(complaintID: complaint.id, at: now, actor: actor, note: $0))] }
            }
        case .reply(let id, let input):
            return authorize(.reply, id: id, actor: actor).flatMap { decideReply($0, input, actor, now) }
        case .visit(let id, let input):
            return authorize(.visit, id: id, actor: actor).flatMap { decideVisit($0, input, actor, now) }
        case .close(let id, let input):
            return authorize(.close, id: id, actor: actor).flatMap { decideClose($0, input, actor, now) }
        case .extend(let id, let input):
            return authorize(.extend, id: id, actor: actor).flatMap { decideExtension($0, input, actor, now) }
        case .link(let id, let input):
            return authorize(.link, id: id, actor: actor).flatMap { decideLink($0, input, actor, now) }
        case .upgrade(let id, let input):
            return authorize(.upgrade, id: id, actor: actor).flatMap { complaint in
                note(input).flatMap { decideUpgrade(complaint, reason: .staff, incidentID: nil, note: $0, actor, now) }
            }
        case .remind(let trackingCode):
            return decideReminder(trackingCode: trackingCode, actor: actor, now: now)
        case .escalate(let id, let clock):
            return scheduled(id, actor).flatMap { decideEscalation($0, clock, actor, now) }
        case .upgradeUnresolved(let id):
            return scheduled(id, actor).flatMap { decideAutoUpgrade($0, actor, now) }
        case .upgradeForIncident(let id, let incidentID):
            return scheduled(id, actor).flatMap { decideIncidentUpgrade($0, incidentID, actor, now) }
        case .viewContact(let id):
            let complaint: Complaint
            switch loaded(id, within: scope) {
            case .success(let found): complaint = found
            case .failure(let error): return .failure(error)
            }
            guard WorkflowPolicy.contactViewerRoles.contains(actor.role) else {
                return .failure(.forbidden(.mayNotReadContacts, ["role": actor.role.rawValue]))
            }
            return .success([.contactViewed(.init(complaintID: complaint.id, at: now, actor: actor))])
        case .opinion(let id, let input):
            return authorize(.opinion, id: id, actor: actor).flatMap { decideOpinion($0, input, actor, now) }
        case .confirm(let id, let input):
            return authorize(.confirm, id: id, actor: actor).flatMap { decideConfirmation($0, input, onPaper: true, actor, now) }
        case .confirmByOwner(let code, let input):
            return ownersComplaint(code, actor).flatMap { complaint in
                guard statusAllows(.confirm, complaint) else {
                    return .failure(.transition("confirm", from: complaint.status, allowed: []))
                }
                return decideConfirmation(complaint, input, onPaper: false, actor, now)
            }
        case .attach(let id, let input):
            return attachable(id, actor: actor, scope: scope).flatMap { decideAttachment($0, input, actor, now) }
        case .attachByOwner(let code, let input):
            return ownersComplaint(code, actor).flatMap { decideAttachment($0, input, actor, now) }
        }
    }

    /// The whole complaint `id` in `scope`: not found when unknown or out of scope, "not loaded"
    /// when it is cold (the service brings it back before deciding).
    func loaded(_ id: String, within scope: AccessScope) -> Result<Complaint, DomainError> {
        guard let slot = slot(of: id) else { return .failure(.notFound(id)) }
        guard let complaint = hot[Int32(slot)] else { return .failure(.notLoaded(id)) }
        guard complaint.isVisible(to: scope) else { return .failure(.notFound(id)) }
        return .success(complaint)
    }

    /// Finds the complaint for a scheduler command, which only the scheduler (or admin) may send.
    /// The optional note of an acknowledgement, approval or upgrade, within `maxNoteLength`.
    private func note(_ input: NoteInput) -> Result<String?, DomainError> {
        var check = Validator()
        let note = check.optionalText(input.note, "note", maxLength: policy.maxNoteLength)
        return check.error.map { .failure($0) } ?? .success(note)
    }

    private func scheduled(_ id: String, _ actor: Actor) -> Result<Complaint, DomainError> {
        let complaint: Complaint
        switch loaded(id, within: .unrestricted) {
        case .success(let found): complaint = found
        case .failure(let error): return .failure(error)
        }
        guard WorkflowPolicy.schedulerRoles.contains(actor.role) else {
            return .failure(.forbidden(.onlyScheduler))
        }
        return .success(complaint)
    }

    private func decideRegistration(
        _ input: RegistrationInput, sequence: Int, trackingCode: String, actor: Actor, scope: AccessScope, now: Date
    ) -> Result<[DomainEvent], DomainError> {
        guard WorkflowPolicy.registrationRoles.contains(actor.role) else {
            return .failure(.forbidden(.roleMayNotRegister, ["role": actor.role.rawValue]))
        }
        // A public front end takes complaints; settling one at the counter is staff work.
        let isIntake = actor.role == .intake
        if isIntake && input.resolvedOnSpot != nil {
            return .failure(.forbidden(.intakeResolvedOnSpot))
        }
        var check = Validator()
        let channel = check.require(input.channel, "channel")
        let person = input.complainant ?? ComplainantInput()
        let name = check.text(person.name, "complainant.name", maxLength: Validator.nameLength)
        let phone = check.phone(person.phone, "complainant.phone")
        let estate = check.text(person.estate, "complainant.estate", maxLength: Validator.placeLength)
        if !estate.isEmpty && !scope.covers(estate: estate) { check.fail("complainant.estate", .estateNotServed) }
        let building = check.text(person.building, "complainant.building", maxLength: Validator.nameLength)
        let unit = check.text(person.unit, "complainant.unit", maxLength: Validator.nameLength)
        let content = check.text(input.content, "content", maxLength: policy.maxContentLength)
        let demands = check.optionalText(input.demands, "demands", maxLength: policy.maxContentLength)
        let place = check.optionalText(input.incidentPlace, "incidentPlace", maxLength: policy.maxNoteLength)
        let object = check.optionalText(input.complaintObject, "complaintObject", maxLength: policy.maxNoteLength)
        let incidentKey = check.optionalText(input.incidentKey, "incidentKey", maxLength: Validator.placeLength)
        let incidentTime = check.instant(input.incidentTime, "incidentTime")
        let requestedBy = check.instant(input.requestedBy, "requestedBy")
        if let requestedBy, requestedBy <= now { check.fail("requestedBy", .mustBeFuture) }
        var onSpot: (measures: String, result: String)?
        if let spot = input.resolvedOnSpot {
            onSpot = (
                check.text(spot.measures, "resolvedOnSpot.measures", maxLength: policy.maxNoteLength),
                check.text(spot.result, "resolvedOnSpot.result", maxLength: policy.maxNoteLength)
            )
        }
        if let error = check.error { return .failure(error) }
        guard !trackingCode.isEmpty, slot(trackingCode: trackingCode) == nil else {
            return .failure(.conflict(.trackingCodeTaken))
        }
        guard sequence >= nextSequence else {
            return .failure(.conflict(.sequenceBelow, ["sequence": String(sequence), "next": String(nextSequence)]))
        }
        let complainant = Complainant(name: name, phone: phone, estate: estate, building: building, unit: unit)
        let id = makeID(sequence: sequence, receivedAt: now)
        let registered = DomainEvent.Registered(
            complaintID: id, at: now, actor: actor, sequence: sequence, trackingCode: trackingCode, channel: channel!,
            complainant: complainant, content: content, demands: demands, incidentTime: incidentTime,
            incidentPlace: place, complaintObject: object, category: input.category,
            incidentKey: isIntake ? nil : incidentKey, incidentHint: isIntake ? incidentKey : nil,
            requestedBy: requestedBy,
            repeatOf: latestAtUnit(complainant, category: input.category, since: now.addingTimeInterval(-policy.repeatWindow)),
            dispatchDueAt: now.addingTimeInterval(policy.dispatchWithin))
        var events: [DomainEvent] = [.registered(registered)]
        if let onSpot {
            events.append(
                .resolved(
                    .init(
                        complaintID: id, at: now, actor: actor, measures: onSpot.measures, result: onSpot.result,
                        remaining: nil, onSpot: true, replyDueAt: endOfLocalDay(now))))
        }
        return .success(events)
    }

    private func decideAssessment(
        _ complaint: Complaint, _ input: AssessmentInput, _ actor: Actor, _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let valid = check.require(input.valid, "valid")
        let inScope = input.inScope ?? true
        if valid == false || !inScope {
            let explanation = check.text(input.explanation, "explanation", maxLength: policy.maxNoteLength)
            if let error = check.error { return .failure(error) }
            return .success([
                .explained(
                    .init(
                        complaintID: complaint.id, at: now, actor: actor, isValid: valid!, isInScope: inScope,
                        explanation: explanation, nature: input.nature, contentType: input.contentType))
            ])
        }
        let requested = check.require(input.severity, "severity")
        if let error = check.error { return .failure(error) }
        // An earlier upgrade (e.g. an incident with many owners) is never undone by the assessment.
        let severity = max(requested!, complaint.severity ?? .minor)
        var events: [DomainEvent] = [
            .assessed(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, severity: severity, nature: input.nature,
                    contentType: input.contentType, isUrgent: input.urgent ?? (input.contentType == .emergency),
                    category: input.category,
                    clocks: resolutionClocks(for: severity, from: complaint.receivedAt, requestedBy: complaint.requestedBy),
                    autoUpgradeAt: autoUpgradeDue(for: complaint, severity: severity)))
        ]
        // Already major by an upgrade: department head and leaders were told then.
        if severity == .major && complaint.severity != .major {
            events.append(majorNotice(complaint, department: input.category ?? complaint.category, actor, now))
        }
        return .success(events)
    }

    /// The immediate report of a major complaint to department head and leaders (001 I.6).
    func majorNotice(_ complaint: Complaint, department: Department?, _ actor: Actor, _ now: Date) -> DomainEvent {
        .majorNotified(
            .init(
                complaintID: complaint.id, at: now, actor: actor, notify: policy.majorNotify,
                department: complaint.department ?? department))
    }
}
