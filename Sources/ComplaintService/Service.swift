import ComplaintDomain
import EventStore
import Foundation
import HTTP1
import Notifications
import Synchronization
import Telemetry

/// The running service: store, domain core, scheduler and HTTP server, wired once at start-up.
public final class Service: Sendable {
    /// The configuration it runs with.
    public let configuration: ServiceConfiguration
    private let clock: any ServiceClock
    /// Where the service's lines go (the process's stdout logger unless a test gives another).
    let log: Log
    private let ready = Atomic<Bool>(false)
    let parts = Mutex<Parts?>(nil)

    struct Parts {
        var server: HTTPServer
        var store: EventStore
        var core: ComplaintCore
        var scheduler: EscalationScheduler
        var snapshots: SnapshotScheduler
        var outbox: NotificationOutbox?
        var live: LiveHub
    }

    /// Prepares the service; nothing listens until `start()`. Tests pass a `ManualClock`.
    public init(configuration: ServiceConfiguration, clock: any ServiceClock = SystemClock(), log: Log = .shared) {
        self.configuration = configuration
        self.clock = clock
        self.log = log
    }

    /// Opens the data directory, recovers state, starts listening; returns the bound port.
    public func start() throws -> Int {
        // Everything that can be refused is checked before the event log is opened (users too:
        // a bad entry must stop start-up before anything is written).
        var settings = try NotificationConfiguration.settings(
            json: configuration.notificationsJSON,
            environment: ProcessInfo.processInfo.environment)
        try SecretFiles.checkAdminToken(dataDirectory: configuration.dataDirectory)
        var auth = try Authenticator.make(
            usersJSON: configuration.usersJSON, environment: ProcessInfo.processInfo.environment,
            dataDirectory: configuration.dataDirectory, log: log)
        auth.sessions = SessionStore(settings: configuration.web.session, clock: clock)
        let assets = WebAssets.load(configured: configuration.web.directory, log: log)
        settings.timeZone = configuration.workflow.calendar.timeZone
        settings.quietHours?.timeZone = settings.timeZone
        settings.consoleBaseURL = configuration.publicBaseURL
        settings.people = auth.people
        settings.vocabulary = NotificationWords()
        let store = try openStore()
        let blobs: BlobStore
        do {
            blobs = try BlobStore(directory: configuration.dataDirectory + "/attachments")
        } catch {
            store.close()
            throw StartupError("cannot open the attachment store in \(configuration.dataDirectory): \(error)")
        }
        var policy = configuration.workflow
        policy.maxAttachmentsPerComplaint = configuration.attachments.maxPerComplaint
        policy.maxAttachmentsFromOwner = configuration.attachments.maxFromOwner
        let core = ComplaintCore(
            store: store, policy: policy, clock: clock, staff: auth.staffDirectory, blobs: blobs,
            summaries: ColdSummaries(
                directory: configuration.dataDirectory + "/summaries", reservedFreeBytes: UInt64(configuration.summaryReservedFreeBytes)),
            log: log)
        let report: RecoveryReport
        let outbox: NotificationOutbox?
        let replay: NotificationReplay?
        do {
            outbox =
                settings.endpoints.isEmpty
                ? nil
                : NotificationOutbox(settings: settings, journal: EventLogJournal(store: store), now: { [clock] in clock.now() }, log: log)
            replay = outbox.map { NotificationReplay(outbox: $0) }
            var named = Set<String>()
            report = try core.recover(
                observingRecords: replay.map { replay in { replay.observe($0) } },
                observingEvents: { event in for file in event.addedFiles { named.insert(file.sha256) } })
            try Service.recoverFiles(blobs, named: named, log: log)
        } catch {
            store.close()
            // Damage the open left to the replay to find refuses the start as the open would have.
            if let failure = store.deferredCheckFailure { throw startupError(failure) }
            throw error
        }
        log.info(
            "state recovered",
            [
                ("records", .int(report.recordsReplayed)), ("complaints", .int(core.read { $0.book.count })),
                ("seconds", .double(report.durationSeconds)),
            ])
        reportIncompleteAuditTrail(store.health)
        if let outbox, let replay {
            core.addObserver { [core] events in
                outbox.queue(
                    events.compactMap { event in NotificationFacts.make(for: event, complaint: core.read { $0.book.complaint(id: event.complaintID) })
                    })
            }
            outbox.resume(rederived: replay.rederived(now: clock.now()) { id in core.read { $0.book.complaint(id: id) } })
        }
        let live = LiveHub(settings: configuration.live, lastSequence: core.read { $0.appliedSequence }) { [core] items in
            core.read { state in items.map { item in item.scopes.map { state.complaints.isVisible(id: item.complaintID, to: $0) } } }
        }
        core.addSequencedObserver { [live] events in live.publish(events) }
        let scheduler = EscalationScheduler(core: core, tickSeconds: configuration.schedulerTickSeconds)
        var routes = Routes(
            core: core, auth: auth, configuration: configuration, readiness: { [self] in readiness() },
            metrics: { [self] in metricsText() })
        routes.notifications = outbox
        routes.live = live
        routes.assets = assets
        let server = HTTPServer(
            configuration: configuration.http, router: Router(routes.table()), headFilter: routes.headFilter(),
            errorResponse: ErrorMapping.responder(log: log), problemLocalizer: ProblemWords(defaultLanguage: configuration.language))
        let snapshots = SnapshotScheduler(core: core)
        parts.withLock {
            $0 = Parts(server: server, store: store, core: core, scheduler: scheduler, snapshots: snapshots, outbox: outbox, live: live)
        }
        let port: Int
        do {
            port = try server.start()
        } catch {
            outbox?.stop()
            store.close()
            // HTTPServerError names the address: "cannot listen on 127.0.0.1:8080: address in use".
            throw StartupError("\(error)", exitCode: 2)
        }
        scheduler.start()
        snapshots.start()
        live.start()
        core.startSummaryBackfill(share: configuration.summaryBackfillShare, readAheadShare: configuration.summaryReadAheadShare)
        ready.store(true, ordering: .releasing)
        log.info(
            "listening",
            [
                ("host", .string(configuration.http.host)), ("port", .int(port)),
                ("eventLoops", .int(configuration.http.eventLoops)), ("dataDir", .string(configuration.dataDirectory)),
            ])
        return port
    }

