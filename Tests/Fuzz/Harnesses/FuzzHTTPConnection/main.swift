// libFuzzer harness: the connection state machine, driven by arbitrary bytes split at arbitrary
// points, responses completed in arbitrary order, write outcomes, a manual clock, the peer
// hanging up and shutdown. Whatever happens it must never trap, never have more requests in
// flight than the pipelining limit, never act after closing, never write or dispatch after its
// closing response, and always end closed once every response is written and time has passed.
//
// Input layout: byte 0 gives the number of control bytes (0-31) that follow it; the rest is
// what the client sends. Control bytes are read in a cycle: the low 3 bits pick an event, the
// high 5 bits its parameter.
@testable import HTTP1

final class ManualClock: ConnectionEnvironment {
    var now: UInt64 = 1_000_000_000_000
    var issued = 0
    func makeRequestID() -> String {
        issued += 1
        return "f\(issued)"
    }
}

struct Harness {
    let clock = ManualClock()
    let server: HTTPServer
    var machine: ConnectionStateMachine<ManualClock>
    var outstanding: [UInt64] = []
    var closed = false
    var closingWritten = false
    var actions: [ConnectionAction] = []

    init(pipelineLimit: Int) {
        var configuration = HTTPServerConfiguration()
        configuration.limits.maxPipelinedRequests = pipelineLimit
        configuration.limits.maxBodyBytes = 2048
        configuration.limits.maxHeaderBytes = 1024
        configuration.limits.maxRequestLineBytes = 512
        configuration.limits.maxHeaderCount = 16
        let ok: HTTPHandler = { _, _ in HTTPResponse(status: 200) }
        server = HTTPServer(
            configuration: configuration,
            router: Router([
                Route(.GET, "/a", ok), Route(.POST, "/echo", ok), Route(.GET, "/items/{id}", ok),
            ]),
            headFilter: { request in
                request.headers["x-deny"] != nil ? HTTPResponse(status: 401) : nil
            })
        machine = ConnectionStateMachine(environment: clock, server: server)
    }

    /// Checks and records what the last event asked for.
    mutating func settle() {
        let limits = server.configuration.limits
        for action in actions {
            precondition(!closed, "an action after close: \(action)")
            switch action {
            case .dispatch(let request, _, let slot):
                precondition(!closingWritten, "a request dispatched after the closing response")
                precondition(request.body.count <= limits.maxBodyBytes, "a body over the limit")
                outstanding.append(slot)
            case .write(_, _, let keepAlive):
                precondition(!closingWritten, "a response written after the closing response")
                if !keepAlive { closingWritten = true }
            case .close:
                closed = true
            default:
                break
            }
        }
        actions.removeAll()
        precondition(outstanding.count <= limits.maxPipelinedRequests, "\(outstanding.count) requests in flight")
        precondition(machine.queuedResponses <= limits.maxPipelinedRequests, "\(machine.queuedResponses) responses queued")
        precondition(closed == machine.isClosed, "the machine and its actions disagree about closing")
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        machine.received(bytes, into: &actions)
        settle()
    }

    mutating func respond(pick: Int, close: Bool) {
        guard !outstanding.isEmpty else { return }
        let slot = outstanding.remove(at: pick % outstanding.count)
        var response = HTTPResponse(status: 200 + pick % 7)
        response.closeConnection = close
        machine.responseReady(slot: slot, response, into: &actions)
        settle()
    }

    mutating func write(blocked: Bool) {
        if blocked { machine.writeBlocked() } else { machine.wroteAll(into: &actions) }
        settle()
    }

    mutating func advance(seconds: UInt64) {
        clock.now &+= seconds &* 1_000_000_000 &+ 1
        if machine.deadline != 0 && clock.now >= machine.deadline {
            machine.deadlinePassed(into: &actions)
            settle()
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPConnection(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let controlCount = min(Int(bytes[0] % 32), size - 1)
    let control = Array(bytes[1..<(1 + controlCount)])
    let payload = UnsafeRawBufferPointer(rebasing: bytes[(1 + controlCount)...])
    var harness = Harness(pipelineLimit: 1 + Int(control.first ?? 0) % 4)
    var offset = 0
    var step = 0
    var peerGone = false
    while !control.isEmpty && step < 4 * (control.count + payload.count) && !harness.closed {
        let byte = control[step % control.count]
        step += 1
        let parameter = Int(byte >> 3)
        switch byte & 7 {
        case 0, 1, 2:
            guard offset < payload.count, !peerGone else { continue }
            let take = min(payload.count - offset, (parameter + 1) * (byte & 7 == 2 ? 64 : 1))
            harness.feed(UnsafeRawBufferPointer(rebasing: payload[offset..<(offset + take)]))
            offset += take
        case 3:
            harness.respond(pick: parameter, close: parameter == 31)
        case 4:
            harness.write(blocked: parameter & 1 == 1)
        case 5:
            harness.advance(seconds: UInt64(parameter))
        case 6:
            if !peerGone, offset >= payload.count || parameter == 0 {
                peerGone = true
                harness.machine.peerClosed(into: &harness.actions)
                harness.settle()
            }
        default:
            harness.machine.shutdown(into: &harness.actions)
            harness.settle()
        }
    }
    if !peerGone && offset < payload.count && !harness.closed {
        harness.feed(UnsafeRawBufferPointer(rebasing: payload[offset...]))
    }
    // Wind down: answer everything in order, let every write complete, let time pass. The
    // connection must end closed: after a response and a lingering close, or on a timeout.
    for _ in 0..<8 where !harness.closed {
        while !harness.outstanding.isEmpty && !harness.closed { harness.respond(pick: 0, close: false) }
        if !harness.closed { harness.write(blocked: false) }
        if !harness.closed { harness.advance(seconds: 3_600) }
    }
    precondition(harness.closed, "the connection never closed")
    return 0
}
