import ComplaintDomain
import Dispatch
import Foundation
import HTTP1
import JSONCodec
import Synchronization
import Telemetry

/// The console's sign-in: `POST /v1/session` (user id and password → session cookie and CSRF
/// token), `GET /v1/session` (who is signed in), `DELETE /v1/session` (sign out).
///
/// Failed attempts are limited per user id and per client address (`web.signIn`; 429 with
/// Retry-After once used up). Password checks run off the event loops, a few at a time. Every
/// attempt is logged with the user id as typed and the address — never the password.
struct SessionAPI: Sendable {
    let auth: Authenticator
    let sessions: SessionStore
    let settings: WebSettings
    let limiter: AttemptLimiter
    let checks: CheckSlots
    let log: Log
    /// Checked for an unknown user id, costing what a real user's check costs.
    let decoy: PasswordHash

    init(auth: Authenticator, sessions: SessionStore, settings: WebSettings, clock: any ServiceClock, log: Log) {
        self.log = log
        self.auth = auth
        self.sessions = sessions
        self.settings = settings
        self.limiter = AttemptLimiter(windowSeconds: settings.signIn.windowSeconds, clock: clock)
        self.checks = CheckSlots(limit: settings.signIn.maxConcurrentChecks)
        let iterations = auth.users.compactMap(\.passwordHash).map(\.iterations).max() ?? PasswordHash.iterationRange.lowerBound
        self.decoy = PasswordHash(iterations: iterations, salt: Array(repeating: 7, count: 16), key: Array(repeating: 0, count: 32))
    }

    struct SignIn: Decodable {
        var userId: String?
        var password: String?
    }

    // MARK: POST /v1/session

    func signIn(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let input = try RequestDecoding.decode(SignIn.self, from: request).get()
        var errors: [FieldError] = []
        let userID = input.userId?.trimmingCharacters(in: .whitespaces) ?? ""
        if userID.isEmpty { errors.append(FieldError(field: "userId", rule: .required)) }
        if userID.count > 100 { errors.append(FieldError(field: "userId", rule: .tooLong, values: ["limit": "100"])) }
        let password = input.password ?? ""
        if password.isEmpty { errors.append(FieldError(field: "password", rule: .required)) }
        // Counted in bytes: the hash reads UTF-8 (1,024 bytes are at least 256 characters).
        if password.utf8.count > 1024 { errors.append(FieldError(field: "password", rule: .tooLong, values: ["limit": "256"])) }
        guard errors.isEmpty else { return Problems.validation(errors) }
        let address = ClientAddress.of(request, trustedProxies: settings.trustedProxies)
        let limits = settings.signIn
        if let wait = limiter.retryAfter("user:" + userID, allowance: limits.maxFailuresPerUser)
            ?? limiter.retryAfter("addr:" + address, allowance: limits.maxFailuresPerAddress)
        {
            log.warn(
                "sign-in refused",
                [
                    ("userId", .string(userID)), ("address", .string(address)), ("reason", .string("too-many-failures")),
                    ("retryAfterSeconds", .int(wait)),
                ])
            return Problems.response(
                status: 429, slug: "too-many-sign-in-failures", detail: Message(.signInLimited, ["seconds": .text(String(wait))]),
                headers: [("Retry-After", String(wait))])
        }
        guard checks.take() else {
            return Problems.unavailable(Message(.signInChecksBusy), retryAfterSeconds: 1)
        }
        let user = auth.user(id: userID)
        let bootstrap = auth.bootstrapPassword
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            defer { checks.give() }
            let verified = Self.verify(password, user: user, bootstrap: bootstrap, decoy: decoy)
            guard verified, let principal = user?.principal else {
                limiter.record("user:" + userID)
                limiter.record("addr:" + address)
                log.warn(
                    "sign-in failed",
                    [
                        ("userId", .string(userID)), ("address", .string(address)),
                        ("reason", .string(user == nil ? "unknown-user" : "wrong-password")),
                    ])
                later.respond(Problems.response(status: 401, slug: "sign-in-failed", detail: Message(.signInFailed)))
                return
            }
            limiter.reset("user:" + userID)
            let (token, session) = sessions.create(userID: userID)
            log.info("signed in", [("userId", .string(userID)), ("address", .string(address))])
            later.respond(
                HTTPResponse.json(
                    200, Self.body(principal, session: session, idleSeconds: sessions.settings.idleSeconds),
                    headers: [
                        ("Set-Cookie", SessionCookie.setting(token, settings: sessions.settings)),
                        ("Cache-Control", "no-store"),
                    ]))
        }
        return nil
    }

    /// Checks the password against the user's hash (or the generated admin's file); an unknown
    /// user costs as much as a known one, so timing does not tell which ids exist.
    private static func verify(_ password: String, user: Authenticator.User?, bootstrap: [UInt8]?, decoy: PasswordHash) -> Bool {
        if let hash = user?.passwordHash { return hash.verify(password) }
        if let bootstrap, user?.principal.actor.id == "admin" { return constantTimeEquals(Array(password.utf8), bootstrap) }
        _ = decoy.verify(password)
        return false
    }

    // MARK: GET /v1/session

    /// Who is signed in with the cookie: the user and CSRF token, or `"user": null`.
    func current(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        guard let token = SessionCookie.value(in: request, name: sessions.settings.cookieName), let session = sessions.find(token: token),
            let principal = auth.principal(userID: session.userID)
        else {
            // Signed out is an answer, not an error: a page asks this on every load.
            return HTTPResponse.json(200, Array(#"{"user":null,"csrfToken":null,"expiresAt":null}"#.utf8), headers: [("Cache-Control", "no-store")])
        }
        return HTTPResponse.json(
            200, Self.body(principal, session: session, idleSeconds: sessions.settings.idleSeconds),
            headers: [("Cache-Control", "no-store")])
    }

    // MARK: DELETE /v1/session

    func signOut(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        if let token = SessionCookie.value(in: request, name: sessions.settings.cookieName), let session = sessions.find(token: token) {
            guard let presented = request.headers["x-csrf-token"], constantTimeEquals(Array(presented.utf8), Array(session.csrfToken.utf8)) else {
                return Problems.csrfFailed()
            }
            sessions.remove(token: token)
            log.info("signed out", [("userId", .string(session.userID))])
        }
        return HTTPResponse(
            status: 204,
            headers: [
                ("Set-Cookie", SessionCookie.clearing(settings: sessions.settings)),
                ("Cache-Control", "no-store"),
            ])
    }

    /// `{"user": {...as /v1/me...}, "csrfToken", "expiresAt", "idleSeconds"}`.
    static func body(_ principal: Principal, session: SessionStore.Session, idleSeconds: Double) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.memberObject("user") { w in UsersAPI.writeIdentity(principal, into: &w) }
        w.member("csrfToken", session.csrfToken)
        w.member("expiresAt", date: session.expiresAt)
        w.member("idleSeconds", Int(idleSeconds))
        w.endObject()
        return w.bytes
    }
}

/// A counting limit on work running at once (password checks).
final class CheckSlots: Sendable {
    private let limit: Int
    private let running = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a slot; false when all are busy.
    func take() -> Bool {
        if running.add(1, ordering: .acquiringAndReleasing).newValue > limit {
            running.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func give() { running.subtract(1, ordering: .releasing) }
}
