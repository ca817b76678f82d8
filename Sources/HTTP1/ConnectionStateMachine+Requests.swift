/// Reading requests: bytes become heads and bodies, heads are admitted or answered, complete
/// requests are dispatched — never more in flight than `maxPipelinedRequests`.
extension ConnectionStateMachine {
    /// Bytes arrived. Parses and dispatches as many requests as they complete; keeps the rest.
    mutating func received(_ bytes: UnsafeRawBufferPointer, into actions: inout [ConnectionAction]) {
        switch phase {
        case .lingering, .closed: return
        default: break
        }
        guard !closing else { return }
        if inbound.isEmpty {
            // The common case: parse straight from the loop's read buffer, copy only a remainder.
            let consumed = process(bytes, into: &actions)
            if consumed < bytes.count { inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[consumed...])) }
        } else {
            inbound.append(contentsOf: bytes)
            processInbound(into: &actions)
        }
    }

    /// Parses what was kept from earlier reads (after the pipeline had been full).
    mutating func processInbound(into actions: inout [ConnectionAction]) {
        guard !inbound.isEmpty else { return }
        var buffered: [UInt8] = []
        swap(&buffered, &inbound)
        let consumed = buffered.withUnsafeBytes { process($0, into: &actions) }
        guard consumed < buffered.count, !closing, !isClosed else { return }
        if case .lingering = phase { return }
        buffered.removeFirst(consumed)
        inbound = buffered
    }

    /// Parses requests from `bytes`; returns how many bytes were used (the rest must wait).
    private mutating func process(_ bytes: UnsafeRawBufferPointer, into actions: inout [ConnectionAction]) -> Int {
        var offset = 0
        while offset < bytes.count {
            if closing { return bytes.count }
            switch phase {
            case .idle, .head:
                if lastRequestRead { return bytes.count }
                if slots.count >= limits.maxPipelinedRequests {
                    pauseReading(&actions)
                    return offset
                }
                if case .idle = phase {
                    phase = .head
                    arm(.header)
                }
                switch HeadParser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]), limits: headLimits) {
                case .incomplete:
                    return offset
                case .failed(let failure):
                    let language = AcceptLanguage.sniff(UnsafeRawBufferPointer(rebasing: bytes[offset...]), limit: limits.maxHeaderBytes)
                    refuse(.unparsable(failure), acceptLanguage: language, into: &actions)
                    return bytes.count
                case .complete(let head, let consumed):
                    offset += consumed
                    phase = .idle
                    begin(head, into: &actions)
                }
            case .body(var state):
                // Take the state out of `phase` so appending to its body does not copy it.
                phase = .idle
                offset += receiveBody(&state, UnsafeRawBufferPointer(rebasing: bytes[offset...]), into: &actions)
            case .lingering, .closed:
                return bytes.count
            }
        }
        return offset
    }

    /// Feeds body bytes; returns how many were used. Leaves `phase` as `.body` while more must come.
    private mutating func receiveBody(_ state: inout BodyState, _ available: UnsafeRawBufferPointer, into actions: inout [ConnectionAction]) -> Int {
        arm(.bodyIdle)
        if let spool = state.spool { return receiveSpooled(&state, spool, available, into: &actions) }
        if var decoder = state.chunked {
            switch decoder.feed(available, into: &state.request.body, limits: limits) {
            case .needMore:
                state.chunked = decoder
                phase = .body(state)
                return available.count
            case .failed(let failure):
                refuse(.unparsable(failure), acceptLanguage: state.info.acceptLanguage, into: &actions)
                return available.count
            case .finished(let consumed):
                dispatch(state.request, info: state.info, handler: state.handler, into: &actions)
                return consumed
            }
        }
        let take = min(state.remaining, available.count)
        state.request.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: available[0..<take]))
        state.remaining -= take
        if state.remaining == 0 {
            dispatch(state.request, info: state.info, handler: state.handler, into: &actions)
        } else {
            phase = .body(state)
        }
        return take
    }

    /// A head arrived: admit it (route, filter) or answer it now; then read its body or dispatch it.
    private mutating func begin(_ head: RequestHead, into actions: inout [ConnectionAction]) {
        var request = HTTPRequest(
            method: head.method, path: head.path, query: head.query,
            minorVersion: head.minorVersion, headers: head.headers)
        request.requestID = RequestID.accept(head.headers.value(lowercasedName: "x-request-id")) ?? environment.makeRequestID()
        var info = RequestInfo(
            method: head.method, path: head.path, routeIndex: -1, requestID: request.requestID,
            start: environment.now, minorVersion: head.minorVersion, keepAlive: head.keepAlive && !draining,
            origin: head.headers.value(lowercasedName: "origin"), redactsPath: false,
            acceptLanguage: head.headers.value(lowercasedName: "accept-language"))
        switch Admission.decide(head, request: &request, info: &info, server: server) {
        case .answer(let response):
            // The body was never read: keep the connection only if there is none to skip.
            if head.framing != .none { info.keepAlive = false }
            enqueue(response, info: info, into: &actions)
            if !info.keepAlive { closing = true }
        case .handler(let handler):
            if !info.keepAlive { lastRequestRead = true }
            switch head.framing {
            case .none:
                dispatch(request, info: info, handler: handler, into: &actions)
            case .length(let length):
                guard let target = bodyTarget(info, declaredLength: length, into: &actions) else { return }
                if target.spool == nil { request.body.reserveCapacity(length) }
                continueIfAsked(head, into: &actions)
                phase = .body(
                    BodyState(
                        request: request, info: info, handler: handler, remaining: length, chunked: nil,
                        limit: target.limit, spool: target.spool))
                arm(.bodyIdle)
            case .chunked:
                guard let target = bodyTarget(info, declaredLength: nil, into: &actions) else { return }
                continueIfAsked(head, into: &actions)
                phase = .body(
                    BodyState(
                        request: request, info: info, handler: handler, remaining: 0, chunked: ChunkedDecoder(),
                        limit: target.limit, spool: target.spool))
                arm(.bodyIdle)
            }
        }
    }

    /// An interim 100 may only go out when no earlier response is still owed.
    private mutating func continueIfAsked(_ head: RequestHead, into actions: inout [ConnectionAction]) {
        guard head.expectsContinue, slots.isEmpty else { return }
        actions.append(.writeContinue)
        noteWrite()
    }

    /// A whole request: it takes the next place in the pipeline and goes to its handler.
    mutating func dispatch(
        _ request: consuming HTTPRequest, info: consuming RequestInfo, handler: @escaping HTTPHandler, into actions: inout [ConnectionAction]
    ) {
        let slot = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(info: info, response: nil))
        disarm()  // waiting for a handler has no deadline
        actions.append(.dispatch(consume request, handler, slot: slot))
    }

    /// A response known without a handler takes its place in the pipeline.
    private mutating func enqueue(_ response: HTTPResponse, info: RequestInfo, into actions: inout [ConnectionAction]) {
        let slot = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(info: info, response: nil))
        responseReady(slot: slot, response, into: &actions)
    }

    /// A request that cannot be served (parse failure, limit, timeout): answer it and close,
    /// since the framing of anything after it can no longer be trusted.
    mutating func refuse(_ problem: ProtocolError, acceptLanguage: String? = nil, into actions: inout [ConnectionAction]) {
        phase = .idle
        disarm()
        var info = RequestInfo.unparsed(requestID: environment.makeRequestID(), start: environment.now)
        info.acceptLanguage = acceptLanguage
        enqueue(problem.response, info: info, into: &actions)
        closing = true
    }
}
