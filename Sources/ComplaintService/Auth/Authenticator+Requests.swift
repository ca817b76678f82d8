import HTTP1

extension Authenticator {
    /// The caller of `request`: a bearer token (scripts) or the console's session cookie. A
    /// state change made with the cookie must carry the session's CSRF token in `X-CSRF-Token`
    /// (403 otherwise); a bearer token needs none, since a browser never sends one by itself.
    func principal(for request: HTTPRequest) -> Result<Principal, Refusal> {
        // The head filter found this request's bearer token already (`admit`).
        if let admitted = request.context as? AuthenticatedCaller { return .success(admitted.principal) }
        if let header = request.headers["authorization"] {
            guard let caller = bearerCaller(header) else { return .failure(Refusal(Problems.unauthorized())) }
            return .success(caller.principal)
        }
        guard let sessions, let token = SessionCookie.value(in: request, name: sessions.settings.cookieName),
            let session = sessions.find(token: token), let principal = principal(userID: session.userID)
        else {
            return .failure(Refusal(Problems.unauthorized()))
        }
        if !SessionCookie.isSafe(request.method) {
            guard let presented = request.headers["x-csrf-token"], constantTimeEquals(Array(presented.utf8), Array(session.csrfToken.utf8)) else {
                return .failure(Refusal(Problems.csrfFailed()))
            }
        }
        return .success(principal)
    }

    /// The caller of `request`, as `principal(for:)`, run by the head filter: a caller found by
    /// bearer token is left in `request.context`, so the handler does not authenticate it again.
    /// A session is looked up again by the handler (cheap, one dictionary lookup), so a sign-out
    /// or expiry while the body was arriving still counts.
    func admit(_ request: inout HTTPRequest) -> Result<Principal, Refusal> {
        if let header = request.headers["authorization"] {
            guard let caller = bearerCaller(header) else { return .failure(Refusal(Problems.unauthorized())) }
            request.context = caller
            return .success(caller.principal)
        }
        return principal(for: request)
    }

    /// The caller of `request`, or nil (no valid token or session, or a cookie state change without its CSRF token).
    func authenticated(_ request: HTTPRequest) -> Principal? {
        try? principal(for: request).get()
    }

    /// The configured user `id`, if any.
    func principal(userID id: String) -> Principal? {
        user(id: id)?.principal
    }

    /// The caller of `request`; throws the 401 (or CSRF 403) refusal.
    func caller(_ request: HTTPRequest) throws -> Principal {
        try principal(for: request).get()
    }

    /// The caller of a staff read of `what`: 401 without a valid token, 403 for an intake client.
    func staffReader(_ request: HTTPRequest, reading what: String) throws -> Principal {
        try reader(request, reading: what).get()
    }
}
