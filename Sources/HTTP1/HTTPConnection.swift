#if canImport(Glibc)
import Glibc
#endif
import POSIXIO
import Telemetry

/// One client connection on one loop: reads into the loop's shared buffer, parses requests,
/// hands them to handlers, and writes responses strictly in request order.
final class HTTPConnection: EventHandler {
    let fd: Int32
    unowned(unsafe) let context: LoopContext
    var sweepIndex = -1
    /// Monotonic deadline for the current phase (0 = none); checked by the loop's sweep.
    var deadline: UInt64 = 0

    private enum Phase {
        case head
        case body(BodyState)
        case lingering
        case closed
    }
    private struct BodyState {
        var request: HTTPRequest
        var info: RequestInfo
        var handler: HTTPHandler
        var remaining: Int          // for Content-Length bodies
        var chunked: ChunkedDecoder?
    }
    private var phase = Phase.head
    private var inbound: [UInt8] = []
    private var outbound: [UInt8] = []
    private var outboundSent = 0
    private var slots: [Slot] = []
    private var firstSlotID: UInt64 = 0
    private var nextSlotID: UInt64 = 0
    private var requestInProgress = false   // bytes of a request head have arrived
    private var closeAfterFlush = false
    private var readPaused = false
    private var watchingWrites = false
    private var peerClosed = false

    private struct Slot {
        var info: RequestInfo
        var response: HTTPResponse?
    }

