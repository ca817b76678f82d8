import ComplaintDomain
import Foundation

/// One validated entry of the `users` configuration section.
struct ConfiguredUser: Sendable {
    var id: String
    var name: String
    var role: Role
    /// The department of a handler or department head.
    var department: Department?
    /// The estates the user serves; empty means every estate.
    var estates: [String]
    /// The bearer token for scripts; nil for a user who only signs in with a password.
    var token: [UInt8]?
    /// The hash of the password for the console's sign-in; nil for a script-only user.
    var passwordHash: PasswordHash?
    /// A mainland mobile (11 digits, normalised) the notification robots @mention.
    var mobile: String? = nil
}

/// Validates the `users` section: every entry an object with an id, a known role, the
/// department handlers and department heads need, estates as a list of names, and a token of
/// at least 16 characters (directly or through `tokenEnv`) and/or a `passwordHash` for the web
/// console (`complaintd hash-password` makes one). Each error names the key
/// (`users[2].role`) and the value — and never a token, wherever one was written.
enum UserConfiguration {
    static let minimumTokenLength = 16
    static let keys: Set<String> = ["id", "name", "role", "department", "estates", "token", "tokenEnv", "passwordHash", "mobile"]
    /// The roles a configured user may have (`owner` and `system` are the service's own).
    static let roles = Role.allCases.filter { $0 != .owner && $0 != .system }

    /// Parses the section as stored in the configuration (JSON); nil or empty means no users.
    static func parse(json: Data?, environment: [String: String]) throws -> [ConfiguredUser] {
        guard let json else { return [] }
        let raw: Any
        do { raw = try JSONSerialization.jsonObject(with: json) } catch {
            throw ConfigurationError(key: "users", value: "(not shown)", reason: "not valid JSON")
        }
        return try parse(raw, environment: environment)
    }

    /// Parses the decoded section.
    static func parse(_ raw: Any, environment: [String: String]) throws -> [ConfiguredUser] {
        let secrets = secrets(in: raw, environment: environment)
        do {
            return try validate(raw, environment: environment)
        } catch let error as ConfigurationError {
            // Whatever field a token was pasted into, it does not reach stderr or the log.
            throw ConfigurationError(
                key: redact(error.key, secrets), value: redact(error.value, secrets),
                reason: redact(error.reason, secrets))
        }
    }

    private static func validate(_ raw: Any, environment: [String: String]) throws -> [ConfiguredUser] {
        guard let list = raw as? [Any] else {
            throw ConfigurationError(key: "users", value: describeType(raw), reason: "expected a list of users")
        }
        var users: [ConfiguredUser] = []
        var tokenOwners: [[UInt8]: String] = [:]
        for (index, element) in list.enumerated() {
            let key = "users[\(index)]"
            guard let entry = element as? [String: Any] else {
                throw ConfigurationError(
                    key: key, value: describeType(element),
                    reason: "expected an object with id, role and token or tokenEnv")
            }
            for name in entry.keys.sorted() where !keys.contains(name) && !name.hasPrefix("_") {
                // The value is not shown: a misspelt "token" key would otherwise print the token.
                throw ConfigurationError(
                    key: "\(key).\(name)", value: describeType(entry[name]!),
                    reason: "unknown setting; a user has \(keys.sorted().joined(separator: ", "))")
            }
            let user = try validateEntry(entry, key: key, environment: environment)
            if let earlier = users.firstIndex(where: { $0.id == user.id }) {
                throw ConfigurationError(key: "\(key).id", value: quoted(user.id), reason: "users[\(earlier)] has the same id")
            }
            if let token = user.token {
                if let earlier = tokenOwners[token] {
                    throw ConfigurationError(
                        key: "\(key).\(entry["tokenEnv"] == nil ? "token" : "tokenEnv")", value: "(hidden)",
                        reason: "\(earlier) has the same token; every user needs their own")
                }
                tokenOwners[token] = key
            }
            users.append(user)
        }
        return users
    }

    private static func validateEntry(_ entry: [String: Any], key: String, environment: [String: String]) throws -> ConfiguredUser {
        guard let id = entry["id"] as? String, isWellFormedID(id) else {
            throw ConfigurationError(
                key: "\(key).id", value: describe(entry["id"]),
                reason: "each user needs an id of 1 to 100 characters without spaces or control characters")
        }
        var name = id
        if let value = entry["name"], !(value is NSNull) {
            guard let text = value as? String, !text.isEmpty, text.count <= 100 else {
                throw ConfigurationError(key: "\(key).name", value: describe(value), reason: "expected a name of 1 to 100 characters")
            }
            name = text
        }
        guard let roleName = entry["role"] as? String, let role = Role(rawValue: roleName), roles.contains(role) else {
            throw ConfigurationError(
                key: "\(key).role", value: describe(entry["role"]),
                reason: "expected one of \(roles.map(\.rawValue).joined(separator: ", "))")
        }
        let department = try validateDepartment(entry["department"], role: role, key: "\(key).department")
        let estates = try validateEstates(entry["estates"], key: "\(key).estates")
        let passwordHash = try validatePasswordHash(entry["passwordHash"], key: "\(key).passwordHash")
        // A password alone is enough for a console user; a script needs a token.
        let token =
            passwordHash != nil && entry["token"] == nil && entry["tokenEnv"] == nil
            ? nil : try validateToken(entry, key: key, environment: environment)
        let mobile = try validateMobile(entry["mobile"], key: "\(key).mobile")
        return ConfiguredUser(
            id: id, name: name, role: role, department: department, estates: estates, token: token,
            passwordHash: passwordHash, mobile: mobile)
    }

