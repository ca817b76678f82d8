import Foundation

/// A request to change one complaint; `ComplaintBook.decide` turns it into events or an error.
public enum Command: Sendable, Hashable {
    /// Register a new complaint with the sequence and tracking code the service allocated.
    case register(RegistrationInput, sequence: Int, trackingCode: String)
    /// Judge validity, scope and severity.
    case assess(id: String, AssessmentInput)
    /// Hand over to a department and handler.
    case dispatch(id: String, DispatchInput)
    /// Confirm the department took the work.
    case acknowledge(id: String, NoteInput)
    /// Post a progress note.
    case progress(id: String, ProgressInput)
    /// Report the result.
    case resolve(id: String, ResolutionInput)
    /// Approve the result before the reply.
    case approve(id: String, NoteInput)
    /// Tell the owner the result.
    case reply(id: String, ReplyInput)
    /// Record a return or follow-up visit.
    case visit(id: String, VisitInput)
    /// Close with a summary.
    case close(id: String, CloseInput)
    /// Move a deadline.
    case extend(id: String, ExtensionInput)
    /// Link to an incident.
    case link(id: String, LinkInput)
    /// Raise to major because staff judge it so.
    case upgrade(id: String, NoteInput)
    /// The owner chases a complaint by tracking code (催办).
    case remind(trackingCode: String)
    /// The scheduler escalates a missed clock.
    case escalate(id: String, ClockKind)
    /// The scheduler raises a complaint unresolved for `autoUpgradeAfter` to major.
    case upgradeUnresolved(id: String)
    /// Raise a complaint to major because its incident has too many owners.
    case upgradeForIncident(id: String, incidentID: String)
    /// Audit an unmasked read of the complainant's contact.
    case viewContact(id: String)
    /// The supervisor signs the handling opinion.
    case opinion(id: String, OpinionInput)
    /// Staff record the owner's confirmation signed on the paper form.
    case confirm(id: String, ConfirmationInput)
    /// The owner confirms and signs through the tracking code.
    case confirmByOwner(trackingCode: String, ConfirmationInput)
    /// Staff (or the intake client that registered it) add files to a complaint.
    case attach(id: String, AttachInput)
    /// The owner adds files through the tracking code.
    case attachByOwner(trackingCode: String, AttachInput)

    /// The complaint id the command addresses, if it names one.
    public var complaintID: String? {
        switch self {
        case .register, .remind, .confirmByOwner, .attachByOwner: return nil
        case .assess(let id, _), .dispatch(let id, _), .acknowledge(let id, _), .progress(let id, _),
            .resolve(let id, _), .approve(let id, _), .reply(let id, _), .visit(let id, _), .close(let id, _),
            .extend(let id, _), .link(let id, _), .upgrade(let id, _), .escalate(let id, _),
            .upgradeUnresolved(let id), .upgradeForIncident(let id, _), .viewContact(let id),
            .opinion(let id, _), .confirm(let id, _), .attach(let id, _):
            return id
        }
    }

    /// The tracking code an owner's command names, if it is one.
    public var trackingCode: String? {
        switch self {
        case .remind(let code), .confirmByOwner(let code, _), .attachByOwner(let code, _): return code
        default: return nil
        }
    }
}
