// StoreBench: durability throughput and replay time of EventStore.
// Run with `swift run -c release StoreBench [dir]`; it is not a test and
// makes no assertions, it prints figures to compare against the goals.

import Dispatch
import EventStore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// `--open DIR`: time opening an existing data directory (its newest snapshot, then the replay
// of the log after it), as a restart does; nothing else runs and DIR is not removed.
if let flag = CommandLine.arguments.firstIndex(of: "--open"), flag + 1 < CommandLine.arguments.count {
    var configuration = StoreConfiguration(directory: CommandLine.arguments[flag + 1])
    configuration.fsyncPolicy = .always
    let start = DispatchTime.now().uptimeNanoseconds
    let store = try EventStore.open(
        configuration, now: { Int64(Date().timeIntervalSince1970 * 1000) },
        log: { level, message, _ in
            if level != "info" { print("  [\(level)] \(message)") }
        })
    let opened = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let snapshot = try store.latestSnapshot()
    var count = 0
    _ = try store.replay(after: snapshot?.sequence ?? 0) { _ in count += 1 }
    let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(
        String(
            format: "open %@: %.3f s (open+check %.3f s), snapshot at %llu, %d records replayed after it",
            configuration.directory, total, opened, snapshot?.sequence ?? 0, count))
    store.close()
    exit(0)
}

let options = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("--") }
let base =
    options.first.map { String($0) } != nil
    ? String(options.first!)
    : FileManager.default.temporaryDirectory.appendingPathComponent("storebench-\(getpid())").path
try? FileManager.default.removeItem(atPath: base)
try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: base) }

let clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
let quiet: @Sendable (String, String, [String: String]) -> Void = { level, message, _ in
    if level != "info" { print("  [\(level)] \(message)") }
}

/// A ~200-byte JSON object payload.
func payload(_ index: Int) -> [UInt8] {
    let filler = String(repeating: "x", count: 150)
    return Array(#"{"id":\#(index),"kind":"noise","note":"\#(filler)"}"#.utf8)
}

func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

// 1. Raw fdatasync rate: what one durable write costs on this disk.
func rawFsyncRate(duration: Double) -> Double {
    let path = base + "/raw.bin"
    let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
    precondition(descriptor >= 0, "open \(path)")
    defer {
        close(descriptor)
        unlink(path)
    }
    let bytes = payload(0)
    var offset: off_t = 0
    var operations = 0
    let start = DispatchTime.now().uptimeNanoseconds
    while seconds(since: start) < duration {
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, offset) }
        precondition(written == bytes.count)
        offset += off_t(written)
        precondition(fdatasync(descriptor) == 0)
        operations += 1
    }
    return Double(operations) / seconds(since: start)
}

/// Shared by the writer loops: completed appends, and the flag that stops them.
final class WriterCounters: Sendable {
    let completed = Atomic<Int>(0)
    let stop = Atomic<Bool>(false)
}

/// Opens a fresh `always` store, lets `startWriters` run for `duration`, and returns durable
/// appends/s, records per group commit and the mean fsync time. `startWriters` returns a
/// function that waits until every writer has stopped.
func measureAppends(
    directory: String, duration: Double,
    startWriters: (EventStore, NewRecord, WriterCounters) -> () -> Void
) throws -> (rate: Double, batch: Double, fsyncMillis: Double) {
    var configuration = StoreConfiguration(directory: base + "/" + directory)
    configuration.fsyncPolicy = .always
    let store = try EventStore.open(configuration, now: clock, log: quiet)
    let counters = WriterCounters()
    let waitForWriters = startWriters(store, NewRecord(type: "bench.appended", stream: "B-1", payload: payload(1)), counters)
    let start = DispatchTime.now().uptimeNanoseconds
    Thread.sleep(forTimeInterval: duration)
    let count = counters.completed.load(ordering: .relaxed)
    let elapsed = seconds(since: start)
    counters.stop.store(true, ordering: .relaxed)
    waitForWriters()
    let statistics = store.statistics
    store.close()
    try? FileManager.default.removeItem(atPath: configuration.directory)
    return (
        Double(count) / elapsed, Double(statistics.recordsTotal) / Double(max(1, statistics.appendsTotal)),
        statistics.fsyncDurationBuckets.sum * 1000 / Double(max(1, statistics.fsyncDurationBuckets.count))
    )
}

