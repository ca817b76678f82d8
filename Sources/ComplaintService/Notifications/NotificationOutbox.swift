import ComplaintDomain
import EventStore
import Foundation
import Synchronization
import Telemetry

/// The outbox: records each notification in the event log before any attempt, delivers it on
/// a worker thread per endpoint (never on the event loops) with retries and backoff, and on
/// start-up resumes what the log shows as not yet delivered.
final class NotificationOutbox: Sendable {
    struct State {
        var queues: [String: EndpointQueue] = [:]
        /// Every id ever queued (from the log and live), so nothing is queued twice.
        var known: Set<String> = []
        /// Given up after the last attempt, by id.
        var failed: [String: PendingNotification] = [:]
        /// Trigger events seen during replay, re-checked once the log is read.
        var replayedTriggers: [DomainEvent] = []
        var delivered = 0
        var retried = 0
        var givenUp = 0
    }

    let settings: NotificationSettings
    private let store: EventStore
    private let clock: any ServiceClock
    private let transport: any NotificationTransport
    private let state = Mutex(State())
    private let stopped = Atomic<Bool>(false)
    private let wakeups: [String: DispatchSemaphore]
    private let running = DispatchGroup()
    /// Trigger events older than this at start-up are not re-derived (see `resume`).
    private let rederiveWindowSeconds = 24 * 3600.0

