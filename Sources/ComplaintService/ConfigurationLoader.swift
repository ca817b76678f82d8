import ComplaintDomain
import Foundation
import HTTP1

/// Loads a `ServiceConfiguration` from a JSON file, the environment and command-line flags.
public enum ConfigurationLoader {
    /// One setting: its dotted key in the file, its environment variable, its flag, and how to apply a value.
    private struct Setting {
        let key: String
        let env: String?
        let flag: String?
        let apply: (inout ServiceConfiguration, Any) throws -> Void
    }

    private static func int(_ key: String, _ range: ClosedRange<Int>, _ set: @escaping (inout ServiceConfiguration, Int) -> Void) -> (inout ServiceConfiguration, Any) throws -> Void {
        { config, raw in
            let value: Int?
            if let n = raw as? NSNumber, CFGetTypeIDIsBool(n) == false, n.doubleValue == n.doubleValue.rounded() { value = n.intValue }
            else if let s = raw as? String { value = Int(s.trimmingCharacters(in: .whitespaces)) }
            else { value = nil }
            guard let v = value, range.contains(v) else { throw ConfigurationError(key: key, value: describe(raw), reason: "expected an integer in \(range.lowerBound)...\(range.upperBound)") }
            set(&config, v)
        }
    }

    private static func double(_ key: String, _ range: ClosedRange<Double>, _ set: @escaping (inout ServiceConfiguration, Double) -> Void) -> (inout ServiceConfiguration, Any) throws -> Void {
        { config, raw in
            let value: Double?
            if let n = raw as? NSNumber, CFGetTypeIDIsBool(n) == false { value = n.doubleValue }
            else if let s = raw as? String { value = Double(s.trimmingCharacters(in: .whitespaces)) }
            else { value = nil }
            guard let v = value, v.isFinite, range.contains(v) else { throw ConfigurationError(key: key, value: describe(raw), reason: "expected a number in \(range.lowerBound)...\(range.upperBound)") }
            set(&config, v)
        }
    }

    private static func bool(_ key: String, _ set: @escaping (inout ServiceConfiguration, Bool) -> Void) -> (inout ServiceConfiguration, Any) throws -> Void {
        { config, raw in
            if let n = raw as? NSNumber, CFGetTypeIDIsBool(n) { set(&config, n.boolValue); return }
            if let s = raw as? String {
                switch s.lowercased() {
                case "true", "1", "yes", "on": set(&config, true); return
                case "false", "0", "no", "off": set(&config, false); return
                default: break
                }
            }
            throw ConfigurationError(key: key, value: describe(raw), reason: "expected true or false")
        }
    }

    private static func string(_ key: String, allowed: [String]? = nil, _ set: @escaping (inout ServiceConfiguration, String) -> Void) -> (inout ServiceConfiguration, Any) throws -> Void {
        { config, raw in
            guard let s = raw as? String, !s.isEmpty else { throw ConfigurationError(key: key, value: describe(raw), reason: "expected a non-empty string") }
            if let allowed, !allowed.contains(s) { throw ConfigurationError(key: key, value: describe(raw), reason: "expected one of \(allowed.joined(separator: ", "))") }
            set(&config, s)
        }
    }