// 2. Durable appends/s with N writer threads, each waiting for its own completion.
func storeRate(writers: Int, duration: Double, run: Int) throws -> (rate: Double, batch: Double, fsyncMillis: Double) {
    try measureAppends(directory: "writers-\(writers)-\(run)", duration: duration) { store, record, counters in
        let finished = DispatchGroup()
        for _ in 0..<writers {
            finished.enter()
            let thread = Thread {
                let done = DispatchSemaphore(value: 0)
                while !counters.stop.load(ordering: .relaxed) {
                    store.append([record]) { result in
                        if case .failure(let error) = result { fatalError("\(error)") }
                        done.signal()
                    }
                    done.wait()
                    counters.completed.add(1, ordering: .relaxed)
                }
                finished.leave()
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
        return { finished.wait() }
    }
}

// 2b. The same with N in-flight appends that are not threads: each completion hands the next
// append of its writer to one serial queue, as complaintd's apply queue does for HTTP clients.
func storeRateAsync(writers: Int, duration: Double, run: Int) throws -> (rate: Double, batch: Double, fsyncMillis: Double) {
    try measureAppends(directory: "async-\(writers)-\(run)", duration: duration) { store, record, counters in
        let inFlight = DispatchGroup()
        let queue = DispatchQueue(label: "bench.apply")
        @Sendable func next() {
            guard !counters.stop.load(ordering: .relaxed) else {
                inFlight.leave()
                return
            }
            store.append([record]) { result in
                if case .failure(let error) = result { fatalError("\(error)") }
                queue.async {
                    counters.completed.add(1, ordering: .relaxed)
                    next()
                }
            }
        }
        for _ in 0..<writers {
            inFlight.enter()
            queue.async { next() }
        }
        return { inFlight.wait() }
    }
}

func appendBlocking(_ store: EventStore, _ records: [NewRecord]) {
    let done = DispatchSemaphore(value: 0)
    store.append(records) { result in
        if case .failure(let error) = result { fatalError("\(error)") }
        done.signal()
    }
    done.wait()
}

// 3 + 4. Replay of a large log, from scratch and from a snapshot.
func replayBenchmarks(records: Int, tail: Int) throws {
    var configuration = StoreConfiguration(directory: base + "/replay")
    configuration.fsyncPolicy = .never  // building the fixture, not measuring appends
    var store = try EventStore.open(configuration, now: clock, log: quiet)
    let batch = 1000
    for start in stride(from: 0, to: records, by: batch) {
        appendBlocking(
            store,
            (start..<min(records, start + batch)).map {
                NewRecord(type: "bench.appended", stream: "B-\($0 % 1000)", payload: payload($0))
            })
    }
    store.close()
    let logBytes = try FileManager.default.contentsOfDirectory(atPath: configuration.directory + "/log")
        .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: configuration.directory + "/log/" + $1)[.size] as? Int) ?? 0) }

    var start = DispatchTime.now().uptimeNanoseconds
    store = try EventStore.open(configuration, now: clock, log: quiet)
    let openSeconds = seconds(since: start)
    var count = 0
    var payloadBytes = 0
    let report = try store.replay(after: 0) { record in
        count += 1
        payloadBytes &+= record.payload.count
    }
    let total = seconds(since: start)
    precondition(count == records)
    print(
        String(
            format: "replay %d records (%.0f MB log, %d segments): %.2f s total (open+check %.2f s, replay %.2f s), %.0f records/s",
            count, Double(logBytes) / 1e6, report.segments, total, openSeconds, total - openSeconds, Double(count) / total))

    // Snapshot at the end, then `tail` more records.
    try store.writeSnapshot(
        sequence: store.lastSequence, payload: Array(#"{"state":""#.utf8) + [UInt8](repeating: UInt8(ascii: "s"), count: 1 << 20) + Array(#""}"#.utf8)
    )
    for start in stride(from: 0, to: tail, by: batch) {
        appendBlocking(
            store,
            (start..<min(tail, start + batch)).map {
                NewRecord(type: "bench.appended", stream: "B-\($0 % 1000)", payload: payload($0))
            })
    }
    store.close()

    start = DispatchTime.now().uptimeNanoseconds
    store = try EventStore.open(configuration, now: clock, log: quiet)
    let snapshotOpen = seconds(since: start)
    guard let snapshot = try store.latestSnapshot() else { fatalError("no snapshot") }
    count = 0
    _ = try store.replay(after: snapshot.sequence) { _ in count += 1 }
    let snapshotTotal = seconds(since: start)
    precondition(count == tail)
    print(String(format: "open + 1 MB snapshot + replay %d records: %.3f s (open+check %.3f s)", count, snapshotTotal, snapshotOpen))
    store.close()
}

// `--replay-only` skips the append measurements (start-up figures only).
if !CommandLine.arguments.contains("--replay-only") {
    let raw = rawFsyncRate(duration: 3.0)
    print(String(format: "raw fdatasync (200-byte pwrite + fdatasync): %.0f ops/s", raw))
    for (label, measure) in [("threads", storeRate), ("in-flight", storeRateAsync)]
        as [(String, (Int, Double, Int) throws -> (rate: Double, batch: Double, fsyncMillis: Double))]
    {
        for writers in [1, 16, 64, 256] {
            let runs = try (0..<3).map { try measure(writers, 2, $0) }
            let rate = median(runs.map(\.rate))
            print(
                String(
                    format: "always, %3d writers (%@): %8.0f durable appends/s, %.1fx raw (runs: %@)",
                    writers, label, rate, rate / raw,
                    runs.map { String(format: "%.0f/s batch %.1f fsync %.2f ms", $0.rate, $0.batch, $0.fsyncMillis) }.joined(separator: "; ")))
        }
    }
}
if !CommandLine.arguments.contains("--no-replay") {
    try replayBenchmarks(records: 1_000_000, tail: 10_000)
}
