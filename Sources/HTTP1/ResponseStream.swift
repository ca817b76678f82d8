import POSIXIO
import Synchronization

/// A response whose body is written later, piece by piece, over a connection held open — for
/// Server-Sent Events. A handler returns `HTTPResponse.stream(_:)`; the connection writes the
/// head (no Content-Length: the body ends when the connection closes) and then whatever the
/// application `send`s, from any thread, until either side ends it.
///
/// Memory is bounded: bytes waiting for the socket (here and in the connection's output) never
/// exceed `maxBufferedBytes`; a client that reads slower than the application writes is
/// dropped, not buffered for. A stream is the last response of its connection.
public final class ResponseStream: Sendable {
    /// The most bytes that may wait for a slow reader before the connection is dropped.
    public let maxBufferedBytes: Int
    private let state = Mutex<State>(State())

    private struct State {
        var pending: [UInt8] = []
        var flushScheduled = false
        var closed = false
        var attached: StreamTarget?
        var onClose: [@Sendable () -> Void] = []
        /// The connection let go of the stream: handlers registered later run at once.
        var detached = false
    }

    /// A stream that drops its reader once more than `maxBufferedBytes` wait for the socket.
    public init(maxBufferedBytes: Int = 64 * 1024) {
        self.maxBufferedBytes = max(1024, maxBufferedBytes)
    }

    /// Queues `bytes` for the client; false when the stream is closed (the client left, was
    /// dropped, or the server is stopping) — then stop sending. Exceeding the buffer drops it.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        enum Outcome {
            case queued
            case flush(StreamTarget)
            case refused
            case drop(StreamTarget?)
        }
        let outcome = state.withLock { state -> Outcome in
            guard !state.closed else { return .refused }
            if state.pending.count + bytes.count > maxBufferedBytes {
                state.closed = true
                state.pending = []
                return .drop(state.attached)
            }
            state.pending.append(contentsOf: bytes)
            guard let target = state.attached, !state.flushScheduled else { return .queued }
            state.flushScheduled = true
            return .flush(target)
        }
        switch outcome {
        case .queued: return true
        case .refused: return false
        case .flush(let target):
            target.onLoop { $0.streamFlush() }
            return true
        case .drop(let target):
            // Attached: the connection closes and then tells the handlers; not yet: tell them now.
            if let target { target.onLoop { $0.streamDropped() } } else { connectionClosed() }
            return false
        }
    }

    /// Ends the stream: what was sent is written, then the connection closes.
    public func finish() {
        let target = state.withLock { state -> StreamTarget? in
            guard !state.closed else { return nil }
            state.closed = true
            return state.attached
        }
        target?.onLoop {
            $0.streamFlush()
            $0.streamFinished()
        }
    }

    /// Whether the stream has ended (sends are refused).
    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs `handler` once when the stream ends for any reason (at once if it has already).
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.detached { return true }
            state.onClose.append(handler)
            return false
        }
        if runNow { handler() }
    }

    // MARK: the connection's side (its loop thread)

    /// The head is written: bytes sent so far go out now, later ones through `streamFlush`.
    /// `finished` says the application already ended the stream.
    func attach(_ connection: HTTPConnection, loop: EventLoop) -> (bytes: [UInt8], finished: Bool) {
        state.withLock { state in
            state.attached = StreamTarget(connection: connection, loop: loop)
            var bytes: [UInt8] = []
            swap(&bytes, &state.pending)
            return (bytes, state.closed)
        }
    }

    /// The bytes queued since the last flush.
    func takePending() -> [UInt8] {
        state.withLock { state in
            state.flushScheduled = false
            var bytes: [UInt8] = []
            swap(&bytes, &state.pending)
            return bytes
        }
    }

    /// The connection is gone: refuse further sends and tell the application.
    func connectionClosed() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            state.attached = nil
            state.pending = []
            state.detached = true
            defer { state.onClose = [] }
            return state.onClose
        }
        for handler in handlers { handler() }
    }
}

extension HTTPResponse {
    /// A response whose body `stream` writes later (e.g. `text/event-stream`); the connection
    /// closes when the stream ends.
    public static func stream(
        _ stream: ResponseStream, status: Int = 200, contentType: String,
        headers: [(String, String)] = []
    ) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: contentType, headers: headers)
        response.bodyStream = stream
        response.closeConnection = true
        return response
    }
}

/// Where an attached stream's bytes go: its connection, reached on the connection's own loop.
/// `@unchecked Sendable` is safe: the connection is only touched inside `onLoop`, on its loop.
struct StreamTarget: @unchecked Sendable {
    let connection: HTTPConnection
    let loop: EventLoop

    func onLoop(_ body: @escaping @Sendable (HTTPConnection) -> Void) {
        let target = self
        loop.execute { body(target.connection) }
    }
}
