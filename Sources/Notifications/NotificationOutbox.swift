import Foundation
import Synchronization
import Telemetry

/// The outbox: records each notification in the journal before any attempt, delivers it on a
/// worker thread per endpoint (never on the event loops) with retries and backoff, and on
/// start-up resumes what the journal shows as not yet delivered.
public final class NotificationOutbox: Sendable {
    struct State {
        var queues: [String: EndpointQueue] = [:]
        /// Every id ever queued (from the log and live), so nothing is queued twice.
        var known: Set<String> = []
        /// Given up after the last attempt, by id.
        var failed: [String: PendingNotification] = [:]
        var delivered = 0
        var retried = 0
        var givenUp = 0
    }

    /// The settings it runs with.
    public let settings: NotificationSettings
    let journal: any NotificationJournal
    let now: @Sendable () -> Date
    let transport: any NotificationTransport
    /// Where delivery failures are logged (the service's logger).
    let log: Log
    let state = Mutex(State())
    private let stopped = Atomic<Bool>(false)
    let wakeups: [String: DispatchSemaphore]
    private let running = DispatchGroup()

    /// Makes the outbox; nothing is sent before `resume`. `now` is the service's clock.
    public init(
        settings: NotificationSettings, journal: any NotificationJournal, now: @escaping @Sendable () -> Date,
        transport: any NotificationTransport = DefaultTransport(), log: Log = .shared
    ) {
        self.settings = settings
        self.log = log
        self.journal = journal
        self.now = now
        self.transport = transport
        var wakeups: [String: DispatchSemaphore] = [:]
        var queues: [String: EndpointQueue] = [:]
        for endpoint in settings.endpoints {
            wakeups[endpoint.name] = DispatchSemaphore(value: 0)
            queues[endpoint.name] = EndpointQueue(perMinute: endpoint.perMinute)
        }
        self.wakeups = wakeups
        state.withLock { $0.queues = queues }
    }

    // MARK: start-up

    /// Takes one outbox record read back from the journal at start-up (other types are ignored).
    public func absorb(type: String, payload: [UInt8]) {
        state.withLock { state in
            switch type {
            case NotificationRecordType.queued:
                guard let queued = try? QueuedNotification.read(payload) else { return }
                state.known.insert(queued.id)
                state.queues[queued.endpoint]?.enqueue(queued, nextAttemptAt: queued.queuedAt)
            case NotificationRecordType.delivered:
                guard let done = try? DeliveredNotification.read(payload) else { return }
                for name in state.queues.keys { state.queues[name]?.delivered([done.id]) }
            case NotificationRecordType.failed:
                guard let failure = try? FailedNotification.read(payload) else { return }
                for name in Array(state.queues.keys) {
                    guard var item = state.queues[name]?.items[failure.id] else { continue }
                    state.queues[name]?.delivered([failure.id])
                    item.attempts = failure.attempts
                    item.lastError = failure.error
                    if failure.final {
                        state.failed[failure.id] = item
                    } else {
                        state.queues[name]?.enqueue(
                            item.notification, attempts: failure.attempts, lastError: failure.error,
                            nextAttemptAt: failure.nextAttemptAt ?? failure.at)
                    }
                }
            case NotificationRecordType.retried:
                guard let retried = try? RetriedNotification.read(payload), let item = state.failed.removeValue(forKey: retried.id) else { return }
                state.queues[item.notification.endpoint]?.enqueue(item.notification, nextAttemptAt: retried.at)
            default:
                return
            }
        }
    }

    /// After the journal is read: queues `rederived` (notices of recent trigger events whose
    /// `notification.queued` record is missing — the process died between the two appends;
    /// those already queued are skipped), then starts one delivery worker per endpoint.
    public func resume(rederived: [NotificationFacts]) {
        let pending = state.withLock { $0.queues.values.reduce(0) { $0 + $1.items.count } }
        if !rederived.isEmpty { queue(rederived) }
        log.info("notifications resumed", [("endpoints", .int(settings.endpoints.count)), ("pending", .int(pending))])
        for endpoint in settings.endpoints {
            running.enter()
            let thread = Thread { [self] in
                work(endpoint)
                running.leave()
            }
            thread.name = "notify-\(endpoint.name)"
            thread.start()
        }
    }

    /// Stops the workers; an attempt in flight may finish (its outcome is recorded if the journal still accepts it).
    public func stop(waitSeconds: Double = 2) {
        stopped.store(true, ordering: .releasing)
        for wakeup in wakeups.values { wakeup.signal() }
        _ = running.wait(timeout: .now() + waitSeconds)
    }

    // MARK: queueing

    /// Records the notices of durable trigger events, then hands them to the workers.
    public func queue(_ notices: [NotificationFacts]) {
        guard !settings.endpoints.isEmpty else { return }
        let queuedAt = now()
        var candidates: [QueuedNotification] = []
        for facts in notices {
            for endpoint in settings.endpoints where endpoint.accepts(facts.roles) {
                candidates.append(
                    QueuedNotification(
                        id: notificationID(for: facts, endpoint: endpoint.name), endpoint: endpoint.name,
                        queuedAt: queuedAt, facts: facts))
            }
        }
        let fresh = state.withLock { state in candidates.filter { state.known.insert($0.id).inserted } }
        guard !fresh.isEmpty else { return }
        journal.append(fresh.map { JournalRecord(type: NotificationRecordType.queued, payload: $0.json) }) { [self] result in
            guard case .success = result else {
                // Not durable: forget them so a later start-up can re-derive them from the trigger events.
                log.error("could not record notifications", [("count", .int(fresh.count)), ("error", .string("\(result)"))])
                state.withLock { state in for item in fresh { state.known.remove(item.id) } }
                return
            }
            state.withLock { state in
                for item in fresh { state.queues[item.endpoint]?.enqueue(item, nextAttemptAt: item.queuedAt) }
            }
            for name in Set(fresh.map(\.endpoint)) { wakeups[name]?.signal() }
        }
    }

    // MARK: delivery

    private func work(_ endpoint: NotificationEndpoint) {
        let wakeup = wakeups[endpoint.name]!
        while !stopped.load(ordering: .acquiring) {
            let time = now()
            let (decision, items) = state.withLock { state -> (EndpointQueue.Decision, [PendingNotification]) in
                guard let decision = state.queues[endpoint.name]?.next(now: time, quietHours: settings.quietHours) else {
                    return (.wait(until: nil), [])
                }
                guard case .send(let ids, _) = decision else { return (decision, []) }
                return (decision, ids.compactMap { state.queues[endpoint.name]?.items[$0] })
            }
            switch decision {
            case .wait(let until):
                var seconds = settings.pollSeconds
                if let until { seconds = max(0.001, min(seconds, until.timeIntervalSince(time))) }
                _ = wakeup.wait(timeout: .now() + seconds)
            case .send(_, let heldOver):
                deliver(items, to: endpoint, heldOver: heldOver)
            }
        }
    }
}
