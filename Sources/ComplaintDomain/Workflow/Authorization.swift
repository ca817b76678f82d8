// Who may do what, from which status. The status table and the role table are separate data;
// department and ownership rules come on top, and the order of the checks fixes which error wins:
// a role that may never take the action is forbidden (403) whatever the status, then the status
// decides (409), then the department or the actor's part in the work (403).

extension ComplaintStatus {
    /// The actions the workflow allows from this status, before roles and data-dependent rules.
    public var actions: Set<Action> { Set(Action.all.filter { actionBits & $0.bit != 0 }) }

    /// `actions` as bits (`Action.bit`): what the checks on every create and read use (as a set
    /// per status in a dictionary, two hashed lookups per candidate action).
    var actionBits: UInt32 { ComplaintStatus.actionBitTable[Int(caseIndex(self))] }

    /// Built once, by status in declaration order.
    private static let actionBitTable: [UInt32] = allCases.map { Action.bits($0.makeActions()) }

    private func makeActions() -> Set<Action> {
        switch self {
        case .received: return [.assess, .opinion, .link, .extend, .upgrade]
        case .assessed: return [.dispatch, .opinion, .link, .extend, .upgrade]
        case .explained: return [.close]
        case .dispatched: return [.acknowledge, .progress, .opinion, .link, .extend, .upgrade]
        case .inProgress: return [.progress, .resolve, .opinion, .link, .extend, .upgrade]
        case .resolved: return [.approve, .reply, .link, .extend, .upgrade]
        case .approved: return [.reply, .link, .extend, .upgrade]
        case .replied: return [.visit, .confirm, .link, .extend, .upgrade]
        case .visited: return [.close, .visit, .confirm]
        case .closed: return [.visit]
        }
    }
}

extension ComplaintBook {
    /// Whether the complaint's status (and the data it depends on) allows `action` now.
    func statusAllows(_ action: Action, _ complaint: Complaint) -> Bool {
        guard complaint.status.actionBits & action.bit != 0 else { return false }
        switch (complaint.status, action) {
        case (.resolved, .reply):
            return !policy.requiresApproval(complaint.severity)
        case (.visited, .visit), (.closed, .visit):
            return complaint.followUpDueAt != nil  // Only the follow-up visit remains.
        case (_, .confirm):
            return !complaint.confirmedSinceReply  // One confirmation per reply.
        default:
            return true
        }
    }

    /// Whether the actor's department or part in the work allows `action`.
    func partAllows(_ action: Action, _ complaint: Complaint, _ actor: Actor) -> Bool {
        switch action {
        case .acknowledge, .progress, .resolve:
            switch actor.role {
            case .handler:
                return actor.id == complaint.handler || (actor.department != nil && actor.department == complaint.department)
            case .departmentHead:
                return actor.department != nil && actor.department == complaint.department
            default:
                return true
            }
        case .visit:
            // Whoever did the work may not judge it: the visit must be independent.
            return !complaint.wasHandled(by: actor.id)
        case .approve:
            // Who approves depends on the severity (`WorkflowPolicy.approvers`).
            return policy.mayApprove(actor.role, complaint.severity)
        default:
            return true
        }
    }

    /// The actions `actor` may take on `complaint` now.
    public func allowedActions(for complaint: Complaint, actor: Actor) -> [Action] {
        // The status's few actions first, then the role table, both as bits: as a set and a
        // dictionary of sets they cost 6,700 instructions a create (4 % of one).
        let possible = complaint.status.actionBits
        return Action.all.filter {
            possible & $0.bit != 0 && policy.permits(actor.role, $0) && statusAllows($0, complaint) && partAllows($0, complaint, actor)
        }
    }

    /// What a command's answer needs of the complaint it left, read in one pass where it lies
    /// (each read of a shared complaint copies it for the reader): nil when `scope` may not see
    /// it, else the actions `actor` may take next and the complaint it repeats.
    public func answerFacts(of shared: SharedComplaint, actor: Actor, scope: AccessScope) -> (allowed: [Action], repeatOf: String?)? {
        shared.read { complaint in
            guard complaint.isVisible(to: scope) else { return nil }
            return (allowedActions(for: complaint, actor: actor), complaint.repeatOf)
        }
    }

    /// Checks scope, role, status and part for `action`, returning the complaint or the refusal.
    /// Out of scope comes first and reads as not found, so no other answer tells it exists.
    func authorize(_ action: Action, id: String, actor: Actor, scope: AccessScope) -> Result<Complaint, DomainError> {
        let complaint: Complaint
        switch loaded(id, within: scope) {
        case .success(let found): complaint = found
        case .failure(let error): return .failure(error)
        }
        guard policy.permits(actor.role, action) else {
            return .failure(.forbidden(.roleMayNot, ["role": actor.role.rawValue, "action": action.rawValue]))
        }
        guard statusAllows(action, complaint) else {
            return .failure(
                .transition(
                    action.rawValue, from: complaint.status,
                    allowed: allowedActions(for: complaint, actor: actor)))
        }
        guard partAllows(action, complaint, actor) else {
            switch action {
            case .approve:
                let severity = complaint.severity ?? .minor
                let roles = (policy.approvingRoles(severity) + [.admin]).map(\.rawValue).joined(separator: ", ")
                return .failure(.forbidden(.approvedBy, ["severity": severity.rawValue, "roles": roles]))
            default:
                return .failure(.forbidden(action == .visit ? .visitByHandler : .otherDepartment))
            }
        }
        return .success(complaint)
    }
}
