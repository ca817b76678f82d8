import POSIXIO

#if canImport(Glibc)
    import Glibc
#endif

/// One client connection on one loop: the socket side of `ConnectionStateMachine`. It reads into
/// the loop's shared buffer, feeds the machine its events, and executes the actions it returns
/// — calling handlers, serialising responses, writing, watching the socket, closing. Every
/// decision about the connection's life is the machine's.
final class HTTPConnection: EventHandler {
    let fd: Int32
    unowned(unsafe) let context: LoopContext
    /// This connection's place in the loop's sweep list.
    var sweepIndex = -1
    // The state touched on every request skips the runtime's exclusivity bookkeeping (about 2 %
    // of a `/healthz`): only the loop's thread touches it, and `run` is not re-entered, so no
    // access to one of these overlaps another.
    @exclusivity(unchecked) var machine: ConnectionStateMachine<LoopContext>
    @exclusivity(unchecked) var actions: [ConnectionAction] = []
    @exclusivity(unchecked) private var spareActions: [ConnectionAction] = []
    private var running = false
    private var closed = false
    @exclusivity(unchecked) var outbound: [UInt8] = []
    var outboundSent = 0
    /// The streamed response this connection writes, once its head is out.
    var stream: ResponseStream?
    /// The client's address, read once when a request first needs it.
    lazy var peerAddress: String = Socket.peerAddress(fd)
    private var wantsInput = true
    private var wantsOutput = false
    /// The interest registered with epoll (the loop context registers a new connection for input).
    private var interest: UInt32 = Epoll.input | Epoll.readHangUp

    init(fd: Int32, context: LoopContext) {
        self.fd = fd
        self.context = context
        machine = ConnectionStateMachine(environment: context, server: context.server)
    }

    /// Monotonic deadline of whatever the connection waits for (0 = none); the loop's sweep checks it.
    var deadline: UInt64 { machine.deadline }

    // MARK: events

    func handleEvent(_ events: UInt32) {
        if events & Epoll.output != 0 {
            run()  // writes what is pending
        }
        if events & (Epoll.input | Epoll.hangUp | Epoll.error | Epoll.readHangUp) != 0 {
            readAvailable()
        }
    }

    private func readAvailable() {
        guard !closed else { return }
        do {
            switch try Syscall.read(fd, into: context.readBuffer) {
            case .wouldBlock:
                return
            case .processed(0):
                machine.peerClosed(into: &actions)
            case .processed(let count):
                machine.received(UnsafeRawBufferPointer(rebasing: context.readBuffer[0..<count]), into: &actions)
            }
        } catch {
            machine.socketFailed(into: &actions)
        }
        run()
    }

    /// A handler's response is ready (called on the loop).
    func complete(slotID: UInt64, response: HTTPResponse) {
        guard !closed else { return }
        machine.responseReady(slot: slotID, response, into: &actions)
        run()
    }

    /// A handler reported an error later: map it like a thrown one (called on the loop).
    func fail(slotID: UInt64, error: any Error) {
        guard !closed, let info = machine.requestInfo(slot: slotID) else { return }
        var request = HTTPRequest(method: info.method ?? .GET, path: info.path, minorVersion: info.minorVersion)
        request.requestID = info.requestID
        if info.routeIndex >= 0 { request.routePattern = context.server.router.routes[Int(info.routeIndex)].pattern }
        complete(slotID: slotID, response: context.server.errorResponse(error, request))
    }

    /// The sweep found the deadline passed.
    func timedOut() {
        guard !closed else { return }
        machine.deadlinePassed(into: &actions)
        run()
    }

    /// Graceful shutdown began.
    func drain() {
        guard !closed else { return }
        machine.shutdown(into: &actions)
        run()
    }

    /// Registration with the loop failed: give up on the connection.
    func abandon() {
        machine.socketFailed(into: &actions)
        run()
    }

    // MARK: executing actions

    /// Executes the machine's actions, then writes what they produced and reports the outcome,
    /// until nothing is left. A handler that answers synchronously from inside a dispatch adds
    /// its actions to this same run.
    func run() {
        guard !running else { return }
        running = true
        while !closed {
            if actions.isEmpty {
                guard outboundSent < outbound.count, flush() else { break }
                continue
            }
            // Take the batch: actions its execution produces queue behind it, in order.
            var batch: [ConnectionAction] = []
            swap(&batch, &spareActions)  // moved, not shared: appends to `actions` must not copy
            swap(&batch, &actions)
            // Popped, not iterated: each action moves out of the array without a copy.
            batch.reverse()
            while let action = batch.popLast(), !closed { execute(action) }
            batch.removeAll(keepingCapacity: true)
            spareActions = batch
        }
        actions.removeAll(keepingCapacity: true)
        running = false
        if !closed { applyInterest() }
    }

    private func execute(_ action: consuming ConnectionAction) {
        switch consume action {
        case .dispatch(var request, let handler, let slot):
            request.remoteAddress = peerAddress
            let later = ResponseLater(connection: self, slotID: slot, loop: context.loop)
            var response: HTTPResponse?
            do {
                response = try handler(request, later)
            } catch {
                response = context.server.errorResponse(error, request)
            }
            // Taken, not bound: a binding copied the response (a retain of each field) and
            // destroyed the original.
            if let ready = response.take() { machine.responseReady(slot: slot, consume ready, into: &actions) }
        case .write(let response, let info, let keepAlive):
            ResponseWriter.write(response, info: info, keepAlive: keepAlive, context: context, into: &outbound)
            if let stream = response.bodyStream { startStream(stream, info: info) }
        case .writeContinue:
            outbound.append(contentsOf: HTTPConnection.continueLine)
        case .stopReading:
            wantsInput = false
        case .resumeReading:
            wantsInput = true
        case .lingeringClose:
            Socket.shutdownWrite(fd)
            wantsInput = true
        case .close:
            closeSocket()
        }
    }

    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Sends pending output. Returns false when the socket is full (an EPOLLOUT event resumes).
    private func flush() -> Bool {
        while outboundSent < outbound.count {
            let result: IOResult
            do {
                result = try outbound.withUnsafeBytes { raw throws(SystemCallError) in
                    try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: raw[outboundSent...]))
                }
            } catch {
                outbound = []
                outboundSent = 0
                machine.socketFailed(into: &actions)
                return true
            }
            switch result {
            case .processed(let count):
                outboundSent += count
            case .wouldBlock:
                wantsOutput = true
                machine.writeBlocked()
                return false
            }
        }
        outbound.removeAll(keepingCapacity: outbound.capacity <= 64 * 1024)
        outboundSent = 0
        wantsOutput = false
        machine.wroteAll(into: &actions)
        return true
    }

    private func applyInterest() {
        var events: UInt32 = 0
        if wantsInput { events |= Epoll.input | Epoll.readHangUp }
        if wantsOutput { events |= Epoll.output }
        guard events != interest else { return }
        interest = events
        try? context.loop.modify(fd, events: events)
    }

    /// Closes the socket and forgets the connection.
    private func closeSocket() {
        guard !closed else { return }
        closed = true
        context.loop.deregister(fd)
        Syscall.close(fd)
        context.remove(self)
        context.server.openConnections.subtract(1, ordering: .relaxed)
        outbound = []
        outboundSent = 0
        stream?.connectionClosed()
        stream = nil
    }
}
