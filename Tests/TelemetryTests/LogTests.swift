import Dispatch
import Foundation
import TestSupport
import Testing

@testable import Telemetry

/// The logger never makes its caller wait: a stopped reader costs lines (counted), not time.
@Suite(.serialized)
struct LogTests {
    @Test func aReaderThatStopsReadingNeverBlocksTheLoggerAndDroppedLinesAreCounted() throws {
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd, bufferBytes: 16 * 1024)
        let total = 20_000
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for i in 0..<total {
                log.info("tick", [("sequence", .int(i)), ("estate", "翠苑小区")])
            }
            log.writeLines(Array(#"{"msg":"block"}"#.utf8) + [10] + Array(#"{"msg":"block"}"#.utf8) + [10])
            finished.signal()
        }
        // 20,000 lines (about 2 MB) into a 64 KiB pipe nobody reads and a 16 KiB buffer.
        #expect(finished.wait(timeout: .now() + 30) == .success, "logging blocked")
        let dropped = log.droppedLines
        #expect(dropped > 0)
        #expect(!log.flush(timeoutSeconds: 0.2), "the output is still blocked, and flush says so in time")

        // A reader comes back: what was not dropped arrives whole, in order, as JSON lines.
        var lines: [[String: Any]?] = []
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            lines = capture.jsonLines()
            if log.flush(timeoutSeconds: 0.05) && capture.jsonLines().count == lines.count { break }
        }
        lines = capture.jsonLines()
        #expect(lines.allSatisfy { $0 != nil })
        #expect(UInt64(lines.count) + log.droppedLines == UInt64(total + 2))
        let sequences = lines.compactMap { $0?["sequence"] as? Int }
        #expect(sequences == sequences.sorted())
        #expect(sequences.first == 0)
    }

    @Test func linesBelowTheMinimumLevelAreNotWritten() throws {
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd)
        log.setMinimumLevel(.warn)
        #expect(!log.isEnabled(.info) && log.isEnabled(.warn) && log.isEnabled(.error))
        log.debug("d")
        log.info("i")
        log.warn("w")
        log.error("e", [("requestId", "abc"), ("bytes", .int(1723)), ("seconds", .double(0.25)), ("clean", .bool(true))])
        #expect(log.flush(timeoutSeconds: 10))
        let lines = capture.jsonLines().compactMap { $0 }
        #expect(lines.map { $0["msg"] as? String } == ["w", "e"])
        #expect(lines.map { $0["level"] as? String } == ["warn", "error"])
        let last = try #require(lines.last)
        #expect(last["bytes"] as? Int == 1723)
        #expect(last["seconds"] as? Double == 0.25)
        #expect(last["clean"] as? Bool == true)
        #expect(LogLevel.debug < .info && LogLevel.info < .warn && LogLevel.warn < .error)
    }

    @Test func fieldsHandedOverAsTextGetTheirJSONType() {
        func json(_ value: LogValue) -> String {
            switch value {
            case .string(let s): return "\"\(s)\""
            case .int(let i): return "\(i)"
            case .double(let d): return "\(d)"
            case .bool(let b): return "\(b)"
            }
        }
        #expect(json(.parsing("1723")) == "1723")
        #expect(json(.parsing("-4")) == "-4")
        #expect(json(.parsing("0.012")) == "0.012")
        #expect(json(.parsing("./data")) == "\"./data\"")
        #expect(json(.parsing("1e5")) == "\"1e5\"")
        #expect(json(.parsing("nan")) == "\"nan\"")
        #expect(json(.parsing("")) == "\"\"")
    }

    @Test func keysAreCamelCase() {
        #expect(Log.isCamelCase("requestId") && Log.isCamelCase("bytes") && Log.isCamelCase("durationMs"))
        #expect(!Log.isCamelCase("request_id") && !Log.isCamelCase("RequestId") && !Log.isCamelCase("") && !Log.isCamelCase("data-dir"))
    }

    @Test func droppedLinesAppearInTheProcessMetrics() throws {
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd, bufferBytes: 64)
        for _ in 0..<200 { log.info("a line longer than the whole buffer of sixty-four bytes, so it must be dropped") }
        var text = PrometheusText()
        ProcessMetrics.render(into: &text, log: log)
        let sample = text.text.split(separator: "\n").first { $0.hasPrefix("log_lines_dropped_total ") }
        #expect(sample == "log_lines_dropped_total 200")
        #expect(text.text.contains("# TYPE log_lines_dropped_total counter"))
    }
}