    /// Graceful shutdown: stop accepting, let in-flight requests finish (bounded), flush and close the store.
    @discardableResult
    public func shutdown() -> Bool {
        ready.store(false, ordering: .releasing)
        guard let parts = parts.withLock({ $0 }) else { return true }
        let deadline = Date().addingTimeInterval(configuration.shutdownGraceSeconds)
        // Live streams never finish by themselves: end them, or the grace period would wait for them.
        parts.live.stop()
        let clean = parts.server.shutdown(graceSeconds: configuration.shutdownGraceSeconds)
        parts.scheduler.stop()
        parts.outbox?.stop()
        // A periodic snapshot in progress may finish, but not past the grace period (less a second).
        parts.core.abandonSnapshots(at: deadline.addingTimeInterval(-1))
        parts.snapshots.stop()
        parts.core.closeSummaries()
        do {
            // What is left of the grace period, less a margin for closing the store.
            _ = try parts.core.writeSnapshot(ifWithin: max(0, deadline.timeIntervalSinceNow - 1))
        } catch let abandoned as SnapshotAbandoned {
            log.warn("snapshot at shutdown abandoned; the log is intact and will be replayed", [("error", .string(abandoned.description))])
        } catch {
            log.error("snapshot at shutdown failed; the log is intact and will be replayed", [("error", .string("\(error)"))])
        }
        parts.store.close()
        return clean
    }

    /// Start-up, after the replay: files of recorded uploads leave `pending/`, orphans (a crash
    /// between a file and its record) and interrupted uploads are removed, and a recorded file
    /// that is missing is said loudly (it never should be: files are synced before their record).
    private static func recoverFiles(_ blobs: BlobStore, named: Set<String>, log: Log) throws {
        let recovery: BlobRecovery
        do {
            recovery = try blobs.recover(keeping: named)
        } catch {
            throw StartupError("cannot recover the attachment store \(blobs.directory): \(error)")
        }
        if !recovery.orphansRemoved.isEmpty {
            log.warn(
                "removed files no record names (an upload interrupted before its record)",
                [
                    ("count", .int(recovery.orphansRemoved.count)), ("files", .string(recovery.orphansRemoved.prefix(20).joined(separator: ","))),
                ])
        }
        if !recovery.committed.isEmpty {
            log.info("moved files of recorded uploads into the store", [("count", .int(recovery.committed.count))])
        }
        if recovery.temporaryFilesRemoved > 0 {
            log.info("removed interrupted uploads", [("count", .int(recovery.temporaryFilesRemoved))])
        }
        let missing = named.filter { blobs.path(of: $0) == nil }.sorted()
        if !missing.isEmpty {
            log.error(
                "recorded files are missing from the attachment store",
                [
                    ("count", .int(missing.count)), ("files", .string(missing.prefix(20).joined(separator: ","))),
                ])
        }
    }

