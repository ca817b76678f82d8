import ComplaintDomain
import Dispatch
import Foundation
import HTTP1
import JSONCodec
import Synchronization
import Telemetry

/// The live side of `/v1/stream`: every durable domain event goes, as one Server-Sent Event, to
/// the open streams of the users whose scope covers its complaint. The event names the log
/// sequence (`id:`), the event type, the complaint and the time — no personal data; a page that
/// wants more reads the complaint as usual.
///
/// Recent events are kept (`live.replayEvents`) so a client that reconnects with
/// `Last-Event-ID` gets what it missed; one that missed more than that is sent `event: reset`
/// and reloads. Streams are limited in number (`live.maxStreams`) and each in buffered bytes
/// (`live.bufferBytes`): a slow reader is dropped, never buffered for. A heartbeat comment keeps
/// idle streams open through proxies.
final class LiveHub: Sendable {
    let settings: LiveSettings
    private let state = Mutex<State>(State())
    private let timer = Mutex<HeartbeatTimer?>(nil)
    private let heartbeatTicks = Atomic<Int>(0)
    /// Whether an event is visible in a scope now (the core's read side).
    private let isVisible: @Sendable ([(complaintID: String, scopes: [AccessScope])]) -> [[Bool]]

    private struct Subscriber {
        let stream: ResponseStream
        let scope: AccessScope
    }

    /// One published event: what its SSE bytes say, encoded only when a stream is sent it (with
    /// no stream open, encoding every event was ~2.5 % of a durable create's CPU).
    struct Entry {
        let sequence: UInt64
        let complaintID: String
        let type: String
        let at: Date

        init(sequence: UInt64, event: DomainEvent) {
            self.sequence = sequence
            complaintID = event.complaintID
            type = event.typeName
            at = event.at
        }

        /// The SSE bytes.
        var bytes: [UInt8] { LiveHub.complaintEvent(sequence, type: type, complaintID: complaintID, at: at) }
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextID = 0
        var recent = RecentEntries()
        var lastSequence: UInt64 = 0
        var dropped = 0
    }

    init(
        settings: LiveSettings, lastSequence: UInt64,
        isVisible: @escaping @Sendable ([(complaintID: String, scopes: [AccessScope])]) -> [[Bool]]
    ) {
        self.settings = settings
        self.isVisible = isVisible
        state.withLock { state in
            state.lastSequence = lastSequence
            state.recent = RecentEntries(capacity: settings.replayEvents, floor: lastSequence)
        }
    }

    /// How many streams are open.
    var streamCount: Int { state.withLock { $0.subscribers.count } }

    // MARK: subscribing

    /// Opens a stream for a reader of `scope`, replaying what followed `lastEventID` when given.
    /// Nil when `live.maxStreams` are open.
    func subscribe(scope: AccessScope, lastEventID: UInt64?) -> ResponseStream? {
        let stream = ResponseStream(maxBufferedBytes: settings.bufferBytes)
        let opened = state.withLock { state -> (id: Int, replay: [Entry], reset: Bool, last: UInt64)? in
            guard state.subscribers.count < settings.maxStreams else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(stream: stream, scope: scope)
            guard let after = lastEventID else { return (id, [], false, state.lastSequence) }
            guard let replay = state.recent.after(after, last: state.lastSequence) else { return (id, [], true, state.lastSequence) }
            return (id, replay, false, state.lastSequence)
        }
        guard let opened else { return nil }
        stream.onClose { [self] in _ = state.withLock { $0.subscribers.removeValue(forKey: opened.id) } }
        var head = Array("retry: \(settings.retryMilliseconds)\n".utf8)
        head += LiveHub.event("hello", id: lastEventID == nil ? opened.last : nil, data: "{\"sequence\":\(opened.last)}")
        if opened.reset {
            head += LiveHub.event("reset", id: opened.last, data: "{\"sequence\":\(opened.last),\"reason\":\"missed-too-much\"}")
        }
        stream.send(head)
        let visible = opened.replay.isEmpty ? [] : isVisible(opened.replay.map { ($0.complaintID, [scope]) })
        for (index, entry) in opened.replay.enumerated() where visible[index][0] { stream.send(entry.bytes) }
        return stream
    }

    // MARK: publishing

