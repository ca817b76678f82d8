/// Bodies a route asked to receive in a file (`BodyReception.file`): the head parser admits any
/// length up to the largest such route's limit, each request is then held to its own route's
/// limit, and a spooled body goes from the loop's read buffer straight to its file — never
/// gathered in memory, whatever its size.
extension ConnectionStateMachine {
    /// The limits the head parser applies: a declared length is refused there only beyond every
    /// route's limit; `bodyTarget` holds each request to its own route's.
    var headLimits: HTTPLimits {
        var limits = self.limits
        limits.maxBodyBytes = Swift.max(limits.maxBodyBytes, server.router.largestSpooledBodyBytes)
        return limits
    }

    /// Where the body of a request admitted to its handler goes: its limit, and the file when
    /// its route spools. Nil when the request was refused instead (413 over the limit, 503 when
    /// no file could be made); the connection then closes.
    mutating func bodyTarget(
        _ info: RequestInfo, declaredLength: Int?,
        into actions: inout [ConnectionAction]
    ) -> (limit: Int, spool: BodySpoolWriter?)? {
        let reception = info.routeIndex >= 0 ? server.router.routes[Int(info.routeIndex)].bodyReception : .memory
        let limit = reception.spooledLimit ?? limits.maxBodyBytes
        if let declaredLength, declaredLength > limit {
            refuse(.unparsable(.bodyTooLarge), into: &actions)
            return nil
        }
        guard case .file(let directory, _) = reception else { return (limit, nil) }
        guard let spool = BodySpoolWriter.create(in: directory) else {
            refuse(.bodyNotStored, into: &actions)
            return nil
        }
        return (limit, spool)
    }

    /// Feeds body bytes to the file of a spooled body; returns how many were used. Leaves
    /// `phase` as `.body` while more must come.
    mutating func receiveSpooled(
        _ state: inout BodyState, _ spool: BodySpoolWriter, _ available: UnsafeRawBufferPointer,
        into actions: inout [ConnectionAction]
    ) -> Int {
        if var decoder = state.chunked {
            // De-chunked a read at a time (at most the loop's read buffer), then written out.
            var scratch: [UInt8] = []
            var bodyLimits = limits
            bodyLimits.maxBodyBytes = state.limit
            let progress = decoder.feed(available, into: &scratch, limits: bodyLimits)
            if case .failed(let failure) = progress {
                refuse(.unparsable(failure), into: &actions)
                return available.count
            }
            guard scratch.withUnsafeBytes({ spool.write($0) }) else {
                refuse(.bodyNotStored, into: &actions)
                return available.count
            }
            switch progress {
            case .finished(let consumed):
                finishSpooled(state, spool, into: &actions)
                return consumed
            default:
                state.chunked = decoder
                phase = .body(state)
                return available.count
            }
        }
        let take = Swift.min(state.remaining, available.count)
        guard spool.write(UnsafeRawBufferPointer(rebasing: available[0..<take])) else {
            refuse(.bodyNotStored, into: &actions)
            return available.count
        }
        state.remaining -= take
        if state.remaining == 0 {
            finishSpooled(state, spool, into: &actions)
        } else {
            phase = .body(state)
        }
        return take
    }

    private mutating func finishSpooled(_ state: BodyState, _ spool: BodySpoolWriter, into actions: inout [ConnectionAction]) {
        var request = state.request
        request.spooledBody = spool.finish()
        dispatch(request, info: state.info, handler: state.handler, into: &actions)
    }
}
