import Foundation
import TestSupport
import Testing

@testable import HTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Routes that receive their body in a file (`BodyReception.file`): the bytes go to disk as they
/// arrive, each route keeps its own limit, and the file lives exactly as long as the request.
@Suite struct SpooledBodyTests {
    /// A fresh directory for spooled bodies.
    final class SpoolDirectory {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "spool-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        var files: [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A machine serving `/upload` (spooled, at most `limit` bytes) and `/echo` (in memory).
    struct Machine {
        let clock = ManualClock()
        let server: HTTPServer
        var machine: ConnectionStateMachine<ManualClock>
        var requests: [HTTPRequest] = []
        var statuses: [Int] = []
        var closed = false

        init(directory: String, limit: Int = 1000, memoryLimit: Int = 100) {
            var configuration = HTTPServerConfiguration()
            configuration.limits.maxBodyBytes = memoryLimit
            let ok: HTTPHandler = { _, _ in HTTPResponse(status: 200) }
            server = HTTPServer(
                configuration: configuration,
                router: Router([
                    Route(.POST, "/upload", body: .file(directory: directory, maxBytes: limit), ok), Route(.POST, "/echo", ok),
                ]))
            machine = ConnectionStateMachine(environment: clock, server: server)
        }

        mutating func receive(_ text: String) { receive(Array(text.utf8)) }

        mutating func receive(_ bytes: [UInt8]) {
            var actions: [ConnectionAction] = []
            bytes.withUnsafeBytes { machine.received($0, into: &actions) }
            for action in actions {
                switch action {
                case .dispatch(let request, _, _): requests.append(request)
                case .write(let response, _, _): statuses.append(response.status)
                case .close, .lingeringClose: closed = true
                default: break
                }
            }
        }

        mutating func respond(_ slot: UInt64) {
            var actions: [ConnectionAction] = []
            machine.responseReady(slot: slot, HTTPResponse(status: 200), into: &actions)
            for case .write(let response, _, _) in actions { statuses.append(response.status) }
        }

        mutating func timeOut() {
            clock.advance(seconds: 3600)
            var actions: [ConnectionAction] = []
            machine.deadlinePassed(into: &actions)
            for case .write(let response, _, _) in actions { statuses.append(response.status) }
        }
    }

    @Test func aLengthBodyArrivingInPiecesLandsInAnOwnerOnlyFileThatGoesWithTheRequest() throws {
        let spool = try SpoolDirectory()
        var m = Machine(directory: spool.path)
        let body = (0..<700).map { UInt8($0 % 251) }
        m.receive("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 700\r\n\r\n")
        m.receive(Array(body[0..<1]))
        m.receive(Array(body[1..<450]))
        #expect(m.requests.isEmpty)
        #expect(spool.files.count == 1, "the body goes to its file as it arrives")
        m.receive(Array(body[450...]) + Array("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
        do {
            let request = try #require(m.requests.first)
            #expect(request.body.isEmpty, "a spooled body is not held in memory")
            let spooled = try #require(request.spooledBody)
            #expect(spooled.length == 700)
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: spooled.path))) == body)
            var info = stat()
            #expect(stat(spooled.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        }
        m.respond(0)
        #expect(m.statuses == [200, 404], "the pipelined request after the body is read normally")
        m.requests = []
        #expect(spool.files.isEmpty, "the file is removed once nobody holds the request")
    }

    @Test func aChunkedBodyIsDechunkedIntoTheFile() throws {
        let spool = try SpoolDirectory()
        var m = Machine(directory: spool.path)
        m.receive("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n")
        m.receive("6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
        let spooled = try #require(m.requests.first?.spooledBody)
        #expect(spooled.length == 11)
        #expect(try String(contentsOfFile: spooled.path, encoding: .utf8) == "hello world")
    }

    @Test func eachRouteKeepsItsOwnLimit() throws {
        let spool = try SpoolDirectory()
        // The in-memory route still refuses what the spooling route would take.
        var memory = Machine(directory: spool.path)
        memory.receive("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n")
        #expect(memory.statuses == [413] && memory.requests.isEmpty)
        var declared = Machine(directory: spool.path)
        declared.receive("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n")
        #expect(declared.statuses == [413] && declared.requests.isEmpty)
        var chunked = Machine(directory: spool.path)
        chunked.receive("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n")
        chunked.receive(Array(repeating: UInt8(ascii: "x"), count: 1000) + Array("\r\n1\r\n".utf8))
        #expect(chunked.statuses == [413] && chunked.requests.isEmpty)
        #expect(spool.files.isEmpty, "a refused body leaves no file behind")
        // Beyond every route's limit the head parser refuses it before routing.
        var huge = Machine(directory: spool.path)
        huge.receive("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999\r\n\r\n")
        #expect(huge.statuses == [413])
    }

    @Test func anAbandonedOrStalledBodyLeavesNoFile() throws {
        let spool = try SpoolDirectory()
        var stalled = Machine(directory: spool.path)
        stalled.receive("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhalf")
        #expect(spool.files.count == 1)
        stalled.timeOut()
        #expect(stalled.statuses == [408])
        #expect(spool.files.isEmpty)
        do {
            var gone = Machine(directory: spool.path)
            gone.receive("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhalf")
            var actions: [ConnectionAction] = []
            gone.machine.peerClosed(into: &actions)
            gone.machine.socketFailed(into: &actions)
        }
        #expect(spool.files.isEmpty)
    }

    @Test func aSpoolDirectoryThatCannotTakeTheFileAnswers503() throws {
        var m = Machine(directory: "/nonexistent/spool-\(UUID().uuidString)")
        m.receive("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nabcd")
        #expect(m.statuses == [503] && m.requests.isEmpty)
    }

    @Test func aLiveUploadOfSeveralMegabytesArrivesWhole() throws {
        let spool = try SpoolDirectory()
        let route = Route(.POST, "/upload", body: .file(directory: spool.path, maxBytes: 16 << 20)) { request, _ in
            guard let spooled = request.spooledBody, let data = FileManager.default.contents(atPath: spooled.path) else {
                return HTTPResponse(status: 500)
            }
            var sum: UInt64 = 0
            for byte in data { sum = sum &* 31 &+ UInt64(byte) }
            return HTTPResponse(status: 200, headers: [("X-Length", String(spooled.length)), ("X-Sum", String(sum))])
        }
        let server = try makeTestServer(extraRoutes: [route])
        defer { server.shutdown(graceSeconds: 1) }
        var generator = SystemRandomNumberGenerator()
        let body = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var sum: UInt64 = 0
        for byte in body { sum = sum &* 31 &+ UInt64(byte) }
        let client = try TestClient(port: server.port, timeoutSeconds: 30)
        client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n")
        #expect(client.readResponse()?.status == 100)
        client.send(body)
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.header("x-length") == String(body.count))
        #expect(response.header("x-sum") == String(sum))
        #expect(eventually { spool.files.isEmpty }, "the spooled file is removed after the response")
    }

    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<100 where !condition() { usleep(50_000) }
        return condition()
    }
}
