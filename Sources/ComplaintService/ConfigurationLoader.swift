import ComplaintDomain
import Foundation
import HTTP1
import Telemetry

/// Loads a `ServiceConfiguration` from a JSON file, the environment and command-line flags.
/// Everything is checked before anything is opened: a wrong type, an out-of-range value, a
/// duration that is not positive or an unknown key, variable or flag stops start-up (exit code 2)
/// naming the key and the value. Keys starting with `_` are comments, at any depth.
public enum ConfigurationLoader {
    /// One setting: its dotted key in the file, its environment variable, its flag, and how to apply a value.
    struct Setting {
        let key: String
        let env: String?
        let flag: String?
        let apply: (inout ServiceConfiguration, RawSetting) throws -> Void

        init(_ key: String, env: String? = nil, flag: String? = nil, _ apply: @escaping (inout ServiceConfiguration, RawSetting) throws -> Void) {
            self.key = key
            self.env = env
            self.flag = flag
            self.apply = apply
        }
    }

    private typealias V = ConfigurationValue

    // nonisolated(unsafe) is safe: an immutable table of pure closures, only read; the closures
    // are not marked @Sendable, which is all that keeps the compiler from proving it.
    nonisolated(unsafe) static let settings: [Setting] =
        [
            Setting("http.host", env: "COMPLAINTD_HOST", flag: "--host") { c, v in c.http.host = try V.string("http.host", v) },
            Setting("http.port", env: "COMPLAINTD_PORT", flag: "--port") { c, v in c.http.port = try V.integer("http.port", v, 0...65535) },
            Setting("http.eventLoops", env: "COMPLAINTD_EVENT_LOOPS", flag: "--event-loops") { c, v in
                let loops = try V.integer("http.eventLoops", v, 0...256)
                c.http.eventLoops = loops == 0 ? Machine.defaultEventLoops : loops
            },
            Setting("http.maxConnections", env: "COMPLAINTD_MAX_CONNECTIONS") { c, v in
                c.http.maxConnections = try V.integer("http.maxConnections", v, 1...1_000_000)
            },
            Setting("http.accessLog", env: "COMPLAINTD_ACCESS_LOG") { c, v in c.http.accessLog = try V.boolean("http.accessLog", v) },
            Setting("http.serverName") { c, v in c.http.serverName = try V.string("http.serverName", v) },
            Setting("http.problemTypeBase") { c, v in c.http.problemTypeBase = try V.string("http.problemTypeBase", v) },
            Setting("http.limits.maxRequestLineBytes") { c, v in
                c.http.limits.maxRequestLineBytes = try V.integer("http.limits.maxRequestLineBytes", v, 256...1 << 20)
            },
            Setting("http.limits.maxHeaderBytes") { c, v in
                c.http.limits.maxHeaderBytes = try V.integer("http.limits.maxHeaderBytes", v, 512...1 << 22)
            },
            Setting("http.limits.maxHeaderCount") { c, v in c.http.limits.maxHeaderCount = try V.integer("http.limits.maxHeaderCount", v, 1...10_000)
            },
            Setting("http.limits.maxBodyBytes", env: "COMPLAINTD_MAX_BODY_BYTES") { c, v in
                c.http.limits.maxBodyBytes = try V.integer("http.limits.maxBodyBytes", v, 0...1 << 30)
            },
            Setting("http.limits.maxPipelinedRequests") { c, v in
                c.http.limits.maxPipelinedRequests = try V.integer("http.limits.maxPipelinedRequests", v, 1...1024)
            },
            Setting("http.timeouts.headerSeconds", env: "COMPLAINTD_HEADER_TIMEOUT") { c, v in
                c.http.timeouts.headerSeconds = try V.seconds("http.timeouts.headerSeconds", v, 0.01...3600)
            },
            Setting("http.timeouts.bodyIdleSeconds") { c, v in
                c.http.timeouts.bodyIdleSeconds = try V.seconds("http.timeouts.bodyIdleSeconds", v, 0.01...3600)
            },
            Setting("http.timeouts.keepAliveSeconds") { c, v in
                c.http.timeouts.keepAliveSeconds = try V.seconds("http.timeouts.keepAliveSeconds", v, 0.01...86400)
            },
            Setting("http.timeouts.writeIdleSeconds") { c, v in
                c.http.timeouts.writeIdleSeconds = try V.seconds("http.timeouts.writeIdleSeconds", v, 0.01...3600)
            },
            Setting("http.cors.allowedOrigins", env: "COMPLAINTD_CORS_ORIGINS") { c, v in
                c.http.cors.allowedOrigins = try V.strings("http.cors.allowedOrigins", v)
            },
            Setting("http.cors.maxAgeSeconds") { c, v in c.http.cors.maxAgeSeconds = try V.integer("http.cors.maxAgeSeconds", v, 0...86400) },
            // 0: in-flight requests are cut at once.
            Setting("shutdownGraceSeconds", env: "COMPLAINTD_SHUTDOWN_GRACE") { c, v in
                c.shutdownGraceSeconds = try V.seconds("shutdownGraceSeconds", v, 0...3600)
            },
            Setting("logLevel", env: "COMPLAINTD_LOG_LEVEL", flag: "--log-level") { c, v in c.logLevel = try V.choice("logLevel", v, LogLevel.self) },
            Setting("dataDirectory", env: "COMPLAINTD_DATA_DIR", flag: "--data-dir") { c, v in c.dataDirectory = try V.string("dataDirectory", v) },
            Setting("store.fsync", env: "COMPLAINTD_FSYNC", flag: "--fsync") { c, v in c.fsync = try V.choice("store.fsync", v, FsyncMode.self) },
            Setting("store.segmentMaxBytes") { c, v in c.segmentMaxBytes = try V.integer("store.segmentMaxBytes", v, 4096...1 << 34) },
            Setting("store.snapshotEveryEvents") { c, v in c.snapshotEveryEvents = try V.integer("store.snapshotEveryEvents", v, 0...1 << 40) },
            // 0: never by time.
            Setting("store.snapshotEverySeconds") { c, v in c.snapshotEverySeconds = try V.seconds("store.snapshotEverySeconds", v, 0...1e9) },
            Setting("store.deleteSegmentsCoveredBySnapshot") { c, v in
                c.deleteSegmentsCoveredBySnapshot = try V.boolean("store.deleteSegmentsCoveredBySnapshot", v)
            },
            Setting("store.writeRetrySeconds") { c, v in c.writeRetrySeconds = try V.seconds("store.writeRetrySeconds", v, 0.01...3600) },
            // 0: no background checksum pass.
            Setting("store.verifyBytesPerSecond") { c, v in c.verifyBytesPerSecond = try V.integer("store.verifyBytesPerSecond", v, 0...1 << 40) },
            // 0: no background pass; summaries are then written only as lists read complaints.
            Setting("store.summaryBackfillShare") { c, v in c.summaryBackfillShare = try V.share("store.summaryBackfillShare", v) },
            // 0: the summaries are read from disk as pages need them.
            Setting("store.summaryReadAheadShare") { c, v in c.summaryReadAheadShare = try V.share("store.summaryReadAheadShare", v) },
            Setting("store.summaryReservedFreeBytes") { c, v in
                c.summaryReservedFreeBytes = try V.integer("store.summaryReservedFreeBytes", v, 0...1 << 50)
            },
            Setting("schedulerTickSeconds") { c, v in c.schedulerTickSeconds = try V.seconds("schedulerTickSeconds", v, 0.01...60) },
            Setting("announcements.public", env: "COMPLAINTD_PUBLIC_ANNOUNCEMENTS") { c, v in
                c.publicAnnouncements = try V.boolean("announcements.public", v)
            },
            Setting("announcements.publishWhen", env: "COMPLAINTD_ANNOUNCE_WHEN") { c, v in
                c.announcementsPublishWhen = try V.choice("announcements.publishWhen", v, AnnouncementStage.self)
            },
            Setting("attachments.maxFileBytes") { c, v in c.attachments.maxFileBytes = try V.integer("attachments.maxFileBytes", v, 1024...1 << 30) },
            Setting("attachments.maxPerComplaint") { c, v in c.attachments.maxPerComplaint = try V.integer("attachments.maxPerComplaint", v, 1...1000)
            },
            Setting("attachments.maxFromOwner") { c, v in c.attachments.maxFromOwner = try V.integer("attachments.maxFromOwner", v, 0...1000) },
            Setting("attachments.maxRequestBytes") { c, v in
                c.attachments.maxRequestBytes = try V.integer("attachments.maxRequestBytes", v, 1024...1 << 32)
            },
            Setting("language", env: "COMPLAINTD_LANGUAGE") { c, v in c.language = try V.choice("language", v, Language.self) },
            // null: no links in robot messages.
            Setting("publicBaseURL", env: "COMPLAINTD_PUBLIC_BASE_URL") { c, v in c.publicBaseURL = try V.baseURL("publicBaseURL", v) },
        ] + webSettings

