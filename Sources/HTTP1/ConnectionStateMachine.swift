/// The life of one HTTP/1.1 connection as a value. Events go in — bytes read, the peer closed,
/// a response ready, the output written or blocked, the deadline passed, shutdown — and actions
/// come out (`ConnectionAction`: dispatch a request, write a response, stop or resume reading,
/// close). It owns every deadline of the connection (`deadline`, `deadlineKind`); the socket
/// code (`HTTPConnection`) only executes actions, and tests drive it with a manual clock.
struct ConnectionStateMachine<Environment: ConnectionEnvironment> {
    /// Where the connection is in its life.
    enum Phase {
        /// Between requests: no byte of the next one has arrived.
        case idle
        /// Part of a request head has arrived.
        case head
        /// A request's body is being received.
        case body(BodyState)
        /// The last response is out; input is read and discarded until the peer closes or the linger ends.
        case lingering
        /// The socket is closed; every further event is ignored.
        case closed
    }

    /// A request whose body is still arriving.
    struct BodyState {
        var request: HTTPRequest
        var info: RequestInfo
        var handler: HTTPHandler
        /// Bytes still to come for a Content-Length body.
        var remaining: Int
        var chunked: ChunkedDecoder?
        /// The most the body may hold (the route's limit).
        var limit: Int
        /// The file a spooled body goes to (`BodyReception.file`); nil for a body kept in memory.
        var spool: BodySpoolWriter?
    }

    /// A request in the pipeline: responses leave strictly in this order.
    struct Slot {
        var info: RequestInfo
        /// Set when the response is ready while an earlier one is still owed.
        var response: HTTPResponse?

        /// Whether a response waits here (read in place: comparing `response` with nil copied it).
        var isAnswered: Bool {
            if case .some = response { return true }
            return false
        }
    }

    /// How long a lingering close reads and discards before closing.
    static var lingerNanoseconds: UInt64 { 2_000_000_000 }

    // The environment (the loop context) and the server outlive every connection: a loop's
    // connections are closed or abandoned with it, and the server owns its loops.
    unowned(unsafe) let environment: Environment
    unowned(unsafe) let server: HTTPServer
    var phase = Phase.idle
    /// Monotonic nanoseconds at which `deadlineKind` expires (0 = no deadline).
    private(set) var deadline: UInt64 = 0
    /// What the connection is waiting for, if anything has a deadline.
    private(set) var deadlineKind: ConnectionDeadline?
    var inbound: [UInt8] = []
    var slots: [Slot] = []
    var firstSlotID: UInt64 = 0
    var nextSlotID: UInt64 = 0
    /// No further request is read: close once the queued responses are written.
    var closing = false
    /// The request being read is the last (it asked to close, or the server is draining): its
    /// body is read, anything after it is not (RFC 9112 §9.6).
    var lastRequestRead = false
    var readPaused = false
    var peerHasClosed = false
    var draining = false
    /// Responses handed out for writing have not all reached the socket.
    private(set) var unflushed = false
    /// A streamed response is being written: the connection stays open for the application's
    /// later writes (see `ConnectionStateMachine+Streaming.swift`).
    var streaming = false

    /// A new connection: it must start sending within the header timeout.
    init(environment: Environment, server: HTTPServer) {
        self.environment = environment
        self.server = server
        arm(.header)
    }

    var limits: HTTPLimits { server.configuration.limits }

    /// True once the connection is closed.
    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Requests read whose responses are not yet written (dispatched or waiting their turn).
    var queuedResponses: Int { slots.count }

    // MARK: deadlines — the only place any is set

    mutating func arm(_ kind: ConnectionDeadline) {
        let timeouts = server.configuration.timeouts
        let seconds: Double
        switch kind {
        case .header: seconds = timeouts.headerSeconds
        case .bodyIdle: seconds = timeouts.bodyIdleSeconds
        case .keepAlive: seconds = timeouts.keepAliveSeconds
        case .writeIdle: seconds = timeouts.writeIdleSeconds
        case .linger: seconds = Double(Self.lingerNanoseconds) / 1e9
        }
        deadline = environment.now &+ nanoseconds(seconds)
        deadlineKind = kind
    }

    mutating func disarm() {
        deadline = 0
        deadlineKind = nil
    }

    // MARK: events

    /// The peer closed its sending side: finish what was asked for, then close; a half-sent
    /// request is abandoned.
    mutating func peerClosed(into actions: inout [ConnectionAction]) {
        if case .lingering = phase {
            close(&actions)
            return
        }
        guard !isClosed else { return }
        peerHasClosed = true
        if slots.isEmpty && !unflushed {
            close(&actions)
            return
        }
        closing = true
        pauseReading(&actions)
    }

