/// The configured people a complaint can be dispatched to, so a dispatch names a real handler
/// of the target department rather than any string.
public struct StaffDirectory: Sendable {
    /// One configured user as dispatch sees them.
    public struct Member: Sendable, Hashable {
        /// The user's role.
        public var role: Role
        /// The department of a handler or department head.
        public var department: Department?
        /// The estates the user serves (empty: every estate).
        public var estates: [String]

        /// Creates a member.
        public init(role: Role, department: Department?, estates: [String]) {
            self.role = role
            self.department = department
            self.estates = estates
        }
    }

    /// Members by user id.
    public var members: [String: Member]

    /// Creates a directory of `members` by id.
    public init(members: [String: Member]) {
        self.members = members
    }

    /// Why `handler` cannot take a complaint of `estate` dispatched to `department` (a field
    /// error's key and values), or nil when they can.
    func refusal(handler: String, department: Department, estate: String) -> (rule: DomainMessage, values: [String: String])? {
        guard let member = members[handler] else { return (.handlerUnknown, ["handler": handler]) }
        guard AccessScope.departmentScopedRoles.contains(member.role) else {
            return (.handlerWrongRole, ["handler": handler, "role": member.role.rawValue])
        }
        guard member.department == department else {
            return (.handlerWrongDepartment, ["handler": handler, "actual": member.department?.rawValue ?? "", "department": department.rawValue])
        }
        guard member.estates.isEmpty || member.estates.contains(estate) else {
            return (.handlerWrongEstate, ["handler": handler, "estate": estate])
        }
        return nil
    }
}
