import ComplaintDomain
import Foundation
import HTTP1
import Telemetry

// Reading the configuration file: its keys walked into the settings table, errors re-keyed.
extension ConfigurationLoader {
    static func reKey(_ key: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as ConfigurationError {
            throw ConfigurationError(key: key, value: error.value, reason: error.reason)
        }
    }

    static func applyFile(_ path: String, to config: inout ServiceConfiguration) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "--config", value: path, reason: "cannot read the file")
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw ConfigurationError(key: "--config", value: path, reason: "not valid JSON: \(error.localizedDescription)")
        }
        guard let object = root as? [String: Any] else {
            throw ConfigurationError(key: "--config", value: path, reason: "the top level must be an object")
        }
        try walk(object, prefix: "", into: &config)
    }

    static func walk(_ object: [String: Any], prefix: String, into config: inout ServiceConfiguration) throws {
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            let key = prefix.isEmpty ? name : prefix + "." + name
            if name.hasPrefix("_") { continue }  // "_comment" keys document the file
            if let section = opaqueSections[key] {
                try section(&config, value)
                continue
            }
            if let setting = settings.first(where: { $0.key == key }) {
                try setting.apply(&config, .json(value))
            } else if settings.contains(where: { $0.key.hasPrefix(key + ".") }) {
                guard let nested = value as? [String: Any] else {
                    throw ConfigurationError(key: key, value: describe(value), reason: "expected an object")
                }
                try walk(nested, prefix: key, into: &config)
            } else {
                let siblings = Set(
                    settings.map(\.key).filter { $0.hasPrefix(prefix.isEmpty ? "" : prefix + ".") }
                        .map { String($0.dropFirst(prefix.isEmpty ? 0 : prefix.count + 1).prefix { $0 != "." }) }
                )
                .union(prefix.isEmpty ? Set(opaqueSections.keys) : [])
                throw ConfigurationError(
                    key: key, value: describe(value), reason: "unknown setting (known here: \(siblings.sorted().joined(separator: ", ")))")
            }
        }
    }

    static func describe(_ value: Any) -> String {
        if let s = value as? String { return "\"\(s)\"" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    /// A `workflow` section given as JSON text, checked as the config file's would be (tests, tools).
    public static func workflowPolicy(json: String) throws -> WorkflowPolicy {
        try WorkflowConfiguration.policy(from: JSONSerialization.jsonObject(with: Data(json.utf8)))
    }

    /// The usage text for `--help`.
    public static let usage = """
        usage: complaintd [--config PATH] [--host HOST] [--port PORT] [--data-dir DIR] [--event-loops N]
                          [--fsync always|interval|never] [--log-level debug|info|warn|error] [--repair]
        Settings: built-in defaults < config file < environment (COMPLAINTD_*) < flags. See config/complaintd.json.
        --repair sets damaged event-log records aside into log/quarantine-<ms>.jsonl and records which
        sequence numbers were lost, instead of refusing to start (see README, Durability).
        """
}
