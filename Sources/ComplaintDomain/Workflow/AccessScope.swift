// Who may see and act on which complaints. One value per caller, applied by the read side
// (`isVisible`, lists, queues, reports) and by `decide`, so the rule lives in one place: a
// complaint outside the caller's scope is answered as if it did not exist.

/// The part of a deployment a caller works in: some estates (or all), and for department
/// staff only what was dispatched to their department or what they worked on themselves.
public struct AccessScope: Sendable, Hashable {
    /// The estates the caller serves; nil means every estate.
    public let estates: Set<String>?
    /// Whether the caller sees only their department's complaints and their own past work.
    public let isDepartmentScoped: Bool
    /// The department of a department-scoped caller (nil: only their own past work).
    public let department: Department?
    /// Whose past work stays in scope after it left the department.
    public let actorID: String

    /// No limit: the scheduler, automatic policies and the owner's tracking code.
    public static let unrestricted = AccessScope(estates: nil, isDepartmentScoped: false, department: nil, actorID: "")

    /// Roles whose scope is a department (handlers and department heads).
    public static let departmentScopedRoles: Set<Role> = [.handler, .departmentHead]

    private init(estates: Set<String>?, isDepartmentScoped: Bool, department: Department?, actorID: String) {
        self.estates = estates
        self.isDepartmentScoped = isDepartmentScoped
        self.department = department
        self.actorID = actorID
    }

    /// The scope of `actor` serving `estates` (empty: every estate); department staff are
    /// limited to their department as well.
    public init(actor: Actor, estates: [String]) {
        self.estates = estates.isEmpty ? nil : Set(estates)
        self.isDepartmentScoped = AccessScope.departmentScopedRoles.contains(actor.role)
        self.department = isDepartmentScoped ? actor.department : nil
        self.actorID = actor.id
    }

    /// Whether the scope covers every complaint (no estate or department limit).
    public var isUnlimited: Bool { estates == nil && !isDepartmentScoped }

    /// Whether complaints of `estate` may be in scope.
    public func covers(estate: String) -> Bool {
        estates?.contains(estate) ?? true
    }

    /// Whether a caller of `other` scope could share a complaint with this one: their estates
    /// overlap (or either serves every estate).
    public func sharesEstates(with other: AccessScope) -> Bool {
        guard let mine = estates, let theirs = other.estates else { return true }
        return !mine.isDisjoint(with: theirs)
    }
}

extension Complaint {
    /// Whether `scope` covers this complaint: the scope rule, used by `decide`, the lists and
    /// every queue (through `ComplaintBook.isVisible`).
    public func isVisible(to scope: AccessScope) -> Bool {
        guard scope.covers(estate: complainant.estate) else { return false }
        guard scope.isDepartmentScoped else { return true }
        if let department = scope.department, self.department == department { return true }
        return wasWorkedOn(by: scope.actorID)
    }

    /// Whether the actor did work on the complaint: registered it (as its first responsible
    /// person), was assigned as handler, took it up, resolved it or wrote a progress note. Such
    /// work keeps it in a department-scoped actor's view.
    public func wasWorkedOn(by actorID: String) -> Bool {
        receivedBy == actorID || wasHandled(by: actorID) || progressNotes.contains { $0.by == actorID }
    }
}
