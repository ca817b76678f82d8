import ComplaintService
import Foundation
import Telemetry
import TestSupport
import Testing

/// The service writes its lines to the logger it is given, so an operator (or a test) can send
/// them anywhere: start-up says what it recovered and where it listens, shutdown what it saved.
struct ServiceLogTests {
    @Test func startAndShutdownAreReportedThroughTheGivenLogger() throws {
        let dir = try TempDir("service-log")
        defer { dir.remove() }
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd)
        let service = Service(configuration: testConfiguration(dataDirectory: dir.path), log: log)
        let port = try service.start()
        #expect(try http(port, "POST", "/v1/complaints", token: Token.rita, body: registrationBody(content: "楼道灯坏了")).status == 201)
        service.shutdown()
        #expect(log.flush(timeoutSeconds: 10))
        let lines = capture.jsonLines().compactMap { $0 }
        let listening = lines.first { $0["msg"] as? String == "listening" }
        #expect(listening?["port"] as? Int == port, "\(lines)")
        #expect(lines.contains { $0["msg"] as? String == "state recovered" })
        // The store's line says the bytes; the service's the complaints the snapshot holds.
        let snapshot = lines.first { $0["msg"] as? String == "snapshot written" && $0["complaints"] != nil }
        #expect(snapshot?["complaints"] as? Int == 1, "\(lines)")
    }
}
