import ComplaintService
import Foundation
import TestSupport
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
        for family in [
            "http_requests_total", "http_request_duration_seconds_bucket", "http_connections_open", "process_open_fds",
            "store_appends_total", "complaints_open", "complaints_overdue", "escalations_total", "upgrades_total",
            "return_visits_due", "return_visits_overdue",
        ] {
            #expect(text.contains(family), "missing \(family)")
        }
        #expect(text.contains(#"status="201""#) && text.contains(#"status="404""#))
        #expect(text.contains(#"complaints_received_total{channel="phone"} 1"#), "\(text)")
        #expect(text.contains(#"complaints{category="none",severity="none"} 1"#), "\(text)")
        #expect(text.contains(#"complaints_open{status="received",severity="none"} 1"#))
        #expect(text.contains(#"escalations_total{clock="dispatch"} 0"#) && text.contains("return_visits_due 0"))
        // Never raw ids or secrets in label values.
        #expect(!text.contains(id))
        #expect(!text.contains(code))
        #expect(!text.contains("C0000-999999"))
        let appends = text.split(separator: "\n").first { $0.hasPrefix("store_appends_total ") }
        #expect((appends.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0) >= 1)

        guard
            let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool", "/bin/promtool"].first(
                where: FileManager.default.isExecutableFile(atPath:))
                ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map({ "\($0)/promtool" })
                .first(where: FileManager.default.isExecutableFile(atPath:))
        else {
            print("promtool not on PATH: skipping `promtool check metrics`")
            return
        }
        let scratch = try TempDir("promtool")
        defer { scratch.remove() }
        try Data(text.utf8).write(to: URL(fileURLWithPath: scratch.path + "/metrics.txt"))
        let process = try ChildProcess(
            promtool, ["check", "metrics"], stdin: scratch.path + "/metrics.txt",
            stdout: .file(scratch.path + "/report"), stderr: .file(scratch.path + "/report"))
        let status = process.exitStatus(within: 60)
        let report = fileText(scratch.path + "/report")
        #expect(status == 0, "promtool check metrics:\n\(report)")
    }

    /// Every counter series (and histogram bucket, sum and count) in a scrape, by series.
    static func monotonicSeries(_ text: String) -> [String: Double] {
        var families: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            guard parts.count == 4 else { continue }
            if parts[3] == "counter" { families.insert(String(parts[2])) }
            if parts[3] == "histogram" { for suffix in ["_bucket", "_sum", "_count"] { families.insert(parts[2] + suffix) } }
        }
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = String(line[..<space])
            let name = String(series.prefix { $0 != "{" })
            if families.contains(name) { values[series] = value }
        }
        return values
    }

    @Test func countersNeverGoDownAcrossALifecycle() throws {
        let dir = try TempDir("metrics-monotonic")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        var seen: [String: Double] = [:]
        func scrape(after step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let values = Self.monotonicSeries(try s.get("/metrics", token: nil).text)
            #expect(values.keys.contains { $0.hasPrefix("complaints_received_total") }, sourceLocation: sourceLocation)
            for (series, old) in seen {
                let now = values[series] ?? -1
                #expect(now >= old, "\(series) went from \(old) to \(now) (-1: gone) after \(step)", sourceLocation: sourceLocation)
            }
            seen = values
        }
        let id = try s.registered(estate: "Sunny Gardens", unit: "1201")
        try scrape(after: "register")
        let steps: [(String, String, String)] = [
            ("assess", Token.dora, #"{"valid":true,"severity":"important","category":"engineering"}"#),
            ("upgrade", Token.dora, #"{"note":"owners keep calling"}"#),
            ("opinion", Token.sue, #"{"text":"attend today"}"#),
            ("dispatch", Token.rita, #"{"department":"engineering","handler":"hank"}"#),
            ("acknowledge", Token.hank, "{}"),
            ("resolve", Token.hank, #"{"measures":"m","result":"r"}"#),
            ("approve", Token.mona, "{}"),
            ("reply", Token.rita, #"{"content":"done"}"#),
            ("visit", Token.sue, #"{"solved":true,"satisfied":true,"method":"phone"}"#),
            ("close", Token.sue, #"{"cause":"c","lessons":"l","preventiveAction":"p"}"#),
        ]
        for (action, token, body) in steps {
            try s.act(id, action, token, body)
            try scrape(after: action)
        }
        let text = try s.get("/metrics", token: nil).text
        #expect(text.contains(#"complaints_received_total{channel="phone"} 1"#), "\(text)")
        // What changes after receipt is a gauge: the complaint moved from "none" to its assessment.
        #expect(text.contains(#"complaints{category="engineering",severity="major"} 1"#))
        #expect(text.contains(#"complaints{category="none",severity="none"} 0"#))
        #expect(text.contains("# TYPE complaints gauge"))
    }
}
