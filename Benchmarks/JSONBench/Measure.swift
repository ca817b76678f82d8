import JSONCodec

#if canImport(Glibc)
    import Glibc
#endif

/// Environment variables without Foundation.
struct ProcessInfoLite {
    func integer(_ name: String) -> Int? {
        guard let value = getenv(name) else { return nil }
        return Int(String(cString: value).replacingUnderscores())
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" && $0 != "," }) }
}

func fail(_ message: String) -> Never {
    print(message)
    exit(2)
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

func readFile(_ path: String) -> [UInt8] {
    guard let handle = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(handle) }
    fseek(handle, 0, SEEK_END)
    let size = ftell(handle)
    fseek(handle, 0, SEEK_SET)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        count = fread(buffer.baseAddress, 1, size, handle)
    }
}

/// The byte ranges of the non-empty lines, without their newlines.
func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    bytes.withUnsafeBytes { raw in
        while start < raw.count {
            let rest = raw.count - start
            let newline = memchr(raw.baseAddress! + start, 0x0A, rest).map { $0 - UnsafeMutableRawPointer(mutating: raw.baseAddress!) } ?? raw.count
            if newline > start { ranges.append(start..<newline) }
            start = newline + 1
        }
    }
    return ranges
}

func generate(path: String, lines: Int) {
    print("generating \(lines) lines into \(path) ...")
    guard let handle = fopen(path, "wb") else { fail("cannot create \(path)") }
    var generator = LogGenerator()
    var writer = JSONWriter(capacity: 1 << 22)
    var produced = 0
    while produced < lines {
        let before = writer.count
        generator.complaintLines(into: &writer)
        produced = Int(generator.sequence)
        if writer.count > 1 << 22 || produced >= lines {
            writer.withUnsafeBytes { bytes in
                var cut = bytes.count
                // Cut the last complaint's surplus lines so the file has exactly `lines` lines.
                for _ in 0..<max(0, produced - lines) {
                    cut -= 1
                    while cut > before, bytes[cut - 1] != 0x0A { cut -= 1 }
                }
                _ = fwrite(bytes.baseAddress, 1, cut, handle)
            }
            writer.removeAll()
        }
    }
    fclose(handle)
}

@inline(never)
func blackHole(_ value: UInt64) {
    if value == 0x1234_5678_9ABC_DEF0 { print("") }
}

/// Seconds of CPU time this thread has used: unlike wall time, not inflated when other
/// processes share the machine's cores (the benchmark is single-threaded).
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Runs `body` `runs` times and prints the medians: CPU and wall seconds, MB/s (10^6 bytes)
/// and lines/s (computed from CPU time).
func report(_ name: String, bytes: Int, lines: Int, runs: Int, _ body: () -> Void) {
    withoutActuallyEscaping(body) { body in
        report(name, bytes: bytes, lines: lines, runs: runs, timing: { measure in measure(body) })
    }
}

/// Like `report(_:bytes:lines:runs:_:)`, for bodies that time only part of their work by
/// calling the measuring function they are given (possibly several times).
func report(
    _ name: String, bytes: Int, lines: Int, runs: Int,
    timing: ((() -> Void) -> Void) -> Void
) {
    if let only = getenv("JSON_BENCH_ONLY"), !String(cString: only).split(separator: ",").contains(Substring(name)) { return }
    var cpu: [Double] = []
    var wall: [Double] = []
    for _ in 0..<runs {
        var cpuTotal = 0.0
        var wallTotal = Duration.zero
        let clock = ContinuousClock()
        timing { body in
            let cpuStart = threadCPUSeconds()
            wallTotal += clock.measure(body)
            cpuTotal += threadCPUSeconds() - cpuStart
        }
        cpu.append(cpuTotal)
        wall.append(Double(wallTotal.components.seconds) + Double(wallTotal.components.attoseconds) / 1e18)
    }
    let cpuMedian = median(cpu)
    let wallMedian = median(wall)
    let runsText = cpu.sorted().map { format($0, 3) }.joined(separator: " ")
    print(
        "\(name.padding(14)) cpu \(format(cpuMedian, 3)) s (wall \(format(wallMedian, 3)) s)  \(format(Double(bytes) / cpuMedian / 1e6, 1).padding(7, left: true)) MB/s  \(format(Double(lines) / cpuMedian, 0).padding(9, left: true)) lines/s   (cpu runs: \(runsText))"
    )
    print(
        "result name=\(name) cpu=\(format(cpuMedian, 4)) wall=\(format(wallMedian, 4)) mbps=\(format(Double(bytes) / cpuMedian / 1e6, 1)) lps=\(format(Double(lines) / cpuMedian, 0))"
    )
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if decimals == 0, text.hasSuffix(".0") { text.removeLast(2) }
    if let dot = text.firstIndex(of: ".") {
        let have = text.distance(from: dot, to: text.endIndex) - 1
        if have < decimals { text += String(repeating: "0", count: decimals - have) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}

extension String {
    func padding(_ width: Int, left: Bool = false) -> String {
        let pad = String(repeating: " ", count: max(0, width - count))
        return left ? pad + self : self + pad
    }
}