    /// Sends durable events (with their log sequences) to every stream that may see them.
    func publish(_ events: [(sequence: UInt64, event: DomainEvent)]) {
        guard !events.isEmpty else { return }
        let entries = events.map { Entry(sequence: $0.sequence, event: $0.event) }
        let subscribers = state.withLock { state -> [Subscriber] in
            for entry in entries { state.recent.append(entry) }
            state.lastSequence = max(state.lastSequence, entries.last!.sequence)
            return Array(state.subscribers.values)
        }
        guard !subscribers.isEmpty else { return }
        let scopes = Array(Set(subscribers.map(\.scope)))
        let visible = isVisible(entries.map { ($0.complaintID, scopes) })
        let encoded = entries.map(\.bytes)
        var bytesByScope: [AccessScope: [UInt8]] = [:]
        for (s, scope) in scopes.enumerated() {
            var bytes: [UInt8] = []
            for (e, entry) in encoded.enumerated() where visible[e][s] { bytes += entry }
            if !bytes.isEmpty { bytesByScope[scope] = bytes }
        }
        var refused = 0
        for subscriber in subscribers {
            guard let bytes = bytesByScope[subscriber.scope] else { continue }
            if !subscriber.stream.send(bytes) { refused += 1 }
        }
        if refused > 0 { state.withLock { $0.dropped += refused } }
    }

    // MARK: heartbeats

    /// Heartbeats go out in this many slices spread over the interval: with thousands of
    /// streams, one burst of writes would queue ahead of ordinary requests on the event loops
    /// (measured: p99 of GET /healthz went from 24 to 140 ms with 10,000 streams at once).
    static let heartbeatSlices = 10

    /// Starts the heartbeat timer.
    func start() {
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        let interval = DispatchTimeInterval.milliseconds(max(1, Int(settings.heartbeatSeconds * 1000) / Self.heartbeatSlices))
        source.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(50))
        source.setEventHandler { [self] in
            heartbeat(slice: heartbeatTicks.add(1, ordering: .relaxed).oldValue % Self.heartbeatSlices)
        }
        source.resume()
        timer.withLock { $0 = HeartbeatTimer(source: source) }
    }

    /// Stops the heartbeats and ends every stream (shutdown).
    func stop() {
        timer.withLock {
            $0?.source.cancel()
            $0 = nil
        }
        let streams = state.withLock { $0.subscribers.values.map(\.stream) }
        for stream in streams { stream.finish() }
    }

    private static let heartbeatBytes = Array(": keep-alive\n\n".utf8)

    /// Each stream belongs to one slice (its number modulo the slices), so it hears a heartbeat
    /// once per interval.
    private func heartbeat(slice: Int) {
        let streams = state.withLock { state in
            state.subscribers.compactMap { id, subscriber in id % Self.heartbeatSlices == slice ? subscriber.stream : nil }
        }
        for stream in streams { stream.send(Self.heartbeatBytes) }
    }

    /// Streams dropped because their reader fell behind, since start.
    var droppedCount: Int { state.withLock { $0.dropped } }

    // MARK: encoding

    /// `id: <seq>\nevent: complaint\ndata: {...}\n\n`.
    static func complaintEvent(_ sequence: UInt64, type: String, complaintID: String, at: Date) -> [UInt8] {
        var w = JSONWriter(capacity: 160)
        w.beginObject()
        w.member("sequence", sequence)
        w.member("type", type)
        w.member("complaintId", complaintID)
        w.member("at", date: at)
        w.endObject()
        return LiveHub.event("complaint", id: sequence, data: String(decoding: w.bytes, as: UTF8.self))
    }

    static func event(_ name: String, id: UInt64?, data: String) -> [UInt8] {
        var text = ""
        if let id { text += "id: \(id)\n" }
        text += "event: \(name)\ndata: \(data)\n\n"
        return Array(text.utf8)
    }
}

/// Holds the heartbeat's timer source. `@unchecked Sendable` is safe: it is only created,
/// then cancelled, under the hub's lock; Dispatch sources may be cancelled from any thread.
private final class HeartbeatTimer: @unchecked Sendable {
    let source: DispatchSourceTimer
    init(source: DispatchSourceTimer) { self.source = source }
}

/// The last `capacity` published entries, oldest first, in a ring; `floor` is the sequence up
/// to which nothing is known (the log's end at start-up, then the newest entry pushed out), so a
/// client whose `Last-Event-ID` is below it has missed events we no longer have.
struct RecentEntries {
    private var ring: [LiveHub.Entry] = []
    private var start = 0
    private(set) var capacity = 0
    private(set) var floor: UInt64 = 0

    init(capacity: Int = 0, floor: UInt64 = 0) {
        self.capacity = capacity
        self.floor = floor
    }

    mutating func append(_ entry: LiveHub.Entry) {
        guard capacity > 0 else {
            floor = entry.sequence
            return
        }
        if ring.count < capacity {
            ring.append(entry)
        } else {
            floor = ring[start].sequence
            ring[start] = entry
            start = (start + 1) % capacity
        }
    }

    /// The entries after `sequence`; nil when some may be missing (it is below `floor`, or above
    /// the last sequence — an id from another data directory), so the client must reload.
    func after(_ sequence: UInt64, last: UInt64) -> [LiveHub.Entry]? {
        guard sequence <= last, sequence >= floor else { return nil }
        return Array(ring[start...] + ring[..<start]).filter { $0.sequence > sequence }
    }
}
