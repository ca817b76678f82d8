import ComplaintDomain
import Foundation

/// The `workflow` section, checked key by key before the policy is built: an unknown key (a
/// typo), a value of the wrong type, a duration that is not positive, a count out of range or an
/// unknown time zone stops start-up naming the key and the value. The known keys are the ones the
/// policy itself encodes, so a new policy field is accepted without a list to keep in step.
enum WorkflowConfiguration {
    /// Longest duration accepted: ten years, in seconds.
    static let longestDuration: Double = 10 * 365 * 86_400

    static func policy(from raw: Any, prefix: String = "workflow") throws -> WorkflowPolicy {
        guard let object = raw as? [String: Any] else {
            throw ConfigurationError(key: prefix, value: ConfigurationLoader.describe(raw), reason: "expected an object")
        }
        let settings = withoutComments(object) as? [String: Any] ?? [:]
        let known = knownKeys
        for key in settings.keys.sorted() where !known.contains(key) {
            throw ConfigurationError(
                key: "\(prefix).\(key)", value: ConfigurationLoader.describe(settings[key]!),
                reason: "unknown setting (known: \(known.sorted().joined(separator: ", ")))")
        }
        // Each key decoded on its own, so a type error always names its key.
        let decoder = JSONDecoder()
        for key in settings.keys.sorted() {
            let single = try JSONSerialization.data(withJSONObject: [key: settings[key]!])
            do {
                _ = try decoder.decode(WorkflowPolicy.self, from: single)
            } catch let error as DecodingError {
                let path = FieldError(decodingError: error).field
                let name = path.isEmpty || !path.hasPrefix(key) ? key : path
                throw ConfigurationError(
                    key: "\(prefix).\(name)", value: ConfigurationLoader.describe(value(at: name, in: settings) ?? settings[key]!),
                    reason: Message(domain: FieldError(decodingError: error).rule, [:]).text(.en))
            }
        }
        let policy = try decoder.decode(WorkflowPolicy.self, from: JSONSerialization.data(withJSONObject: settings))
        try checkRanges(policy, given: settings, prefix: prefix)
        return policy
    }

    /// Durations (every `Double` field) must be positive; counts (every `Int` field) at least 1.
    private static func checkRanges(_ policy: WorkflowPolicy, given settings: [String: Any], prefix: String) throws {
        for child in Mirror(reflecting: policy).children {
            guard let name = child.label else { continue }
            let shown = settings[name].map(ConfigurationLoader.describe) ?? "\(child.value)"
            if let seconds = child.value as? Double, !(seconds > 0 && seconds <= longestDuration) {
                throw ConfigurationError(
                    key: "\(prefix).\(name)", value: shown,
                    reason: "expected a positive duration in seconds, at most \(Int(longestDuration))")
            }
            if let count = child.value as? Int, !(1...1_000_000).contains(count) {
                throw ConfigurationError(key: "\(prefix).\(name)", value: shown, reason: "expected an integer in 1...1000000")
            }
        }
        for severity in [Severity.important, .major] where (policy.approvers[severity] ?? []).isEmpty {
            throw ConfigurationError(
                key: "\(prefix).approvers.\(severity.rawValue)", value: "[]",
                reason: "an important or major result always needs an approval; name who gives it (e.g. [\"manager\"])")
        }
        let staffRoles = Set(Role.allCases).subtracting([.owner, .system, .intake])
        for (severity, roles) in policy.approvers.sorted(by: { $0.key < $1.key }) {
            if let role = roles.first(where: { !staffRoles.contains($0) }) {
                throw ConfigurationError(
                    key: "\(prefix).approvers.\(severity.rawValue)", value: "\"\(role.rawValue)\"",
                    reason: "only staff approve results")
            }
        }
        if TimeZone(identifier: policy.timeZone) == nil {
            throw ConfigurationError(
                key: "\(prefix).timeZone", value: "\"\(policy.timeZone)\"", reason: "unknown time zone; use an IANA name such as Asia/Shanghai")
        }
    }

    /// The value at a dotted path ("permissions.assess.0"), if there is one.
    private static func value(at path: String, in object: [String: Any]) -> Any? {
        var current: Any? = object
        for component in path.split(separator: ".") {
            if let dictionary = current as? [String: Any] {
                current = dictionary[String(component)]
            } else if let list = current as? [Any], let index = Int(component), list.indices.contains(index) {
                current = list[index]
            } else {
                return nil
            }
        }
        return current
    }

    /// The keys the policy writes (and so reads).
    private static let knownKeys: Set<String> = {
        guard let data = try? JSONEncoder().encode(WorkflowPolicy()),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return Set(object.keys)
    }()

    /// The value with every "_comment"-style key removed, at any depth.
    static func withoutComments(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !$0.key.hasPrefix("_") }.mapValues(withoutComments)
        }
        if let list = value as? [Any] { return list.map(withoutComments) }
        return value
    }
}
