import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

/// `GET /v1/me` (who the token belongs to and what it may do) and `GET /v1/users` (the people a
/// front end offers in its pickers, e.g. the handlers of a department for a dispatch).
struct UsersAPI: Sendable {
    let auth: Authenticator
    let policy: WorkflowPolicy

    // MARK: GET /v1/me

    func me(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        guard let principal = auth.authenticated(request) else { return Problems.unauthorized() }
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        UsersAPI.writeIdentity(principal, into: &w)
        w.member("departmentOnly", principal.scope.isDepartmentScoped)
        w.member("actions", strings: Action.allCases.filter { policy.permits(principal.actor.role, $0) }.map(\.rawValue))
        w.member("permissions", strings: UsersAPI.permissions(of: principal.actor.role))
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    /// What a role may do beyond the workflow actions, named as in the API reference.
    static func permissions(of role: Role) -> [String] {
        var granted: [String] = []
        if WorkflowPolicy.registrationRoles.contains(role) { granted.append("complaints.register") }
        guard role != .intake else { return granted }
        granted += ["complaints.read", "complaints.events", "queues.read", "notifications.read", "users.read"]
        if WorkflowPolicy.contactViewerRoles.contains(role) { granted.append("contacts.reveal") }
        if !AccessScope.departmentScopedRoles.contains(role) { granted.append("reports.read") }
        return granted
    }

    // MARK: GET /v1/users

    func list(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        let caller: Principal
        switch auth.reader(request, reading: "users") {
        case .success(let principal): caller = principal
        case .failure(let refusal): return refusal.response
        }
        guard let q = QueryReader(request) else { return Problems.badRequest(Message(.queryMalformed)) }
        if let refusal = q.unknownParameter(["role", "department", "estate"]) { return refusal }
        let role: Role?
        let department: Department?
        switch q.enumValue("role", Role.self) {
        case .success(let value): role = value
        case .failure(let r): return r.response
        }
        switch q.enumValue("department", Department.self) {
        case .success(let value): department = value
        case .failure(let r): return r.response
        }
        let estate = q.string("estate")
        let users = auth.users.map(\.principal)
            .filter { UsersAPI.isInScope($0, of: caller) }
            .filter { role == nil || $0.actor.role == role }
            .filter { department == nil || $0.actor.department == department }
            .filter { user in estate.map { user.scope.covers(estate: $0) } ?? true }
            .sorted { $0.actor.id < $1.actor.id }
        var w = JSONWriter(capacity: 160 * max(1, users.count))
        w.beginObject()
        w.memberArray("items") { w in
            for user in users {
                w.beginObject()
                UsersAPI.writeIdentity(user, into: &w)
                w.endObject()
            }
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    /// Whether `caller` may see `user` in the list: someone they could share a complaint with.
    ///
    /// Admins see everyone. Otherwise the user's estates must overlap the caller's (either serving
    /// every estate counts); a handler or department head sees their own department's people and
    /// the estate staff, not other departments'; intake clients (front ends, not people) are
    /// listed to admins only. A caller always sees themselves.
    static func isInScope(_ user: Principal, of caller: Principal) -> Bool {
        if caller.actor.role == .admin || user.actor.id == caller.actor.id { return true }
        if user.actor.role == .intake { return false }
        guard user.scope.sharesEstates(with: caller.scope) else { return false }
        if caller.scope.isDepartmentScoped && user.scope.isDepartmentScoped {
            return user.actor.department != nil && user.actor.department == caller.actor.department
        }
        return true
    }

    /// id, name, role, department, estates (empty: every estate) and allEstates.
    static func writeIdentity(_ principal: Principal, into w: inout JSONWriter) {
        w.member("id", principal.actor.id)
        w.member("name", principal.name)
        w.member("role", principal.actor.role.rawValue)
        w.member("department", principal.actor.department?.rawValue)
        w.member("estates", strings: principal.estates)
        w.member("allEstates", principal.estates.isEmpty)
    }
}