    init(settings: NotificationSettings, store: EventStore, clock: any ServiceClock, transport: any NotificationTransport = DefaultTransport()) {
        self.settings = settings
        self.store = store
        self.clock = clock
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

    /// Called with every record while the core replays the log (under the core's lock: no reads of the core here).
    func absorb(_ record: StoredRecord) {
        let payload = record.payload
        state.withLock { state in
            switch record.type {
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
                        state.queues[name]?.enqueue(item.notification, attempts: failure.attempts, lastError: failure.error,
                                                    nextAttemptAt: failure.nextAttemptAt ?? failure.at)
                    }
                }
            case NotificationRecordType.retried:
                guard let retried = try? RetriedNotification.read(payload), let item = state.failed.removeValue(forKey: retried.id) else { return }
                state.queues[item.notification.endpoint]?.enqueue(item.notification, nextAttemptAt: retried.at)
            default:
                if NotificationFacts.triggerTypes.contains(record.type), let event = try? DomainEvent.read(from: payload) {
                    state.replayedTriggers.append(event)
                }
            }
        }
    }

    /// After replay: queues the notices of recent trigger events that never got their
    /// `notification.queued` record (the process died between the two appends), then starts
    /// one delivery worker per endpoint.
    func resume(lookup: (String) -> Complaint?) {
        let now = clock.now()
        let triggers = state.withLock { state in
            defer { state.replayedTriggers = [] }
            return state.replayedTriggers.filter { now.timeIntervalSince($0.at) < rederiveWindowSeconds }
        }
        let pending = state.withLock { $0.queues.values.reduce(0) { $0 + $1.items.count } }
        if !triggers.isEmpty { queue(triggers, lookup: lookup) }
        Log.shared.info("notifications resumed", [("endpoints", .int(settings.endpoints.count)), ("pending", .int(pending))])
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

    /// Stops the workers; an attempt in flight may finish (its outcome is recorded if the store still accepts it).
    func stop(waitSeconds: Double = 2) {
        stopped.store(true, ordering: .releasing)
        for wakeup in wakeups.values { wakeup.signal() }
        _ = running.wait(timeout: .now() + waitSeconds)
    }

    // MARK: queueing

    /// Turns durable domain events into notifications: records them, then hands them to the workers.
    func queue(_ events: [DomainEvent], lookup: (String) -> Complaint?) {
        guard !settings.endpoints.isEmpty else { return }
        let now = clock.now()
        var candidates: [QueuedNotification] = []
        for event in events {
            guard let facts = NotificationFacts.make(for: event, complaint: lookup(event.complaintID)) else { continue }
            for endpoint in settings.endpoints where endpoint.accepts(facts.roles) {
                candidates.append(QueuedNotification(id: notificationID(for: facts, endpoint: endpoint.name), endpoint: endpoint.name, queuedAt: now, facts: facts))
            }
        }
        let fresh = state.withLock { state in candidates.filter { state.known.insert($0.id).inserted } }
        guard !fresh.isEmpty else { return }
        let records = fresh.map { item in
            NewRecord(type: NotificationRecordType.queued, stream: NotificationRecordType.stream, payload: item.json)
        }
        store.append(records) { [self] result in
            guard case .success = result else {
                // Not durable: forget them so a later start-up can re-derive them from the trigger events.
                Log.shared.error("could not record notifications", [("count", .int(fresh.count)), ("error", .string("\(result)"))])
                state.withLock { state in for item in fresh { state.known.remove(item.id) } }
                return
            }
            state.withLock { state in
                for item in fresh { state.queues[item.endpoint]?.enqueue(item, nextAttemptAt: item.queuedAt) }
            }
            for name in Set(fresh.map(\.endpoint)) { wakeups[name]?.signal() }
        }
    }

    /// Puts a notification that failed for good back in its endpoint's queue (attempts start
    /// again) once `notification.retried` is durable; `completion(false)` when it is not failed
    /// or the record could not be written.
    func retry(id: String, by actor: String, completion: @escaping @Sendable (Bool) -> Void) {
        guard state.withLock({ $0.failed[id] != nil }) else { completion(false); return }
        let record = RetriedNotification(id: id, at: clock.now(), by: actor)
        store.append([NewRecord(type: NotificationRecordType.retried, stream: NotificationRecordType.stream, payload: record.json)]) { [self] result in
            guard case .success = result else { completion(false); return }
            let endpoint = state.withLock { state -> String? in
                guard let item = state.failed.removeValue(forKey: id) else { return nil }
                state.queues[item.notification.endpoint]?.enqueue(item.notification, nextAttemptAt: record.at)
                return item.notification.endpoint
            }
            if let endpoint { wakeups[endpoint]?.signal() }
            completion(endpoint != nil)
        }
    }

    // MARK: delivery

    private func work(_ endpoint: NotificationEndpoint) {
        let wakeup = wakeups[endpoint.name]!
        while !stopped.load(ordering: .acquiring) {
            let now = clock.now()
            let (decision, items) = state.withLock { state -> (EndpointQueue.Decision, [PendingNotification]) in
                guard let decision = state.queues[endpoint.name]?.next(now: now) else { return (.wait(until: nil), []) }
                guard case .send(let ids) = decision else { return (decision, []) }
                return (decision, ids.compactMap { state.queues[endpoint.name]?.items[$0] })
            }
            switch decision {
            case .wait(let until):
                var seconds = settings.pollSeconds
                if let until { seconds = max(0.001, min(seconds, until.timeIntervalSince(now))) }
                _ = wakeup.wait(timeout: .now() + seconds)
            case .send:
                deliver(items, to: endpoint)
            }
        }
    }

    private func deliver(_ items: [PendingNotification], to endpoint: NotificationEndpoint) {
        let message = NotificationMessage(endpoint: endpoint.name, items: items.map(\.notification))
        let request = PlatformRequest.make(message, to: endpoint, now: clock.now())
        let error: String?
        do {
            let response = try transport.send(request, timeoutSeconds: settings.timeoutSeconds)
            error = PlatformResponse.problem(response, kind: endpoint.kind)
        } catch let failure {
            error = failure.description
        }
        let now = clock.now()
        let ids = items.map(\.notification.id)
        var records: [NewRecord] = []
        if let error {
            let givenUp = state.withLock { state in
                let given = state.queues[endpoint.name]?.failed(ids, error: error, now: now, settings: settings) ?? []
                for item in given { state.failed[item.notification.id] = item }
                state.givenUp += given.count
                state.retried += ids.count - given.count
                return Set(given.map(\.notification.id))
            }
            let queue = state.withLock { $0.queues[endpoint.name] }
            for item in items {
                let id = item.notification.id
                let final = givenUp.contains(id)
                let failure = FailedNotification(id: id, at: now, attempts: item.attempts + 1, error: error,
                                                 nextAttemptAt: final ? nil : queue?.items[id]?.nextAttemptAt, final: final)
                records.append(NewRecord(type: NotificationRecordType.failed, stream: NotificationRecordType.stream, payload: failure.json))
            }
            Log.shared.warn("notification not delivered", [("id", .string(message.id)), ("endpoint", .string(endpoint.name)), ("error", .string(error))])
        } else {
            state.withLock { state in
                state.queues[endpoint.name]?.delivered(ids)
                state.delivered += ids.count
            }
            for item in items {
                let done = DeliveredNotification(id: item.notification.id, at: now, attempts: item.attempts + 1, digestID: message.isDigest ? message.id : nil)
                records.append(NewRecord(type: NotificationRecordType.delivered, stream: NotificationRecordType.stream, payload: done.json))
            }
        }
        // The outcome is recorded after the attempt; if it is lost, a restart sends again (at least once).
        store.append(records) { _ in }
    }

    // MARK: reading

    /// A row of `GET /v1/notifications`.
    struct Row {
        var item: PendingNotification
        var isFailed: Bool
    }

    /// Pending (queued, retrying) or failed notifications, oldest first.
    func list(failed: Bool) -> [Row] {
        state.withLock { state in
            let items = failed ? Array(state.failed.values) : state.queues.values.flatMap { $0.items.values }
            return items.sorted { ($0.notification.queuedAt, $0.notification.id) < ($1.notification.queuedAt, $1.notification.id) }
                .map { Row(item: $0, isFailed: failed) }
        }
    }

    /// Appends the notification metrics.
    func render(into text: inout PrometheusText) {
        let (pending, delivered, retried, givenUp) = state.withLock { state in
            (state.queues.values.reduce(0) { $0 + $1.items.count }, state.delivered, state.retried, state.givenUp)
        }
        text.declare("notifications_pending", type: "gauge", help: "Notifications recorded and not yet delivered or given up.")
        text.sample("notifications_pending", [], Double(pending))
        text.declare("notification_deliveries_total", type: "counter", help: "Delivery attempts per notification by outcome since start.")
        text.sample("notification_deliveries_total", [("outcome", "delivered")], Double(delivered))
        text.sample("notification_deliveries_total", [("outcome", "retry")], Double(retried))
        text.sample("notification_deliveries_total", [("outcome", "failed")], Double(givenUp))
    }
}

/// Judges an endpoint's answer: 2xx, and for robots an `errcode`/`code` of 0 in the body.
enum PlatformResponse {
    /// Nil when delivered; otherwise why not.
    static func problem(_ response: ClientResponse, kind: NotificationEndpoint.Kind) -> String? {
        guard (200..<300).contains(response.status) else { return "HTTP \(response.status)" }
        guard kind != .webhook, let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else { return nil }
        let code = (object["errcode"] ?? object["code"] ?? object["StatusCode"]) as? NSNumber
        guard let code, code.intValue != 0 else { return nil }
        let reason = object["errmsg"] ?? object["msg"] ?? object["StatusMessage"] ?? ""
        return "error code \(code.intValue): \(reason)"
    }
}
