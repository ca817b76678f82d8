import Digest
import Foundation
import Synchronization

/// The console's signed-in sessions, in memory only: a restart signs everyone out, which is all
/// a session needs to survive (nothing else depends on it). A session is found by the SHA-256 of
/// its cookie value, so the dictionary never holds a usable token and lookups leak no timing of
/// the token itself. It ends at its absolute expiry, after `idleSeconds` without a request, or
/// at sign-out.
final class SessionStore: Sendable {
    /// One signed-in user.
    struct Session: Sendable {
        let userID: String
        /// Sent back in `X-CSRF-Token` with every state change made with the cookie.
        let csrfToken: String
        let createdAt: Date
        let expiresAt: Date
        var lastSeenAt: Date
    }

    let settings: SessionSettings
    private let clock: any ServiceClock
    private let sessions = Mutex<[String: Session]>([:])

    init(settings: SessionSettings, clock: any ServiceClock) {
        self.settings = settings
        self.clock = clock
    }

    /// Starts a session for `userID`; returns the cookie value (shown once) and the session.
    func create(userID: String) -> (token: String, session: Session) {
        let now = clock.now()
        let token = Self.randomHex(bytes: 32)
        let session = Session(
            userID: userID, csrfToken: Self.randomHex(bytes: 24), createdAt: now,
            expiresAt: now.addingTimeInterval(settings.absoluteSeconds), lastSeenAt: now)
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.isLive(at: now, idleSeconds: settings.idleSeconds) }
            sessions[Self.key(token)] = session
        }
        return (token, session)
    }

    /// The live session of a cookie value (its idle clock restarts), or nil.
    func find(token: String) -> Session? {
        let now = clock.now()
        let key = Self.key(token)
        return sessions.withLock { sessions -> Session? in
            guard var session = sessions[key] else { return nil }
            guard session.isLive(at: now, idleSeconds: settings.idleSeconds) else {
                sessions[key] = nil
                return nil
            }
            session.lastSeenAt = now
            sessions[key] = session
            return session
        }
    }

    /// Ends the session of a cookie value (sign-out).
    func remove(token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: Self.key(token)) }
    }

    /// How many sessions are live now.
    var count: Int {
        let now = clock.now()
        return sessions.withLock { $0.values.filter { $0.isLive(at: now, idleSeconds: settings.idleSeconds) }.count }
    }

    private static func key(_ token: String) -> String { hexString(SHA256.hash(Array(token.utf8))) }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hexString((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

extension SessionStore.Session {
    /// Before its absolute expiry and used within the idle time.
    func isLive(at now: Date, idleSeconds: Double) -> Bool {
        now < expiresAt && now.timeIntervalSince(lastSeenAt) < idleSeconds
    }
}
