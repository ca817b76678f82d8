import ComplaintDomain
import Foundation
import HTTP1
import Telemetry

/// Every setting of the service, typed. Precedence: built-in defaults < config file (`--config PATH`)
/// < environment (`COMPLAINTD_*`) < command-line flags.
public struct ServiceConfiguration: Sendable {
    /// HTTP listener, limits, timeouts, CORS.
    public var http = HTTPServerConfiguration()
    /// Where the event log, snapshots and the admin token live.
    public var dataDirectory = "./data"
    /// How long a graceful shutdown waits for in-flight requests (0: not at all).
    public var shutdownGraceSeconds = 10.0
    /// Lines below this level are not logged.
    public var logLevel = LogLevel.info
    /// Store durability.
    public var fsync = FsyncMode.always
    /// Segment size before the log rolls.
    public var segmentMaxBytes = 64 << 20
    /// Snapshot after this many events (0 = never by count).
    public var snapshotEveryEvents = 100_000
    /// Snapshot after this many seconds (0 = never by time).
    public var snapshotEverySeconds = 3600.0
    /// Delete log segments a snapshot covers (off: the log is the audit trail).
    public var deleteSegmentsCoveredBySnapshot = false
    /// After a failed log write, probe the disk this often; writes resume when it takes writes.
    public var writeRetrySeconds = 5.0
    /// Read rate of the background checksum pass over sealed log segments (0 = off).
    public var verifyBytesPerSecond = 67_108_864
    /// Share of one core the background pass writing list summaries may use (0 = no pass).
    public var summaryBackfillShare = 0.5
    /// At start, read the list summaries into the page cache when they take at most this share of
    /// memory, physical or the cgroup's limit when lower (0 = never): the first pages of closed
    /// complaints then read no disk.
    public var summaryReadAheadShare = 0.25
    /// Free disk space the list summaries never take (the log must not find the disk full first).
    public var summaryReservedFreeBytes = 1 << 30
    /// Set damaged log records aside (exactly those) instead of refusing to start.
    public var repair = false
    /// The workflow's numbers and tables.
    public var workflow = WorkflowPolicy()
    /// Staff users and intake clients as raw JSON (see README).
    public var usersJSON: Data?
    /// The `notifications` section as raw JSON (endpoints, retries; see README).
    public var notificationsJSON: Data?
    /// How often the escalation scheduler looks for due deadlines.
    public var schedulerTickSeconds = 0.25
    /// Whether announcements are readable without a token.
    public var publicAnnouncements = true
    /// When a complaint's announcement becomes public: received, resolved, replied, visited or closed.
    public var announcementsPublishWhen = AnnouncementStage.closed
    /// Limits on photos and documents (see `AttachmentLimits`).
    public var attachments = AttachmentLimits()
    /// The owner's page, the staff console, sign-in and public intake.
    public var web = WebSettings()
    /// The live event stream.
    public var live = LiveSettings()
    /// The language of answers to requests that state none (problem details, report CSV headers).
    public var language = Language.zh
    /// Where people reach the service's pages, e.g. `https://kefu.example.com`; robot messages
    /// link to `<publicBaseURL>/console/complaints/{id}`. Nil: no links.
    public var publicBaseURL: String?

    /// The built-in defaults; event loops default to one per core but one (`Machine`).
    public init() {
        http.eventLoops = Machine.defaultEventLoops
    }
}

/// Limits on the files added to complaints (photos, signatures, documents).
public struct AttachmentLimits: Sendable, Equatable {
    /// Largest file, in bytes (10 MiB): a bigger one is refused with 413.
    public var maxFileBytes = 10 << 20
    /// Most files one complaint holds.
    public var maxPerComplaint = 20
    /// Most of those the owner (tracking code or intake form) may add, so the owner can never use
    /// up the room staff need for evidence, the signed form and the after-repair photo.
    public var maxFromOwner = 10
    /// Largest upload request (several files in one multipart body), in bytes.
    public var maxRequestBytes = 50 << 20

    /// The defaults.
    public init() {}
}

/// When the event log is synced (see README, Durability).
public enum FsyncMode: String, Sendable, CaseIterable {
    /// Every group commit is synced before it is acknowledged.
    case always
    /// Synced once a second.
    case interval
    /// The OS decides.
    case never
}

/// A configuration value that cannot be used: start-up stops with this message and exit code 2.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// The key (dotted path, environment variable or flag).
    public let key: String
    /// The offending value.
    public let value: String
    /// Why it is wrong.
    public let reason: String

    public var description: String { "invalid configuration value for \(key): \(value) (\(reason))" }
}
