@testable import HTTP1

/// A manual clock and request-id source for the connection state machine: time moves only
/// when a test says so.
final class ManualClock: ConnectionEnvironment {
    var now: UInt64 = 1_000_000_000_000
    private var issued = 0

    func advance(seconds: Double) { now += UInt64(seconds * 1e9) }

    func makeRequestID() -> String {
        issued += 1
        return "id-\(issued)"
    }
}

/// What the machine asked for, in a form tests can compare.
enum Step: Equatable, CustomStringConvertible {
    case dispatch(String, slot: UInt64)
    case write(Int, keepAlive: Bool)
    case writeContinue
    case stopReading
    case resumeReading
    case lingeringClose
    case close

    init(_ action: ConnectionAction) {
        switch action {
        case .dispatch(let request, _, let slot): self = .dispatch("\(request.method) \(request.path)", slot: slot)
        case .write(let response, _, let keepAlive): self = .write(response.status, keepAlive: keepAlive)
        case .writeContinue: self = .writeContinue
        case .stopReading: self = .stopReading
        case .resumeReading: self = .resumeReading
        case .lingeringClose: self = .lingeringClose
        case .close: self = .close
        }
    }

    var description: String {
        switch self {
        case .dispatch(let what, let slot): return "dispatch(\(what) #\(slot))"
        case .write(let status, let keepAlive): return "write(\(status)\(keepAlive ? "" : ", close"))"
        case .writeContinue: return "100-continue"
        case .stopReading: return "stopReading"
        case .resumeReading: return "resumeReading"
        case .lingeringClose: return "lingeringClose"
        case .close: return "close"
        }
    }
}

/// Drives one `ConnectionStateMachine` without a socket: feed it bytes, responses, write
/// outcomes and time; read back the actions as `Step`s.
struct ConnectionDriver {
    let clock = ManualClock()
    let server: HTTPServer
    var machine: ConnectionStateMachine<ManualClock>
    /// The bodies of the requests dispatched so far, by slot.
    private(set) var dispatched: [UInt64: HTTPRequest] = [:]
    /// Every response the machine asked to write, in order.
    private(set) var written: [HTTPResponse] = []

    init(_ adjust: (inout HTTPServerConfiguration) -> Void = { _ in }) {
        var configuration = HTTPServerConfiguration()
        adjust(&configuration)
        let ok: HTTPHandler = { _, _ in HTTPResponse(status: 200) }
        server = HTTPServer(
            configuration: configuration,
            router: Router([
                Route(.GET, "/a", ok), Route(.GET, "/b", ok), Route(.GET, "/c", ok), Route(.POST, "/echo", ok),
            ]))
        machine = ConnectionStateMachine(environment: clock, server: server)
    }

    private mutating func record(_ actions: [ConnectionAction]) -> [Step] {
        for action in actions {
            switch action {
            case .dispatch(let request, _, let slot): dispatched[slot] = request
            case .write(let response, _, _): written.append(response)
            default: break
            }
        }
        return actions.map(Step.init)
    }

    mutating func receive(_ text: String) -> [Step] { receive(Array(text.utf8)) }

    mutating func receive(_ bytes: [UInt8]) -> [Step] {
        var actions: [ConnectionAction] = []
        bytes.withUnsafeBytes { machine.received($0, into: &actions) }
        return record(actions)
    }

    mutating func respond(_ slot: UInt64, status: Int = 200, close: Bool = false) -> [Step] {
        var response = HTTPResponse(status: status)
        response.closeConnection = close
        var actions: [ConnectionAction] = []
        machine.responseReady(slot: slot, response, into: &actions)
        return record(actions)
    }

    mutating func wroteAll() -> [Step] {
        var actions: [ConnectionAction] = []
        machine.wroteAll(into: &actions)
        return record(actions)
    }

    mutating func peerClosed() -> [Step] {
        var actions: [ConnectionAction] = []
        machine.peerClosed(into: &actions)
        return record(actions)
    }

    mutating func shutdown() -> [Step] {
        var actions: [ConnectionAction] = []
        machine.shutdown(into: &actions)
        return record(actions)
    }

    /// Lets `seconds` pass, then fires the timer as the loop's sweep would if the deadline passed.
    mutating func wait(_ seconds: Double) -> [Step] {
        clock.advance(seconds: seconds)
        guard machine.deadline != 0, clock.now >= machine.deadline else { return [] }
        var actions: [ConnectionAction] = []
        machine.deadlinePassed(into: &actions)
        return record(actions)
    }

    /// Seconds until the current deadline (nil when there is none).
    var secondsToDeadline: Double? {
        machine.deadline == 0 ? nil : Double(machine.deadline - clock.now) / 1e9
    }
}
