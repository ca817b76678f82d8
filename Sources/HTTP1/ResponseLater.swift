import POSIXIO

/// How a handler that returned nil answers later, from any thread: the response is handed back
/// to the connection's own loop (task queue + eventfd) and written in request order.
///
/// `@unchecked Sendable` is safe: the connection (not Sendable) is only ever touched on its
/// own loop's thread — each method runs there directly when already on it, and otherwise hands
/// the work to that loop with `execute`. The slot id and the loop are immutable.
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
    /// encoding then runs on the loops, not on the thread that finished the work. An error the
    /// builder throws is mapped like one a handler throws.
    public func respond(building build: @escaping @Sendable () throws -> HTTPResponse) {
        onLoop { connection, slotID in
            do {
                connection.complete(slotID: slotID, response: try build())
            } catch {
                connection.fail(slotID: slotID, error: error)
            }
        }
    }

    /// Delivers the response for this request.
    public func respond(_ response: HTTPResponse) {
        onLoop { connection, slotID in connection.complete(slotID: slotID, response: response) }
    }

    /// Reports that the request failed: the server maps `error` through its error mapping
    /// (by default a 500 that hides the error), as if the handler had thrown it. The request the
    /// mapping gets carries the method, path, route and id, not the headers or body (the
    /// connection does not keep those while the work runs).
    public func fail(_ error: any Error) {
        onLoop { connection, slotID in connection.fail(slotID: slotID, error: error) }
    }

    private func onLoop(_ body: @escaping @Sendable (HTTPConnection, UInt64) -> Void) {
        guard let connection, let loop else { return }
        if loop.inEventLoop {
            body(connection, slotID)
        } else {
            let slotID = slotID
            let target = UncheckedConnection(connection: connection)
            loop.execute { body(target.connection, slotID) }
        }
    }
}

/// Carries a connection to its own loop's thread. `@unchecked Sendable` is safe: it is only
/// created to be handed to that loop's `execute`, and only read there.
private struct UncheckedConnection: @unchecked Sendable {
    let connection: HTTPConnection
}
