import Foundation
import Synchronization
import TestSupport
import Testing

@testable import HTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Streams the route handed out, so a test can write to them later.
final class StreamBox: Sendable {
    let streams = Mutex<[ResponseStream]>([])
    let closed = Atomic<Int>(0)

    /// The n-th stream, once a request made it (waits up to 10 s).
    func stream(_ index: Int) throws -> ResponseStream {
        for _ in 0..<1000 {
            if let stream = streams.withLock({ $0.count > index ? $0[index] : nil }) { return stream }
            usleep(10_000)
        }
        throw TestError("no stream \(index)")
    }

    func waitForClosed(_ count: Int) -> Bool {
        for _ in 0..<1000 {
            if closed.load(ordering: .acquiring) >= count { return true }
            usleep(10_000)
        }
        return false
    }

    func route(bufferBytes: Int = 4096) -> Route {
        Route(.GET, "/events") { [self] _, _ in
            let stream = ResponseStream(maxBufferedBytes: bufferBytes)
            stream.onClose { [self] in closed.add(1, ordering: .releasing) }
            stream.send(Array(": hello\n\n".utf8))
            streams.withLock { $0.append(stream) }
            return .stream(stream, contentType: "text/event-stream", headers: [("Cache-Control", "no-store")])
        }
    }
}

@Suite(.serialized)
struct StreamingResponseTests {
    @Test func writesTheHeadWithoutALengthThenWhatTheApplicationSendsLater() throws {
        let box = StreamBox()
        let server = try makeTestServer(extraRoutes: [box.route()])
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = String(decoding: client.readRaw(untilContains: ": hello\n\n"), as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.contains("Content-Type: text/event-stream\r\n"))
        #expect(!head.lowercased().contains("content-length"))
        #expect(head.contains("Connection: close\r\n"))
        let stream = try box.stream(0)
        #expect(stream.send(Array("data: one\n\n".utf8)))
        #expect(String(decoding: client.readRaw(untilContains: "data: one"), as: UTF8.self).contains("data: one\n\n"))
        #expect(stream.send(Array("data: two\n\n".utf8)))
        #expect(String(decoding: client.readRaw(untilContains: "data: two"), as: UTF8.self).contains("data: two\n\n"))
        stream.finish()
        #expect(client.waitForClose())
        #expect(box.waitForClosed(1))
    }

    @Test func aClientThatLeavesClosesTheStream() throws {
        let box = StreamBox()
        let server = try makeTestServer(extraRoutes: [box.route()])
        defer { server.shutdown(graceSeconds: 1) }
        do {
            let client = try TestClient(port: server.port)
            client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = client.readRaw(untilContains: ": hello")
        }  // the client closes its socket here
        #expect(box.waitForClosed(1))
        let stream = try box.stream(0)
        #expect(stream.isClosed)
        #expect(!stream.send(Array("data: late\n\n".utf8)))
        // The server still serves others.
        let other = try TestClient(port: server.port)
        other.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(other.readResponse()?.status == 200)
    }

    @Test func aReaderThatFallsBehindIsDroppedInsteadOfBuffered() throws {
        let box = StreamBox()
        let server = try makeTestServer(extraRoutes: [box.route(bufferBytes: 4096)])
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        var size: Int32 = 4096
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        let stream = try box.stream(0)
        // The client reads nothing: the kernel buffers fill, then the stream's own bound is hit.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1000) + Array("\n\n".utf8)
        var refusedAfter = -1
        for i in 0..<20_000 {
            if !stream.send(chunk) {
                refusedAfter = i
                break
            }
            if i % 50 == 0 { usleep(1000) }
        }
        #expect(refusedAfter > 0, "the stream never refused a send")
        #expect(box.waitForClosed(1))
        #expect(client.waitForClose())
    }

    @Test func shutdownClosesOpenStreams() throws {
        let box = StreamBox()
        let server = try makeTestServer(extraRoutes: [box.route()])
        let client = try TestClient(port: server.port)
        client.send("GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = client.readRaw(untilContains: ": hello")
        #expect(server.shutdown(graceSeconds: 5))
        #expect(box.waitForClosed(1))
        #expect(client.waitForClose())
    }

    @Test func headGetsTheHeadAndNoStream() throws {
        let box = StreamBox()
        let server = try makeTestServer(extraRoutes: [box.route()])
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("HEAD /events HTTP/1.1\r\nHost: t\r\n\r\n")
        let raw = String(decoding: client.readRaw(untilContains: "\r\n\r\n"), as: UTF8.self)
        #expect(raw.hasPrefix("HTTP/1.1 200 OK"))
        #expect(box.waitForClosed(1))
        #expect(client.waitForClose())
    }

    @Test func aRequestSeesTheClientAddress() throws {
        let route = Route(.GET, "/whoami") { request, _ in
            HTTPResponse(status: 200, contentType: "text/plain", body: Array(request.remoteAddress.utf8))
        }
        let server = try makeTestServer(extraRoutes: [route])
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /whoami HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.text == "127.0.0.1")
    }
}