    /// The store hands its log fields over as text; these names are always numbers, every other
    /// one stays a string, so each field name keeps one JSON type in every line.
    private static let numericStoreFields: Set<String> = [
        "offset", "sequence", "lastSequence", "bytes", "seconds", "afterSeconds", "retrySeconds", "records", "line", "segments",
        "count", "damaged", "damagedSegments",
    ]

    static func storeLogValue(_ key: String, _ value: String) -> LogValue {
        numericStoreFields.contains(key) ? LogValue.parsing(value) : .string(value)
    }

    private func openStore() throws -> EventStore {
        var storeConfiguration = StoreConfiguration(directory: configuration.dataDirectory)
        storeConfiguration.fsyncPolicy = FsyncPolicy(configuration.fsync)
        storeConfiguration.segmentMaxBytes = configuration.segmentMaxBytes
        storeConfiguration.snapshotEveryEvents = configuration.snapshotEveryEvents
        storeConfiguration.snapshotEverySeconds = configuration.snapshotEverySeconds
        storeConfiguration.deleteSegmentsCoveredBySnapshot = configuration.deleteSegmentsCoveredBySnapshot
        storeConfiguration.writeRetrySeconds = configuration.writeRetrySeconds
        storeConfiguration.verifyBytesPerSecond = Double(configuration.verifyBytesPerSecond)
        storeConfiguration.repair = configuration.repair
        // The replay right after this reads every segment after the snapshot: it checks their lines.
        storeConfiguration.deferLineChecksToReplay = true
        do {
            // The store hands fields over as text: numbers become JSON numbers, so a field keeps
            // one type on every line ("bytes" is a number here as everywhere); "none" is left out.
            return try EventStore.open(
                storeConfiguration, now: { Timestamp.nowMilliseconds() },
                log: { [log] level, message, fields in
                    log.log(
                        LogLevel(rawValue: level) ?? .info, message,
                        fields.filter { $0.value != "none" }.sorted { $0.key < $1.key }.map { ($0.key, Service.storeLogValue($0.key, $0.value)) })
                })
        } catch let error as StoreError {
            throw startupError(error)
        }
    }

    /// Why the store refused to open, for the operator.
    private func startupError(_ error: StoreError) -> StartupError {
        switch error {
        case .locked(let path):
            return StartupError("the data directory is in use by another complaintd (lock held on \(path))")
        case .corruption, .damaged:
            return StartupError(
                "\(error). Restore the file from a backup, or start once with --repair to set exactly the damaged records aside (their sequence numbers are then recorded as lost)."
            )
        default:
            return StartupError("cannot open the data directory \(configuration.dataDirectory): \(error)")
        }
    }

    /// `/readyz`: not ready while starting or stopping or while the log refuses writes; degraded
    /// (still 200) while the audit trail is damaged.
    private func readiness() -> HTTPResponse {
        let started = ready.load(ordering: .acquiring)
        return Readiness.response(started: started, health: started ? parts.withLock({ $0 })?.store.health : nil)
    }

    /// Says once at start, at error level, that the audit trail is incomplete and for which
    /// complaints (those a repair's lost records named), so it is never noticed only by chance.
    private func reportIncompleteAuditTrail(_ health: StoreHealth) {
        guard !health.damage.isEmpty || !health.lost.isEmpty else { return }
        let complaints = Set(health.lost.flatMap(\.streams)).sorted()
        log.error(
            "the audit trail is incomplete; /events answers an error for the complaints it affects",
            [
                ("damagedFiles", .string(Set(health.damage.map(\.file)).sorted().joined(separator: ","))),
                ("lostSequences", .string(health.lost.map { Readiness.text($0.sequences) }.joined(separator: ","))),
                ("complaints", .string(complaints.prefix(50).joined(separator: ","))),
            ])
    }

    private func metricsText() -> String {
        var text = PrometheusText()
        guard let parts = parts.withLock({ $0 }) else { return text.text }
        MetricsRenderer.renderHTTP(parts.server.statistics(), into: &text)
        MetricsRenderer.renderStore(parts.store.statistics, health: parts.store.health, into: &text)
        parts.outbox?.render(into: &text)
        MetricsRenderer.renderComplaints(parts.core.read { $0.complaints.reportTotals }, into: &text)
        ProcessMetrics.render(into: &text)
        return text.text
    }
}

extension FsyncPolicy {
    /// The store's policy for a configured mode.
    init(_ mode: FsyncMode) {
        switch mode {
        case .always: self = .always
        case .interval: self = .interval
        case .never: self = .never
        }
    }
}