    init(fd: Int32, context: LoopContext) {
        self.fd = fd
        self.context = context
        deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.headerSeconds)
    }

    private var limits: HTTPLimits { context.server.configuration.limits }

    // MARK: events

    func handleEvent(_ events: UInt32) {
        if events & Epoll.output != 0 {
            flush()
        }
        if events & (Epoll.input | Epoll.hangUp | Epoll.error | Epoll.readHangUp) != 0 {
            readAvailable()
        }
    }

    private func readAvailable() {
        guard !isClosed else { return }
        let result: IOResult
        do {
            result = try Syscall.read(fd, into: context.readBuffer)
        } catch {
            close()
            return
        }
        switch result {
        case .wouldBlock:
            return
        case .processed(0):
            peerClosed = true
            if case .lingering = phase { close(); return }
            // Finish what was asked for, then close; a half-sent request is abandoned.
            if slots.isEmpty && outboundSent >= outbound.count { close(); return }
            closeAfterFlush = true
            pauseReading()
        case .processed(let count):
            if case .lingering = phase { return }
            let fresh = UnsafeRawBufferPointer(rebasing: context.readBuffer[0..<count])
            if inbound.isEmpty {
                let consumed = process(fresh)
                if consumed < count { inbound.append(contentsOf: fresh[consumed...]) }
            } else {
                inbound.append(contentsOf: fresh)
                processInbound()
            }
            flush()
        }
    }

    private func processInbound() {
        guard !inbound.isEmpty else { return }
        let consumed = inbound.withUnsafeBytes { process($0) }
        if consumed >= inbound.count {
            inbound.removeAll(keepingCapacity: false)
        } else if consumed > 0 {
            inbound.removeFirst(consumed)
        }
    }

    /// Parses and dispatches as many requests as `bytes` hold; returns how many bytes were used.
    private func process(_ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while offset < bytes.count {
            if closeAfterFlush { return bytes.count }
            switch phase {
            case .head:
                if slots.count >= limits.maxPipelinedRequests {
                    pauseReading()
                    return offset
                }
                if !requestInProgress {
                    requestInProgress = true
                    deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.headerSeconds)
                }
                switch HeadParser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), limits: limits) {
                case .incomplete:
                    return offset
                case .failed(let failure):
                    fail(failure)
                    return bytes.count
                case .complete(let head, let consumed):
                    offset += consumed
                    requestInProgress = false
                    begin(head)
                }
            case .body(var state):
                let available = UnsafeRawBufferPointer(rebasing: bytes[offset...])
                deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.bodyIdleSeconds)
                if var decoder = state.chunked {
                    switch decoder.feed(available, into: &state.request.body, limits: limits) {
                    case .needMore:
                        state.chunked = decoder
                        phase = .body(state)
                        return bytes.count
                    case .failed(let failure):
                        phase = .head
                        fail(failure)
                        return bytes.count
                    case .finished(let consumed):
                        offset += consumed
                        phase = .head
                        dispatch(state.request, info: state.info, handler: state.handler)
                    }
                } else {
                    let take = min(state.remaining, available.count)
                    state.request.body.append(contentsOf: available[0..<take])
                    state.remaining -= take
                    offset += take
                    if state.remaining == 0 {
                        phase = .head
                        dispatch(state.request, info: state.info, handler: state.handler)
                    } else {
                        phase = .body(state)
                    }
                }
            case .lingering, .closed:
                return bytes.count
            }
        }
        return offset
    }

    // MARK: requests

    /// A head arrived: route it, refuse it early if we can, else read its body or dispatch it.
    private func begin(_ head: RequestHead) {
        var request = HTTPRequest(method: head.method, path: head.path, query: head.query,
                                  minorVersion: head.minorVersion, headers: head.headers)
        request.requestID = RequestID.accept(head.headers.value(lowercasedName: "x-request-id")) ?? context.makeRequestID()
        var info = RequestInfo(method: head.method, path: head.path, routeIndex: -1, requestID: request.requestID,
                               start: context.loop.now, minorVersion: head.minorVersion, keepAlive: head.keepAlive,
                               origin: head.headers.value(lowercasedName: "origin"), redactsPath: false)
        if context.server.isDraining { info.keepAlive = false }
        let router = context.server.router
        var early: HTTPResponse?
        var handler: HTTPHandler?
        if head.method == .OPTIONS {
            early = Preflight.answer(head: head, router: router, cors: context.server.configuration.cors)
        } else {
            switch router.match(head.method, path: head.path) {
            case .found(let index, let parameters):
                let route = router.routes[index]
                info.routeIndex = Int32(index)
                info.redactsPath = route.redactsPath
                request.pathParameters = parameters
                request.routePattern = route.pattern
                handler = route.handler
                early = context.server.headFilter?(request)
            case .methodNotAllowed(let allowed):
                let list = allowed.map(\.description).joined(separator: ", ")
                early = Problem.response(status: 405, slug: "method-not-allowed", title: "Method Not Allowed",
                                         detail: "\(head.method) is not allowed here; allowed: \(list).", headers: [("Allow", list)])
            case .notFound:
                early = Problem.response(status: 404, slug: "not-found", title: "Not Found", detail: "No resource at \(head.path).")
            case .badPath:
                early = Problem.response(status: 400, slug: "bad-request", title: "Bad Request", detail: "The path has a malformed percent-encoding.")
            }
        }
        if let early {
            // The body was never read: keep the connection only if there is none to skip.
            if head.framing != .none { info.keepAlive = false }
            enqueue(info: info, response: early)
            if !info.keepAlive { closeAfterFlush = true }
            return
        }
        guard let handler else { return }
        switch head.framing {
        case .none:
            dispatch(request, info: info, handler: handler)
        case .length(let length):
            request.body.reserveCapacity(length)
            sendContinueIfAsked(head)
            phase = .body(BodyState(request: request, info: info, handler: handler, remaining: length, chunked: nil))
            deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.bodyIdleSeconds)
        case .chunked:
            sendContinueIfAsked(head)
            phase = .body(BodyState(request: request, info: info, handler: handler, remaining: 0, chunked: ChunkedDecoder()))
            deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.bodyIdleSeconds)
        }
    }

    private func sendContinueIfAsked(_ head: RequestHead) {
        // An interim response may only go out when no earlier response is still owed.
        guard head.expectsContinue, slots.isEmpty else { return }
        outbound.append(contentsOf: HTTPConnection.continueLine)
    }
    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private func dispatch(_ request: HTTPRequest, info: RequestInfo, handler: HTTPHandler) {
        let slotID = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(info: info, response: nil))
        deadline = 0
        let later = ResponseLater(connection: self, slotID: slotID, loop: context.loop)
        if let response = handler(request, later) {
            complete(slotID: slotID, response: response)
        }
    }

    private func enqueue(info: RequestInfo, response: HTTPResponse) {
        let slotID = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(info: info, response: nil))
        complete(slotID: slotID, response: response)
    }

    /// A parse failure: answer it and close (framing can no longer be trusted).
    private func fail(_ failure: ParseFailure) {
        let info = RequestInfo(method: nil, path: "-", routeIndex: -1, requestID: context.makeRequestID(),
                               start: context.loop.now, minorVersion: 1, keepAlive: false, origin: nil, redactsPath: false)
        requestInProgress = false
        let response = Problem.response(status: failure.status, slug: failure.slug, title: HTTPStatus.reason(failure.status), detail: failure.detail)
        enqueue(info: info, response: response)
        closeAfterFlush = true
    }

    /// Called on the loop when a handler's response is ready.
    func complete(slotID: UInt64, response: HTTPResponse) {
        guard !isClosed, slotID >= firstSlotID else { return }
        let index = Int(slotID - firstSlotID)
        guard index < slots.count else { return }
        slots[index].response = response
        guard index == 0 else { return }
        while let first = slots.first, let ready = first.response {
            slots.removeFirst()
            firstSlotID &+= 1
            let keepAlive = first.info.keepAlive && !ready.closeConnection && !context.server.isDraining && !isLastResponse
            ResponseWriter.write(ready, info: first.info, keepAlive: keepAlive, context: context, into: &outbound)
            if !keepAlive {
                closeAfterFlush = true
                slots.removeAll()
                firstSlotID = nextSlotID
                break
            }
        }
        flush()
        if readPaused && !closeAfterFlush && slots.count < limits.maxPipelinedRequests {
            resumeReading()
        }
    }

    /// True when the response being written is the last this connection will send (the peer has
    /// gone, or an error closes the connection) and nothing else is queued behind it.
    private var isLastResponse: Bool { slots.isEmpty && (closeAfterFlush || peerClosed) }

    // MARK: writing

    private func flush() {
        guard !isClosed else { return }
        while outboundSent < outbound.count {
            let result: IOResult
            do {
                result = try outbound.withUnsafeBytes { raw throws(SystemCallError) in
                    try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: raw[outboundSent...]))
                }
            } catch {
                close()
                return
            }
            switch result {
            case .processed(let n):
                outboundSent += n
            case .wouldBlock:
                watchWrites(true)
                deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.writeIdleSeconds)
                return
            }
        }
        if !outbound.isEmpty {
            outbound.removeAll(keepingCapacity: outbound.capacity <= 64 * 1024)
            outboundSent = 0
        }
        watchWrites(false)
        if closeAfterFlush && slots.isEmpty {
            beginLingeringClose()
            return
        }
        if slots.isEmpty, case .head = phase, !requestInProgress {
            deadline = context.loop.now &+ nanoseconds(context.server.configuration.timeouts.keepAliveSeconds)
            if context.server.isDraining && inbound.isEmpty { beginLingeringClose() }
        }
    }

    private func watchWrites(_ on: Bool) {
        guard on != watchingWrites, !isClosed else { return }
        watchingWrites = on
        updateInterest()
    }

    private func pauseReading() {
        guard !readPaused else { return }
        readPaused = true
        updateInterest()
    }

    private func resumeReading() {
        readPaused = false
        updateInterest()
        processInbound()
        flush()
    }

    private func updateInterest() {
        var events: UInt32 = 0
        if !readPaused { events |= Epoll.input | Epoll.readHangUp }
        if watchingWrites { events |= Epoll.output }
        try? context.loop.modify(fd, events: events)
    }

    // MARK: closing

    private var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// After the last response: stop writing, read and discard what the client still sends for a
    /// moment, then close — closing with unread input would reset the connection and could
    /// destroy the response before the client reads it.
    private func beginLingeringClose() {
        guard !isClosed else { return }
        if peerClosed && inbound.isEmpty { close(); return }
        phase = .lingering
        Socket.shutdownWrite(fd)
        inbound = []
        deadline = context.loop.now &+ 2_000_000_000
        if readPaused { readPaused = false; updateInterest() }
    }

    /// Graceful shutdown: idle connections close now; busy ones close after their responses.
    func drain() {
        if case .head = phase, slots.isEmpty, !requestInProgress, inbound.isEmpty, outboundSent >= outbound.count {
            close()
        }
    }

    /// The sweep found the deadline passed.
    func timedOut() {
        switch phase {
        case .closed:
            return
        case .lingering:
            close()
        case .head where requestInProgress, .body:
            if !slots.isEmpty || outboundSent < outbound.count { close(); return }
            phase = .head
            requestInProgress = false
            let info = RequestInfo(method: nil, path: "-", routeIndex: -1, requestID: context.makeRequestID(),
                                   start: context.loop.now, minorVersion: 1, keepAlive: false, origin: nil, redactsPath: false)
            closeAfterFlush = false
            enqueue(info: info, response: Problem.response(status: 408, slug: "request-timeout", title: "Request Timeout",
                                                            detail: "The request was not received in time."))
        case .head:
            // Idle keep-alive, or a slow reader of our responses.
            close()
        }
    }

    /// Closes the socket now and forgets the connection.
    func close() {
        guard !isClosed else { return }
        phase = .closed
        deadline = 0
        context.loop.deregister(fd)
        Syscall.close(fd)
        context.remove(self)
        context.server.openConnections.subtract(1, ordering: .relaxed)
        inbound = []
        outbound = []
        slots = []
    }
}

@inline(__always)
func nanoseconds(_ seconds: Double) -> UInt64 {
    UInt64(max(0, seconds) * 1_000_000_000)
}

/// Validates an incoming X-Request-Id before echoing it (no header injection, bounded length).
enum RequestID {
    static func accept(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128,
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return value
    }
}
