import ComplaintService
import Foundation
import Testing

@Suite(.serialized)
struct MetricsTests {
    @Test func metricsUseRoutePatternsAndPassPromtool() throws {
        let dir = try TempDir("metrics")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let created = try s.register(content: "Metrics complaint")
        let id = try #require(created.json?["id"] as? String)
        let code = try #require(created.json?["trackingCode"] as? String)
        #expect(try s.get("/v1/complaints/\(id)").status == 200)
        #expect(try s.get("/v1/complaints/C0000-999999").status == 404)
        #expect(try s.get("/v1/track/\(code)", token: nil).status == 200)

        var text = ""
        let counted = try eventually {
            let r = try s.get("/metrics", token: nil)
            text = r.text
            return r.status == 200 && text.contains(#"route="/v1/complaints/{id}""#) && text.contains(#"route="/v1/track/{trackingCode}""#)
        }
        #expect(counted, "route patterns missing:\n\(text)")
        for family in ["http_requests_total", "http_request_duration_seconds_bucket", "http_connections_open", "process_open_fds",
                       "store_appends_total", "complaints_open", "complaints_overdue", "escalations_total", "upgrades_total",
                       "return_visits_due", "return_visits_overdue"] {
            #expect(text.contains(family), "missing \(family)")
        }
        #expect(text.contains(#"status="201""#) && text.contains(#"status="404""#))
        #expect(text.contains(#"complaints_received_total{channel="phone",category="none",severity="none"} 1"#), "\(text)")
        #expect(text.contains(#"complaints_open{status="received",severity="none"} 1"#))
        #expect(text.contains(#"escalations_total{clock="dispatch"} 0"#) && text.contains("return_visits_due 0"))
        // Never raw ids or secrets in label values.
        #expect(!text.contains(id))
        #expect(!text.contains(code))
        #expect(!text.contains("C0000-999999"))
        let appends = text.split(separator: "\n").first { $0.hasPrefix("store_appends_total ") }
        #expect((appends.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) >= 1)

        guard let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool", "/bin/promtool"].first(where: FileManager.default.isExecutableFile(atPath:))
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map({ "\($0)/promtool" })
                .first(where: FileManager.default.isExecutableFile(atPath:)) else {
            print("promtool not on PATH: skipping `promtool check metrics`")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool check metrics:\n\(report)")
    }
}
