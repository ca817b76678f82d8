import ComplaintDomain
import HTTP1

/// Refuses an upload from its head alone, before a byte of the body is read: no token or session
/// (401), a session cookie without its CSRF token (403),
/// a declared type that is no file (415), an unknown complaint or one outside the caller's scope
/// (404), a closed one (409), one with no room for another file (422). What passes here is
/// checked again, for good, when its record is decided.
enum UploadAdmission {
    static func check(_ request: inout HTTPRequest, auth: Authenticator, core: ComplaintCore) -> HTTPResponse? {
        let staff = request.routePattern.hasPrefix("/v1/complaints/")
        var principal: Principal?
        if staff {
            // The console's session cookie counts as for every other state change, CSRF token included.
            switch auth.admit(&request) {
            case .success(let caller): principal = caller
            case .failure(let refusal): return refusal.response
            }
        }
        guard UploadReader.acceptsDeclaredType(request.headers["content-type"]) else {
            return Problems.response(status: 415, slug: "unsupported-media-type", detail: Message(.uploadMediaType))
        }
        let room = core.read { state -> Result<Complaint?, Refusal> in
            if let principal {
                let id = request.pathParameters["id"] ?? ""
                guard let slot = state.book.slot(of: id), state.complaints.isVisible(slot, to: principal.scope) else {
                    return .failure(Refusal(Problems.notFound(Message(domain: .noComplaint, ["id": id]))))
                }
                if principal.actor.role == .intake, state.book.lookup(slot: slot).whole?.receivedBy != principal.actor.id {
                    return .failure(Refusal(Problems.notFound(Message(domain: .noComplaint, ["id": id]))))
                }
                return .success(state.book.lookup(slot: slot).whole)
            }
            switch state.book.lookup(trackingCode: request.pathParameters["trackingCode"] ?? "") {
            case .missing: return .failure(Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:]))))
            case .hot(let complaint): return .success(complaint)
            case .cold: return .success(nil)
            }
        }
        switch room {
        case .failure(let refusal):
            return refusal.response
        case .success(nil):
            // Out of memory means closed (a pending follow-up keeps a complaint in memory).
            return closed
        case .success(let complaint?):
            if complaint.status == .closed { return closed }
            if complaint.attachments.count >= core.policy.maxAttachmentsPerComplaint {
                return Problems.validation([
                    FieldError(field: "file", rule: .complaintFilesFull, values: ["count": String(complaint.attachments.count)])
                ])
            }
            let ownerIsSending = principal == nil || principal?.actor.role == .intake
            let owners = complaint.attachments.count { AttachmentRecord.isOwners($0.role) }
            if ownerIsSending && owners >= core.policy.maxAttachmentsFromOwner {
                return Problems.validation([FieldError(field: "file", rule: .ownerFilesFull, values: ["count": String(owners)])])
            }
            return nil
        }
    }
}

private let closed = Problems.domain(
    DomainError(
        .invalidTransition(current: ComplaintStatus.closed, allowed: []),
        reason: .wrongStatus, values: ["action": "attach", "status": "closed"]))

extension ComplaintBook.Lookup {
    /// The whole complaint when it is in memory.
    var whole: Complaint? {
        if case .hot(let complaint) = self { return complaint }
        return nil
    }
}
