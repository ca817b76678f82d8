import POSIXIO

/// How a handler that returned nil answers later, from any thread: the response is handed back
/// to the connection's own loop (task queue + eventfd) and written in request order.
public struct ResponseLater: @unchecked Sendable {
    let connection: HTTPConnection?
    let slotID: UInt64
    let loop: EventLoop?

    /// A sink that drops the response (for tests that call handlers without sockets).
    public static func discarding() -> ResponseLater { ResponseLater(connection: nil, slotID: 0, loop: nil) }

    init(connection: HTTPConnection?, slotID: UInt64, loop: EventLoop?) {
        self.connection = connection
        self.slotID = slotID
        self.loop = loop
    }

    /// Builds the response on the connection's own loop thread, then delivers it: expensive
    /// encoding then runs on the loops, not on the thread that finished the work.
    public func respond(building build: @escaping @Sendable () -> HTTPResponse) {
        guard let connection, let loop else { return }
        if loop.inEventLoop {
            connection.complete(slotID: slotID, response: build())
        } else {
            let slotID = slotID
            nonisolated(unsafe) let target = connection
            loop.execute { target.complete(slotID: slotID, response: build()) }
        }
    }

    /// Delivers the response for this request.
    public func respond(_ response: HTTPResponse) {
        guard let connection, let loop else { return }
        if loop.inEventLoop {
            connection.complete(slotID: slotID, response: response)
        } else {
            let slotID = slotID
            nonisolated(unsafe) let target = connection
            loop.execute { target.complete(slotID: slotID, response: response) }
        }
    }
}