    private static func stringList(_ key: String, _ set: @escaping (inout ServiceConfiguration, [String]) -> Void) -> (inout ServiceConfiguration, Any) throws -> Void {
        { config, raw in
            if let list = raw as? [String] { set(&config, list); return }
            if let s = raw as? String { set(&config, s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }); return }
            throw ConfigurationError(key: key, value: describe(raw), reason: "expected a list of strings")
        }
    }

    nonisolated(unsafe) private static let settings: [Setting] = [
        Setting(key: "http.host", env: "COMPLAINTD_HOST", flag: "--host", apply: string("http.host") { c, v in c.http.host = v }),
        Setting(key: "http.port", env: "COMPLAINTD_PORT", flag: "--port", apply: int("http.port", 0...65535) { c, v in c.http.port = v }),
        Setting(key: "http.eventLoops", env: "COMPLAINTD_EVENT_LOOPS", flag: "--event-loops", apply: int("http.eventLoops", 0...256) { c, v in c.http.eventLoops = v == 0 ? ProcessInfo.processInfo.activeProcessorCount : v }),
        Setting(key: "http.maxConnections", env: "COMPLAINTD_MAX_CONNECTIONS", flag: nil, apply: int("http.maxConnections", 1...1_000_000) { c, v in c.http.maxConnections = v }),
        Setting(key: "http.accessLog", env: "COMPLAINTD_ACCESS_LOG", flag: nil, apply: bool("http.accessLog") { c, v in c.http.accessLog = v }),
        Setting(key: "http.serverName", env: nil, flag: nil, apply: string("http.serverName") { c, v in c.http.serverName = v }),
        Setting(key: "http.limits.maxRequestLineBytes", env: nil, flag: nil, apply: int("http.limits.maxRequestLineBytes", 256...1 << 20) { c, v in c.http.limits.maxRequestLineBytes = v }),
        Setting(key: "http.limits.maxHeaderBytes", env: nil, flag: nil, apply: int("http.limits.maxHeaderBytes", 512...1 << 22) { c, v in c.http.limits.maxHeaderBytes = v }),
        Setting(key: "http.limits.maxHeaderCount", env: nil, flag: nil, apply: int("http.limits.maxHeaderCount", 1...10_000) { c, v in c.http.limits.maxHeaderCount = v }),
        Setting(key: "http.limits.maxBodyBytes", env: "COMPLAINTD_MAX_BODY_BYTES", flag: nil, apply: int("http.limits.maxBodyBytes", 0...1 << 30) { c, v in c.http.limits.maxBodyBytes = v }),
        Setting(key: "http.limits.maxPipelinedRequests", env: nil, flag: nil, apply: int("http.limits.maxPipelinedRequests", 1...1024) { c, v in c.http.limits.maxPipelinedRequests = v }),
        Setting(key: "http.timeouts.headerSeconds", env: "COMPLAINTD_HEADER_TIMEOUT", flag: nil, apply: double("http.timeouts.headerSeconds", 0.01...3600) { c, v in c.http.timeouts.headerSeconds = v }),
        Setting(key: "http.timeouts.bodyIdleSeconds", env: nil, flag: nil, apply: double("http.timeouts.bodyIdleSeconds", 0.01...3600) { c, v in c.http.timeouts.bodyIdleSeconds = v }),
        Setting(key: "http.timeouts.keepAliveSeconds", env: nil, flag: nil, apply: double("http.timeouts.keepAliveSeconds", 0.01...86400) { c, v in c.http.timeouts.keepAliveSeconds = v }),
        Setting(key: "http.timeouts.writeIdleSeconds", env: nil, flag: nil, apply: double("http.timeouts.writeIdleSeconds", 0.01...3600) { c, v in c.http.timeouts.writeIdleSeconds = v }),
        Setting(key: "http.cors.allowedOrigins", env: "COMPLAINTD_CORS_ORIGINS", flag: nil, apply: stringList("http.cors.allowedOrigins") { c, v in c.http.cors.allowedOrigins = v }),
        Setting(key: "http.cors.maxAgeSeconds", env: nil, flag: nil, apply: int("http.cors.maxAgeSeconds", 0...86400) { c, v in c.http.cors.maxAgeSeconds = v }),
        Setting(key: "shutdownGraceSeconds", env: "COMPLAINTD_SHUTDOWN_GRACE", flag: nil, apply: double("shutdownGraceSeconds", 0...3600) { c, v in c.shutdownGraceSeconds = v }),
        Setting(key: "logLevel", env: "COMPLAINTD_LOG_LEVEL", flag: "--log-level", apply: string("logLevel", allowed: ["debug", "info", "warn", "error"]) { c, v in c.logLevel = v }),
        Setting(key: "dataDirectory", env: "COMPLAINTD_DATA_DIR", flag: "--data-dir", apply: string("dataDirectory") { c, v in c.dataDirectory = v }),
        Setting(key: "store.fsync", env: "COMPLAINTD_FSYNC", flag: "--fsync", apply: string("store.fsync", allowed: ["always", "interval", "never"]) { c, v in c.fsync = v }),
        Setting(key: "store.segmentMaxBytes", env: nil, flag: nil, apply: int("store.segmentMaxBytes", 4096...1 << 34) { c, v in c.segmentMaxBytes = v }),
        Setting(key: "store.snapshotEveryEvents", env: nil, flag: nil, apply: int("store.snapshotEveryEvents", 0...1 << 40) { c, v in c.snapshotEveryEvents = v }),
        Setting(key: "store.snapshotEverySeconds", env: nil, flag: nil, apply: double("store.snapshotEverySeconds", 0...1e9) { c, v in c.snapshotEverySeconds = v }),
        Setting(key: "store.deleteSegmentsCoveredBySnapshot", env: nil, flag: nil, apply: bool("store.deleteSegmentsCoveredBySnapshot") { c, v in c.deleteSegmentsCoveredBySnapshot = v }),
        Setting(key: "schedulerTickSeconds", env: nil, flag: nil, apply: double("schedulerTickSeconds", 0.01...60) { c, v in c.schedulerTickSeconds = v }),
        Setting(key: "announcements.public", env: "COMPLAINTD_PUBLIC_ANNOUNCEMENTS", flag: nil, apply: bool("announcements.public") { c, v in c.publicAnnouncements = v }),
        Setting(key: "announcements.publishWhen", env: "COMPLAINTD_ANNOUNCE_WHEN", flag: nil,
                apply: string("announcements.publishWhen", allowed: AnnouncementStage.allCases.map(\.rawValue)) { c, v in c.announcementsPublishWhen = v }),
    ]

    /// Sections whose contents are validated by their own decoders.
    nonisolated(unsafe) private static let opaqueSections: [String: (inout ServiceConfiguration, Any) throws -> Void] = [
        "workflow": { config, raw in
            guard let object = raw as? [String: Any] else { throw ConfigurationError(key: "workflow", value: describe(raw), reason: "expected an object") }
            config.workflowJSON = try? JSONSerialization.data(withJSONObject: object)
        },
        "users": { config, raw in
            guard let list = raw as? [[String: Any]] else { throw ConfigurationError(key: "users", value: describe(raw), reason: "expected a list of objects") }
            config.usersJSON = try? JSONSerialization.data(withJSONObject: list)
        },
        "notifications": { config, raw in
            guard let object = raw as? [String: Any] else { throw ConfigurationError(key: "notifications", value: describe(raw), reason: "expected an object") }
            config.notificationsJSON = try? JSONSerialization.data(withJSONObject: object)
            _ = try NotificationSettings.make(json: config.notificationsJSON, environment: [:])  // refuse a bad section at load (exit 2)
        },
    ]

    /// Loads from `arguments` (without the program name) and `environment`.
    public static func load(arguments: [String], environment: [String: String]) throws -> ServiceConfiguration {
        var config = ServiceConfiguration()
        var flags: [String: String] = [:]
        var configPath: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--repair" { config.repair = true; index += 1; continue }
            var name = argument
            var value: String?
            if let eq = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<eq])
                value = String(argument[argument.index(after: eq)...])
            }
            let known = name == "--config" || settings.contains { $0.flag == name }
            guard known else { throw ConfigurationError(key: name, value: argument, reason: "unknown option; see --help") }
            if value == nil {
                guard index + 1 < arguments.count else { throw ConfigurationError(key: name, value: "(missing)", reason: "the option needs a value") }
                value = arguments[index + 1]
                index += 1
            }
            if name == "--config" { configPath = value } else { flags[name] = value }
            index += 1
        }
        if configPath == nil, let fromEnv = environment["COMPLAINTD_CONFIG"] { configPath = fromEnv }
        if let configPath {
            try applyFile(configPath, to: &config)
        }
        for setting in settings {
            if let env = setting.env, let value = environment[env] {
                try reKey(env) { try setting.apply(&config, value) }
            }
        }
        for setting in settings {
            if let flag = setting.flag, let value = flags[flag] {
                try reKey(flag) { try setting.apply(&config, value) }
            }
        }
        return config
    }

    private static func reKey(_ key: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as ConfigurationError {
            throw ConfigurationError(key: key, value: error.value, reason: error.reason)
        }
    }

    private static func applyFile(_ path: String, to config: inout ServiceConfiguration) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "--config", value: path, reason: "cannot read the file")
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw ConfigurationError(key: "--config", value: path, reason: "not valid JSON: \(error.localizedDescription)")
        }
        guard let object = root as? [String: Any] else { throw ConfigurationError(key: "--config", value: path, reason: "the top level must be an object") }
        try walk(object, prefix: "", into: &config)
    }

    private static func walk(_ object: [String: Any], prefix: String, into config: inout ServiceConfiguration) throws {
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            let key = prefix.isEmpty ? name : prefix + "." + name
            if name.hasPrefix("_") { continue }  // "_comment" keys document the file
            if let section = opaqueSections[key] { try section(&config, value); continue }
            if let setting = settings.first(where: { $0.key == key }) {
                try setting.apply(&config, value)
            } else if let nested = value as? [String: Any], settings.contains(where: { $0.key.hasPrefix(key + ".") }) {
                try walk(nested, prefix: key, into: &config)
            } else {
                throw ConfigurationError(key: key, value: describe(value), reason: "unknown setting")
            }
        }
    }

    static func describe(_ value: Any) -> String {
        if let s = value as? String { return "\"\(s)\"" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) { return String(decoding: data, as: UTF8.self) }
        return "\(value)"
    }

    /// The usage text for `--help`.
    public static let usage = """
    usage: complaintd [--config PATH] [--host HOST] [--port PORT] [--data-dir DIR] [--event-loops N]
                      [--fsync always|interval|never] [--log-level LEVEL] [--repair]
    Settings: built-in defaults < config file < environment (COMPLAINTD_*) < flags. See config/complaintd.json.
    """
}

private func CFGetTypeIDIsBool(_ number: NSNumber) -> Bool {
    // On Linux, JSONSerialization gives booleans as NSNumber with objCType "c".
    String(cString: number.objCType) == "c"
}
