import JSONCodec

// JSONBench: the codec on event-log lines, against which scripts/json-bench.sh sets orjson.
//
//   swift run -c release JSONBench [FILE]            measure FILE (written first if missing)
//   swift run -c release JSONBench generate FILE [N] write N lines (default 1,000,000) and stop
//
// Environment: JSON_BENCH_LINES (lines to generate, default 1,000,000), JSON_BENCH_RUNS
// (runs per measurement, default 5; the median is reported).
#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments.dropFirst()
let environment = ProcessInfoLite()
let defaultLines = environment.integer("JSON_BENCH_LINES") ?? 1_000_000
let runs = max(1, environment.integer("JSON_BENCH_RUNS") ?? 5)

if arguments.first == "generate" {
    guard arguments.count >= 2 else { fail("usage: JSONBench generate FILE [LINES]") }
    let path = arguments[arguments.startIndex + 1]
    let count = arguments.count >= 3 ? Int(arguments[arguments.startIndex + 2]) ?? defaultLines : defaultLines
    generate(path: path, lines: count)
    exit(0)
}

let path = arguments.first ?? "/tmp/complaintd-jsonbench-\(defaultLines).jsonl"
if !fileExists(path) { generate(path: path, lines: defaultLines) }
let file = readFile(path)
let lines = lineRanges(file)
print(
    "file: \(path)  lines: \(lines.count)  bytes: \(file.count) (\(file.count >> 20) MiB)  runs: \(runs), medians of thread CPU time (wall time beside it)"
)

file.withUnsafeBytes { buffer in
    // (a) validate: strict parse, build nothing.
    report("validate", bytes: file.count, lines: lines.count, runs: runs) {
        var failures = 0
        for range in lines {
            do { try JSONReader.validate(UnsafeRawBufferPointer(rebasing: buffer[range])) } catch { failures += 1 }
        }
        precondition(failures == 0, "\(failures) lines did not validate")
    }
    // (b) typed decode: straight into EventRecord.
    report("typed-decode", bytes: file.count, lines: lines.count, runs: runs) {
        var checksum: UInt64 = 0
        for range in lines {
            let record = try! JSONReader.decode(EventRecord.self, from: UnsafeRawBufferPointer(rebasing: buffer[range]))
            checksum &+= record.seq
        }
        blackHole(checksum)
    }
    // (c) tree: JSONValue.
    report("json-value", bytes: file.count, lines: lines.count, runs: runs) {
        var count = 0
        for range in lines {
            let value = try! JSONValue(parsing: UnsafeRawBufferPointer(rebasing: buffer[range]))
            if case .object(let members) = value { count &+= members.count }
        }
        blackHole(UInt64(count))
    }
    // (d) typed write: decode in batches outside the clock, time only the writing.
    var written = 0
    report(
        "typed-write", bytes: file.count, lines: lines.count, runs: runs,
        timing: { measure in
            var writer = JSONWriter(capacity: 1 << 20)
            written = 0
            var batch: [EventRecord] = []
            batch.reserveCapacity(10_000)
            var index = 0
            while index < lines.count {
                batch.removeAll(keepingCapacity: true)
                let stop = min(lines.count, index + 10_000)
                for range in lines[index..<stop] {
                    batch.append(try! JSONReader.decode(EventRecord.self, from: UnsafeRawBufferPointer(rebasing: buffer[range])))
                }
                index = stop
                measure {
                    for record in batch {
                        writer.removeAll()
                        record.encode(to: &writer)
                        written &+= writer.count
                    }
                }
            }
        })
    print("  typed-write produced \(written) bytes for \(file.count - lines.count) bytes read (without newlines)")
}
