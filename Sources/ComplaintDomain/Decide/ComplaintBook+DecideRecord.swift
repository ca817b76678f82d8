import Foundation

// Decisions on the paper trail (issue 10): the supervisor's handling opinion, the owner's
// confirmation (through the tracking code, or on paper as staff record it), files added.

extension ComplaintBook {
    func decideOpinion(_ complaint: Complaint, _ input: OpinionInput, _ actor: Actor, _ now: Date) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let text = check.text(input.text, "text", maxLength: policy.maxContentLength)
        if let error = check.error { return .failure(error) }
        return .success([.opinionSigned(.init(complaintID: complaint.id, at: now, actor: actor, text: text))])
    }

    /// The owner's confirmation: signed through the tracking code (a typed name or a drawn
    /// signature) or, `onPaper`, recorded by staff with a photo of the signed form. An unsolved
    /// or unsatisfied owner sends the complaint back exactly as an unsatisfied return visit does.
    func decideConfirmation(
        _ complaint: Complaint, _ input: ConfirmationInput, onPaper: Bool, _ actor: Actor,
        _ now: Date
    ) -> Result<[DomainEvent], DomainError> {
        var check = Validator()
        let solved = check.require(input.solved, "solved")
        let satisfied = check.require(input.satisfied, "satisfied")
        let comment = check.optionalText(input.comment, "comment", maxLength: policy.maxContentLength)
        var signature: Signature?
        if onPaper {
            if input.signature != nil { check.fail("signature", .signatureFromOwner) }
            if let form = check.require(input.signedForm, "signedForm") {
                if complaint.attachment(form) == nil {
                    check.fail("signedForm", .signedFormUnknown)
                } else {
                    signature = Signature(kind: .paper, attachment: form)
                }
            }
        } else {
            if input.signedForm != nil { check.fail("signedForm", .signedFormByStaff) }
            signature = ownerSignature(input.signature, of: complaint, &check)
        }
        if let error = check.error { return .failure(error) }
        var events: [DomainEvent] = [
            .ownerConfirmed(
                .init(
                    complaintID: complaint.id, at: now, actor: actor, solved: solved!, satisfied: satisfied!, comment: comment,
                    signature: signature!))
        ]
        if !(solved! && satisfied!) { events.append(reprocess(complaint, newDemands: comment, actor, now)) }
        return .success(events)
    }

    /// Exactly one of a typed name and a drawn signature (a picture of this complaint).
    private func ownerSignature(_ input: SignatureInput?, of complaint: Complaint, _ check: inout Validator) -> Signature? {
        guard let input else {
            check.fail("signature", .signatureRequired)
            return nil
        }
        switch (input.name, input.attachment) {
        case (let name?, nil):
            return Signature(kind: .typed, name: check.text(name, "signature.name", maxLength: Validator.nameLength))
        case (nil, let file?):
            guard let record = complaint.attachment(file), record.file.isImage else {
                check.fail("signature.attachment", .signatureNotPicture)
                return nil
            }
            return Signature(kind: .drawn, attachment: file)
        default:
            check.fail("signature", .signatureOneOf)
            return nil
        }
    }

    /// Files already stored by the service are recorded on the complaint. A file it already has
    /// is not recorded twice (nothing at all when every file is known).
    func decideAttachment(_ complaint: Complaint, _ input: AttachInput, _ actor: Actor, _ now: Date) -> Result<[DomainEvent], DomainError> {
        guard complaint.status != .closed else {
            return .failure(.transition("add files to", from: complaint.status, allowed: []))
        }
        var check = Validator()
        let note = check.optionalText(input.note, "note", maxLength: policy.maxNoteLength)
        if input.files.isEmpty { check.fail("file", .fileRequired) }
        var seen = Set(complaint.attachments.map(\.file.sha256))
        var files: [AttachmentFile] = []
        for (index, file) in input.files.enumerated() {
            if !AttachmentFile.isDigest(file.sha256) { check.fail("files.\(index)", .notADigest) }
            if seen.insert(file.sha256).inserted { files.append(file) }
        }
        let total = complaint.attachments.count + files.count
        if total > policy.maxAttachmentsPerComplaint {
            check.fail("file", .tooManyFiles, ["total": String(total), "max": String(policy.maxAttachmentsPerComplaint)])
        } else if AttachmentRecord.isOwners(actor.role) {
            let owners = complaint.attachments.count { AttachmentRecord.isOwners($0.role) } + files.count
            if owners > policy.maxAttachmentsFromOwner {
                check.fail("file", .tooManyOwnerFiles, ["total": String(owners), "max": String(policy.maxAttachmentsFromOwner)])
            }
        }
        if let error = check.error { return .failure(error) }
        guard !files.isEmpty else { return .success([]) }
        return .success([.attachmentsAdded(.init(complaintID: complaint.id, at: now, actor: actor, files: files, note: note))])
    }

    /// The complaint a staff member or intake client adds files to: any staff role in scope; an
    /// intake client only to complaints it registered (others read as unknown).
    func attachable(_ id: String, actor: Actor, scope: AccessScope) -> Result<Complaint, DomainError> {
        let complaint: Complaint
        switch loaded(id, within: scope) {
        case .success(let found): complaint = found
        case .failure(let error): return .failure(error)
        }
        switch actor.role {
        case .owner, .system: return .failure(.forbidden(.roleMayNot, ["role": actor.role.rawValue, "action": "attach"]))
        case .intake where complaint.receivedBy != actor.id: return .failure(.notFound(id))
        default: return .success(complaint)
        }
    }

    /// The complaint an owner's command names by its tracking code (the code is the owner's
    /// credential for this one complaint; it is never echoed back in a message).
    func ownersComplaint(_ trackingCode: String, _ actor: Actor) -> Result<Complaint, DomainError> {
        guard actor.role == .owner else { return .failure(.forbidden(.onlyOwner)) }
        switch lookup(trackingCode: trackingCode) {
        case .hot(let found): return .success(found)
        case .cold(let slot, _): return .failure(.notLoaded(id(ofSlot: slot)))
        case .missing: return .failure(DomainError(.notFound, reason: .noTrackedComplaint))
        }
    }

    /// The files `hashes` names, each one of the complaint's (repeats dropped, in order).
    func references(_ hashes: [String]?, of complaint: Complaint, _ check: inout Validator) -> [String] {
        var kept: [String] = []
        for (index, hash) in (hashes ?? []).enumerated() where !kept.contains(hash) {
            guard complaint.attachment(hash) != nil else {
                check.fail("attachments.\(index)", .fileUnknown)
                continue
            }
            kept.append(hash)
        }
        return kept
    }
}
