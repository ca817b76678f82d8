#if canImport(Glibc)
    import Glibc
#endif

/// The standard `process_*` metrics, read from /proc/self.
public enum ProcessMetrics {
    /// When the process started, seconds since the epoch (taken when this is first touched).
    public static let startTimeSeconds: Double = {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var up = timespec()
        clock_gettime(CLOCK_MONOTONIC, &up)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }()

    /// Appends process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
    /// process_open_fds, process_max_fds, process_start_time_seconds and log_lines_dropped_total.
    public static func render(into text: inout PrometheusText, log: Log = .shared) {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let stat = readFile("/proc/self/stat"), let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // Fields after the command: state(0) ... utime(11) stime(12) ... vsize(20) rss(21).
            if fields.count > 21 {
                let cpu = ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
                text.declare("process_cpu_seconds_total", type: "counter", help: "Total user and system CPU time spent in seconds.")
                text.sample("process_cpu_seconds_total", [], cpu)
                text.declare("process_virtual_memory_bytes", type: "gauge", help: "Virtual memory size in bytes.")
                text.sample("process_virtual_memory_bytes", [], Double(fields[20]) ?? 0)
                text.declare("process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.")
                text.sample("process_resident_memory_bytes", [], (Double(fields[21]) ?? 0) * pageSize)
            }
        }
        text.declare("process_open_fds", type: "gauge", help: "Number of open file descriptors.")
        text.sample("process_open_fds", [], Double(openDescriptors()))
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            text.declare("process_max_fds", type: "gauge", help: "Maximum number of open file descriptors.")
            text.sample("process_max_fds", [], Double(limit.rlim_cur))
        }
        text.declare("process_start_time_seconds", type: "gauge", help: "Start time of the process since unix epoch in seconds.")
        text.sample("process_start_time_seconds", [], startTimeSeconds)
        text.declare("log_lines_dropped_total", type: "counter", help: "Log lines dropped because the output could not keep up or was gone.")
        text.sample("log_lines_dropped_total", [], Double(log.droppedLines))
    }

    /// Counts entries of /proc/self/fd (minus the one used to read it).
    public static func openDescriptors() -> Int {
        guard let dir = opendir("/proc/self/fd") else { return 0 }
        var count = 0
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != "." && name != ".." { count += 1 }
        }
        closedir(dir)
        return count - 1
    }

    /// Resident set size in bytes (for benchmarks and tests).
    public static func residentBytes() -> Int {
        guard let statm = readFile("/proc/self/statm") else { return 0 }
        let parts = statm.split(separator: " ")
        guard parts.count > 1, let pages = Int(parts[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
