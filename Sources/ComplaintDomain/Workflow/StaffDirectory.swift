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

    /// Why `handler` cannot take a complaint of `estate` dispatched to `department`, or nil when they can.
    func refusal(handler: String, department: Department, estate: String) -> String? {
        guard let member = members[handler] else { return "is not a configured user" }
        guard AccessScope.departmentScopedRoles.contains(member.role) else {
            return "is a \(member.role.rawValue), not a handler or department head"
        }
        guard member.department == department else {
            return "belongs to \(member.department?.rawValue ?? "no department"), not \(department.rawValue)"
        }
        guard member.estates.isEmpty || member.estates.contains(estate) else {
            return "does not serve the estate \(estate)"
        }
        return nil
    }
}
