// ComplaintBench: makes a realistic data directory for complaintd — three years of a property
// company's complaints, simulated through the domain's own decide/evolve and written in the
// event store's record format — and measures the escalation scheduler and the reports.
//
//   ComplaintBench generate DIR N [--seed S] [--now UNIX|ISO8601] [--encoders K] [--shards K] [--verify]
//   ComplaintBench scheduler N       fold N registrations, then time nextDeadline / dueDeadlines
//   ComplaintBench report N          fold N complaints over 60 days, then time weekly/daily reports
//   ComplaintBench lists N           fold N complaints, then time scoped list pages
//   ComplaintBench announce N        time one page of N redacted public announcements
//   ComplaintBench search N          fold N complaints, then the search indexes' size, rebuild time and p50/p99
//   ComplaintBench stall N           fold N open complaints, then time the commands right after a state snapshot
//   ComplaintBench decode FILE...    time decoding the events of log segments, one thread, CPU per event
import ComplaintDomain
import Foundation

let usage = """
    usage: ComplaintBench generate DIR N [--seed S] [--now UNIX-SECONDS|ISO8601] [--encoders K] [--shards K] [--verify]
           ComplaintBench scheduler N
           ComplaintBench report N
           ComplaintBench search N
           ComplaintBench stall N
           ComplaintBench decode LOG-SEGMENT...
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// Parses `generate`'s arguments; the same seed and `--now` give the same log, byte for byte.
func parseGenerate(_ arguments: ArraySlice<String>) -> (GeneratorSettings, verify: Bool) {
    var rest = Array(arguments)
    guard rest.count >= 2, let count = Int(rest[1]), count > 0 else { fail(usage) }
    var settings = GeneratorSettings(directory: rest[0], count: count, now: Int64(Date().timeIntervalSince1970))
    var verify = false
    rest.removeFirst(2)
    while let option = rest.first {
        rest.removeFirst()
        func value() -> String {
            guard let value = rest.first else { fail("\(option) needs a value\n\(usage)") }
            rest.removeFirst()
            return value
        }
        switch option {
        case "--seed":
            guard let seed = UInt64(value()) else { fail("--seed takes a non-negative integer") }
            settings.seed = seed
        case "--now":
            let text = value()
            if let seconds = Int64(text) {
                settings.now = seconds
            } else if let date = ISO8601DateFormatter().date(from: text) {
                settings.now = Int64(date.timeIntervalSince1970)
            } else {
                fail("--now takes Unix seconds or an ISO 8601 time such as 2026-11-22T09:00:00+08:00")
            }
        case "--encoders":
            guard let n = Int(value()), (1...64).contains(n) else { fail("--encoders takes 1…64") }
            settings.encoders = n
        case "--shards":
            guard let n = Int(value()), (1...16).contains(n) else { fail("--shards takes 1…16") }
            settings.shards = n
        case "--verify":
            verify = true
        default:
            fail("unknown option \(option)\n\(usage)")
        }
    }
    return (settings, verify)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail(usage) }
switch arguments[1] {
case "generate":
    let (settings, verify) = parseGenerate(arguments.dropFirst(2))
    do {
        try generate(settings, verify: verify)
    } catch {
        fail("ComplaintBench: \(error)")
    }
case "report":
    guard let n = Int(arguments[2]), n > 0 else { fail(usage) }
    measureReports(count: n)
case "announce":
    guard let n = Int(arguments[2]) else { exit(2) }
    measureAnnouncements(count: n)
case "scheduler":
    guard let n = Int(arguments[2]), n > 0 else { fail(usage) }
    measureScheduler(count: n)
case "search":
    guard let n = Int(arguments[2]), n > 0 else { fail(usage) }
    measureSearch(count: n)
case "stall":
    guard let n = Int(arguments[2]), n > 0 else { fail(usage) }
    measureSnapshotStall(count: n)
case "lists":
    guard let n = Int(arguments[2]) else { exit(2) }
    measureLists(count: n)
case "decode":
    measureDecoding(files: Array(arguments.dropFirst(2)))
default:
    fail("unknown command \(arguments[1])\n\(usage)")
}