    /// A read or write failed (reset by the peer): nothing more can be sent.
    mutating func socketFailed(into actions: inout [ConnectionAction]) {
        close(&actions)
    }

    /// The response for `slot` is ready; it and every response queued behind it that is also
    /// ready are written, in request order.
    mutating func responseReady(slot: UInt64, _ response: consuming HTTPResponse, into actions: inout [ConnectionAction]) {
        guard !isClosed, slot >= firstSlotID else { return }
        let index = Int(slot - firstSlotID)
        guard index < slots.count, !slots[index].isAnswered else { return }
        guard index == 0 else {
            slots[index].response = response
            return
        }
        // The head of the queue is written, then every answered one behind it. Each response
        // is moved out, not copied: a copy retains every field of both values.
        var next: HTTPResponse? = consume response
        while let ready = next.take() {
            let first = slots.remove(at: 0)  // moved out (`removeFirst` copies, then destroys the original)
            firstSlotID &+= 1
            let keepAlive = first.info.keepAlive && !ready.closeConnection && !draining && !isLastResponse
            actions.append(.write(consume ready, first.info, keepAlive: keepAlive))
            unflushed = true
            if !keepAlive {
                closing = true
                slots.removeAll()
                firstSlotID = nextSlotID
                break
            }
            if !slots.isEmpty { next = slots[0].response.take() }  // nil when it is still owed
        }
        if readPaused && !closing && slots.count < limits.maxPipelinedRequests {
            readPaused = false
            actions.append(.resumeReading)
            processInbound(into: &actions)
        }
    }

    /// True when the response being written is the last this connection sends (the peer has
    /// gone, or an error closes the connection) and nothing else is queued behind it.
    private var isLastResponse: Bool { slots.isEmpty && (closing || peerHasClosed) }

    /// Everything written so far reached the socket.
    mutating func wroteAll(into actions: inout [ConnectionAction]) {
        unflushed = false
        if streaming {
            streamCaughtUp(into: &actions)
            return
        }
        switch phase {
        case .lingering, .closed:
            return
        case .idle where slots.isEmpty && !closing:
            arm(.keepAlive)
            if draining && inbound.isEmpty { lingeringClose(&actions) }
        default:
            if closing && slots.isEmpty { lingeringClose(&actions) }
        }
    }

    /// The socket is full: the client is not reading.
    mutating func writeBlocked() {
        arm(.writeIdle)
    }

    /// The loop's sweep found `deadline` passed.
    mutating func deadlinePassed(into actions: inout [ConnectionAction]) {
        guard deadline != 0, environment.now >= deadline else { return }
        switch phase {
        case .closed:
            return
        case .lingering, .idle:
            // An idle keep-alive connection, a new one that never spoke, a slow reader of our responses.
            close(&actions)
        case .head, .body:
            // A 408 may only go out when no earlier response is owed; otherwise just close.
            if !slots.isEmpty || unflushed {
                close(&actions)
                return
            }
            var language: String?
            if case .body(let state) = phase { language = state.info.acceptLanguage }
            refuse(.requestTimeout, acceptLanguage: language, into: &actions)
        }
    }

    /// Graceful shutdown: an idle connection closes now; a busy one after its responses, each
    /// of which now says `Connection: close`.
    mutating func shutdown(into actions: inout [ConnectionAction]) {
        draining = true
        if case .idle = phase, slots.isEmpty, inbound.isEmpty, !unflushed { close(&actions) }
    }

    /// The facts of a request still waiting for its response (to map an error reported later).
    func requestInfo(slot: UInt64) -> RequestInfo? {
        guard slot >= firstSlotID, Int(slot - firstSlotID) < slots.count else { return nil }
        return slots[Int(slot - firstSlotID)].info
    }

    // MARK: helpers

    mutating func pauseReading(_ actions: inout [ConnectionAction]) {
        guard !readPaused else { return }
        readPaused = true
        actions.append(.stopReading)
    }

    mutating func noteWrite() {
        unflushed = true
    }

    private mutating func lingeringClose(_ actions: inout [ConnectionAction]) {
        if peerHasClosed && inbound.isEmpty {
            close(&actions)
            return
        }
        phase = .lingering
        inbound = []
        readPaused = false
        arm(.linger)
        actions.append(.lingeringClose)
    }

    mutating func close(_ actions: inout [ConnectionAction]) {
        guard !isClosed else { return }
        phase = .closed
        disarm()
        inbound = []
        slots = []
        actions.append(.close)
    }
}