    /// The `web` and `live` sections (the pages, sign-in, public intake, the event stream).
    nonisolated(unsafe) private static let webSettings: [Setting] = [
        Setting("web.directory", env: "COMPLAINTD_WEB_DIR") { c, v in c.web.directory = try V.string("web.directory", v) },
        Setting("web.publicIntake", env: "COMPLAINTD_PUBLIC_INTAKE") { c, v in c.web.publicIntake = try V.boolean("web.publicIntake", v) },
        Setting("web.publicIntakePerHour") { c, v in c.web.publicIntakePerHour = try V.integer("web.publicIntakePerHour", v, 1...100_000) },
        Setting("web.dueSoonSeconds") { c, v in c.web.dueSoonSeconds = try V.seconds("web.dueSoonSeconds", v, 60...604_800) },
        Setting("web.notificationRetryRoles") { c, v in
            let roles = try V.strings("web.notificationRetryRoles", v)
            if let bad = roles.first(where: { Role(rawValue: $0) == nil }) {
                throw ConfigurationError(key: "web.notificationRetryRoles", value: "\"\(bad)\"", reason: "not a role")
            }
            c.web.notificationRetryRoles = roles
        },
        Setting("web.trustedProxies") { c, v in c.web.trustedProxies = try V.strings("web.trustedProxies", v) },
        Setting("web.session.cookieName") { c, v in
            let name = try V.string("web.session.cookieName", v)
            guard name.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 || $0 == 45 }) else {
                throw ConfigurationError(key: "web.session.cookieName", value: v.shown, reason: "expected letters, digits, _ and - only")
            }
            c.web.session.cookieName = name
        },
        Setting("web.session.secureCookie", env: "COMPLAINTD_SECURE_COOKIE") { c, v in
            c.web.session.secureCookie = try V.boolean("web.session.secureCookie", v)
        },
        Setting("web.session.absoluteSeconds") { c, v in
            c.web.session.absoluteSeconds = try V.seconds("web.session.absoluteSeconds", v, 60...2_592_000)
        },
        Setting("web.session.idleSeconds") { c, v in c.web.session.idleSeconds = try V.seconds("web.session.idleSeconds", v, 60...2_592_000) },
        Setting("web.signIn.maxFailuresPerUser") { c, v in
            c.web.signIn.maxFailuresPerUser = try V.integer("web.signIn.maxFailuresPerUser", v, 1...1000)
        },
        Setting("web.signIn.maxFailuresPerAddress") { c, v in
            c.web.signIn.maxFailuresPerAddress = try V.integer("web.signIn.maxFailuresPerAddress", v, 1...100_000)
        },
        Setting("web.signIn.windowSeconds") { c, v in c.web.signIn.windowSeconds = try V.seconds("web.signIn.windowSeconds", v, 1...86_400) },
        Setting("web.signIn.maxConcurrentChecks") { c, v in
            c.web.signIn.maxConcurrentChecks = try V.integer("web.signIn.maxConcurrentChecks", v, 1...64)
        },
        Setting("live.maxStreams", env: "COMPLAINTD_MAX_STREAMS") { c, v in c.live.maxStreams = try V.integer("live.maxStreams", v, 0...1_000_000) },
        Setting("live.heartbeatSeconds") { c, v in c.live.heartbeatSeconds = try V.seconds("live.heartbeatSeconds", v, 0.05...3600) },
        Setting("live.bufferBytes") { c, v in c.live.bufferBytes = try V.integer("live.bufferBytes", v, 1024...1 << 26) },
        Setting("live.replayEvents") { c, v in c.live.replayEvents = try V.integer("live.replayEvents", v, 0...10_000_000) },
        Setting("live.retryMilliseconds") { c, v in c.live.retryMilliseconds = try V.integer("live.retryMilliseconds", v, 100...600_000) },
    ]

    /// `COMPLAINTD_*` variables that are not settings but are read elsewhere (the config path, where
    /// openapi.yaml is, the test and fuzz builds).
    private static let otherVariables: Set<String> = [
        "COMPLAINTD_CONFIG", "COMPLAINTD_OPENAPI", "COMPLAINTD_BIN", "COMPLAINTD_FUZZ",
        CrashPoint.variable,
    ]

    /// Sections whose contents are validated by their own decoders.
    // nonisolated(unsafe) is safe: immutable, only read (as `settings` above).
    nonisolated(unsafe) static let opaqueSections: [String: (inout ServiceConfiguration, Any) throws -> Void] = [
        "workflow": { config, raw in
            config.workflow = try WorkflowConfiguration.policy(from: raw)
        },
        "users": { config, raw in
            // Never `describe(raw)`: the section holds tokens. Entries are checked by `UserConfiguration` in `load`.
            guard let list = raw as? [Any] else {
                throw ConfigurationError(key: "users", value: UserConfiguration.describeType(raw), reason: "expected a list of users")
            }
            config.usersJSON = try? JSONSerialization.data(withJSONObject: list)
        },
        "notifications": { config, raw in
            guard let object = WorkflowConfiguration.withoutComments(raw) as? [String: Any] else {
                throw ConfigurationError(key: "notifications", value: describe(raw), reason: "expected an object")
            }
            config.notificationsJSON = try? JSONSerialization.data(withJSONObject: object)
            _ = try NotificationConfiguration.settings(json: config.notificationsJSON, environment: [:])  // refuse a bad section at load (exit 2)
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
            if argument == "--repair" {
                config.repair = true
                index += 1
                continue
            }
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
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("COMPLAINTD_") {
            guard otherVariables.contains(name) || settings.contains(where: { $0.env == name }) else {
                let known = (settings.compactMap(\.env) + otherVariables).sorted().joined(separator: ", ")
                // A variable named like a secret keeps its value out of the message.
                let secret = ["TOKEN", "SECRET", "PASSWORD", "KEY"].contains { name.uppercased().contains($0) }
                throw ConfigurationError(
                    key: name, value: secret ? "(hidden)" : "\"\(value)\"", reason: "unknown environment variable (known: \(known))")
            }
        }
        if configPath == nil, let fromEnv = environment["COMPLAINTD_CONFIG"] { configPath = fromEnv }
        if let configPath {
            try applyFile(configPath, to: &config)
        }
        for setting in settings {
            if let env = setting.env, let value = environment[env] {
                try reKey(env) { try setting.apply(&config, .text(value)) }
            }
        }
        for setting in settings {
            if let flag = setting.flag, let value = flags[flag] {
                try reKey(flag) { try setting.apply(&config, .text(value)) }
            }
        }
        if config.attachments.maxFromOwner > config.attachments.maxPerComplaint {
            throw ConfigurationError(
                key: "attachments.maxFromOwner", value: String(config.attachments.maxFromOwner),
                reason: "must be at most attachments.maxPerComplaint (\(config.attachments.maxPerComplaint))")
        }
        if config.attachments.maxRequestBytes < config.attachments.maxFileBytes {
            throw ConfigurationError(
                key: "attachments.maxRequestBytes", value: String(config.attachments.maxRequestBytes),
                reason: "must be at least attachments.maxFileBytes (\(config.attachments.maxFileBytes))")
        }
        // Users are checked here, with the environment their tokenEnv names, so a bad entry stops
        // start-up (exit 2) before the data directory or the event log is touched.
        _ = try UserConfiguration.parse(json: config.usersJSON, environment: environment)
        return config
    }
}