    private static func validatePasswordHash(_ value: Any?, key: String) throws -> PasswordHash? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String, let hash = PasswordHash(text: text) else {
            // Not shown: a password pasted here by mistake must not reach the log.
            throw ConfigurationError(
                key: key, value: "(not shown)",
                reason: "expected \(PasswordHash.scheme)$<iterations>$<salt>$<key> "
                    + "as printed by `complaintd hash-password` (iterations \(PasswordHash.iterationRange.lowerBound) to "
                    + "\(PasswordHash.iterationRange.upperBound))")
        }
        return hash
    }

    /// A mainland mobile, read as `PhoneNumber` reads owners' (full-width digits, spaces, +86).
    private static func validateMobile(_ value: Any?, key: String) throws -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String, case .mobile(let mobile) = PhoneNumber.read(text) else {
            throw ConfigurationError(key: key, value: describe(value), reason: "expected a mainland mobile number: 11 digits starting 1[3-9]")
        }
        return mobile
    }

    private static func validateDepartment(_ value: Any?, role: Role, key: String) throws -> Department? {
        let departments = Department.allCases.map(\.rawValue).joined(separator: ", ")
        let needsOne = AccessScope.departmentScopedRoles.contains(role)
        guard let value, !(value is NSNull) else {
            if needsOne {
                throw ConfigurationError(key: key, value: "(missing)", reason: "a \(role.rawValue) needs a department: one of \(departments)")
            }
            return nil
        }
        guard needsOne else {
            throw ConfigurationError(
                key: key, value: describe(value),
                reason: "only handlers and department heads belong to a department; limit a \(role.rawValue) with estates")
        }
        guard let name = value as? String, let department = Department(rawValue: name) else {
            throw ConfigurationError(key: key, value: describe(value), reason: "unknown department; expected one of \(departments)")
        }
        return department
    }

    private static func validateEstates(_ value: Any?, key: String) throws -> [String] {
        guard let value, !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else {
            throw ConfigurationError(key: key, value: describe(value), reason: "expected a list of estate names (empty or absent: every estate)")
        }
        var estates: [String] = []
        for (index, element) in list.enumerated() {
            guard let text = element as? String else {
                throw ConfigurationError(key: "\(key)[\(index)]", value: describe(element), reason: "expected an estate name")
            }
            let estate = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !estate.isEmpty, estate.count <= 200 else {
                throw ConfigurationError(key: "\(key)[\(index)]", value: describe(element), reason: "expected an estate name of 1 to 200 characters")
            }
            if !estates.contains(estate) { estates.append(estate) }
        }
        return estates
    }

    private static func validateToken(_ entry: [String: Any], key: String, environment: [String: String]) throws -> [UInt8] {
        let hint =
            "each user needs a token of at least \(minimumTokenLength) characters (token, or better tokenEnv naming an environment variable), "
            + "a passwordHash, or both"
        if entry["token"] != nil && entry["tokenEnv"] != nil {
            throw ConfigurationError(key: "\(key).token", value: "(hidden)", reason: "give token or tokenEnv, not both")
        }
        if let variable = entry["tokenEnv"] {
            guard let name = variable as? String, !name.isEmpty, name.count <= 200,
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") })
            else {
                throw ConfigurationError(key: "\(key).tokenEnv", value: describe(variable), reason: "expected the name of an environment variable")
            }
            guard let token = environment[name] else {
                throw ConfigurationError(key: "\(key).tokenEnv", value: quoted(name), reason: "the environment variable is not set; \(hint)")
            }
            guard token.count >= minimumTokenLength else {
                throw ConfigurationError(
                    key: "\(key).tokenEnv", value: quoted(name), reason: "the environment variable holds fewer than \(minimumTokenLength) characters")
            }
            return Array(token.utf8)
        }
        guard let token = entry["token"] as? String, token.count >= minimumTokenLength else {
            throw ConfigurationError(key: "\(key).token", value: entry["token"] == nil ? "(missing)" : "(hidden)", reason: hint)
        }
        return Array(token.utf8)
    }

    /// Ids appear in events, URLs and logs: printable, no spaces, at most 100 characters.
    private static func isWellFormedID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100
            && id.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.properties.generalCategory != .control }
    }

    /// Every token the section holds (written or named through `tokenEnv`), to keep out of messages.
    private static func secrets(in raw: Any, environment: [String: String]) -> [String] {
        guard let list = raw as? [Any] else { return [] }
        var secrets: [String] = []
        for case let entry as [String: Any] in list {
            if let token = entry["token"] as? String { secrets.append(token) }
            if let name = entry["tokenEnv"] as? String, let token = environment[name] { secrets.append(token) }
        }
        // Longest first, so a token containing another is hidden whole.
        return secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    private static func redact(_ text: String, _ secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "(hidden)") }
    }

    private static func describe(_ value: Any?) -> String {
        guard let value else { return "(missing)" }
        if value is NSNull { return "null" }
        return ConfigurationLoader.describe(value)
    }

    private static func quoted(_ text: String) -> String { ConfigurationLoader.describe(text) }

    /// The JSON type of a value that is not shown: a misplaced entry may well be a token.
    static func describeType(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case is String: return "(a string, not shown)"
        case is [Any]: return "(a list, not shown)"
        case is [String: Any]: return "(an object, not shown)"
        case let number as NSNumber: return String(cString: number.objCType) == "c" ? "(a boolean)" : "(a number)"
        default: return "(a value, not shown)"
        }
    }
}
