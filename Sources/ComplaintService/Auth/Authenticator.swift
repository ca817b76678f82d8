import ComplaintDomain
import Foundation
import HTTP1
import Notifications
import Telemetry

/// Someone calling the API with a bearer token: a staff user or a front-end intake client.
struct Principal: Sendable {
    let actor: Actor
    let name: String
    /// The estates the caller serves (empty: every estate), as configured.
    let estates: [String]
    /// What the caller may see and act on; applied by the read side and by `decide`.
    let scope: AccessScope

    init(actor: Actor, name: String, estates: [String] = []) {
        self.actor = actor
        self.name = name
        self.estates = estates
        self.scope = AccessScope(actor: actor, estates: estates)
    }

    /// May read owners' phone numbers unmasked (each such read is audited).
    var mayRevealContacts: Bool { WorkflowPolicy.contactViewerRoles.contains(actor.role) }
}

/// Resolves `Authorization: Bearer <token>` to a principal in one keyed-hash lookup
/// (`TokenIndex`), whatever the roster's size; timing tells neither how close a guess was nor
/// which user it came near.
struct Authenticator: Sendable {
    struct User: Sendable {
        var principal: Principal
        /// Nil for a user who only signs in to the console.
        var token: [UInt8]?
        /// Nil for a script-only user.
        var passwordHash: PasswordHash?
        var mobile: String? = nil
    }
    let users: [User]
    /// The console's signed-in sessions (nil: cookies are not accepted, e.g. in tools).
    var sessions: SessionStore?
    /// The generated admin's password from `<data>/admin.password`, when no users are configured.
    var bootstrapPassword: [UInt8]?
    /// The users with a token, by a keyed hash of it.
    let tokens: TokenIndex
    /// Each user's position in `users`, by id (a session names its user by id on every request).
    private let positions: [String: Int]

    init(users: [User], sessions: SessionStore?, bootstrapPassword: [UInt8]?) {
        self.users = users
        self.sessions = sessions
        self.bootstrapPassword = bootstrapPassword
        tokens = TokenIndex(users.compactMap { user in user.token.map { ($0, AuthenticatedCaller(user.principal)) } })
        // Ids are unique (`UserConfiguration`); the first is kept, as `users.first` found it.
        positions = Dictionary(users.enumerated().map { ($1.principal.actor.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The configured user `id`, if any.
    func user(id: String) -> User? {
        positions[id].map { users[$0] }
    }

    /// Users from the `users` config section (validated by `UserConfiguration`); with none
    /// configured, an admin token is created in the data directory (mode 0600) on first start
    /// and reused afterwards.
    static func make(usersJSON: Data?, environment: [String: String], dataDirectory: String, log: Log) throws -> Authenticator {
        var users = try UserConfiguration.parse(json: usersJSON, environment: environment).map { user in
            User(
                principal: Principal(
                    actor: Actor(id: user.id, role: user.role, department: user.department),
                    name: user.name, estates: user.estates),
                token: user.token, passwordHash: user.passwordHash, mobile: user.mobile)
        }
        var bootstrapPassword: [UInt8]?
        if users.isEmpty {
            let token = try bootstrapAdminToken(dataDirectory: dataDirectory, log: log)
            bootstrapPassword = Array(try BootstrapPassword.readOrCreate(dataDirectory: dataDirectory, log: log).utf8)
            users.append(
                User(
                    principal: Principal(actor: Actor(id: "admin", role: .admin, department: nil), name: "Administrator"),
                    token: Array(token.utf8)))
        }
        return Authenticator(users: users, sessions: nil, bootstrapPassword: bootstrapPassword)
    }

    /// The configured people as dispatch sees them.
    var staffDirectory: StaffDirectory {
        StaffDirectory(
            members: Dictionary(
                uniqueKeysWithValues: users.map { user in
                    (
                        user.principal.actor.id,
                        StaffDirectory.Member(
                            role: user.principal.actor.role, department: user.principal.actor.department,
                            estates: user.principal.estates)
                    )
                }))
    }

    /// The configured people as messages name them, by user id.
    var people: [String: NotificationPerson] {
        Dictionary(
            uniqueKeysWithValues: users.map { user in
                (
                    user.principal.actor.id,
                    NotificationPerson(name: user.principal.name, role: user.principal.actor.role.rawValue, mobile: user.mobile)
                )
            })
    }

    /// Reads or creates `<data>/admin.token`.
    private static func bootstrapAdminToken(dataDirectory: String, log: Log) throws -> String {
        let path = SecretFiles.adminTokenPath(dataDirectory: dataDirectory)
        if let token = try SecretFiles.read(path) {
            if token.utf8.count >= 16 {
                log.info("no users configured: using the admin token", [("path", .string(path))])
                return token
            }
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try? FileManager.default.removeItem(atPath: path)  // one too short to use
        try SecretFiles.create(path, text: token + "\n")
        log.info(
            "no users configured: created an admin token",
            [
                ("path", .string(path)),
                ("hint", .string("curl -H \"Authorization: Bearer $(cat \(path))\" http://HOST:PORT/v1/complaints")),
            ])
        return token
    }

    /// The principal for a staff read of `what` (e.g. "complaints"): 401 without a valid token,
    /// 403 for an intake client, which may register complaints but not browse the company's data.
    func reader(_ request: HTTPRequest, reading what: String) -> Result<Principal, Refusal> {
        let principal: Principal
        switch self.principal(for: request) {
        case .success(let found): principal = found
        case .failure(let refusal): return .failure(refusal)
        }
        guard principal.actor.role != .intake else {
            return .failure(Refusal(Problems.forbidden(Message(.intakeMayNotRead, ["what": .code(.resource, what)]))))
        }
        return .success(principal)
    }

    /// The configured caller whose token an Authorization header value presents, or nil.
    func bearerCaller(_ header: String?) -> AuthenticatedCaller? {
        // On the bytes: counting Characters and lowercasing a Substring was ~2 % of a create.
        guard var header else { return nil }
        return header.withUTF8 { bytes -> AuthenticatedCaller? in
            guard bytes.count > 7, zip(bytes, "bearer ".utf8).allSatisfy({ Self.asciiLowercased($0) == $1 }) else { return nil }
            return tokens.caller(presenting: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[7...])))
        }
    }
}

extension Authenticator {
    /// `byte` with ASCII capitals made small (the auth scheme is case-insensitive, RFC 9110 §11.1).
    static func asciiLowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
