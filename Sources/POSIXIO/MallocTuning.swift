import CLinux

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessSetup {
    /// What complaintd asks of glibc's allocator: a per-thread cache of 1,024 freed blocks per
    /// size class, where glibc keeps 7.
    ///
    /// A replay frees a batch of 8,192 events, and the complaints the batch closed, at once, on
    /// whichever of its two threads is idle, while the other allocates. With 7 cached blocks,
    /// nearly every one of those frees and the allocations after them went to the arena under its
    /// lock: malloc and free were a fifth of a replay's CPU, and 5.6 % of its samples were the two
    /// threads waking each other on that lock. With 1,024 that share is 1.3 %, and a full replay
    /// of a million complaints ends ≈ 4 % sooner (`Benchmarks/README.md`), for ≈ 13 MB more RSS.
    public static let mallocTunables = "glibc.malloc.tcache_count=1024"

    /// Runs this program again, in place, with `mallocTunables` added to `GLIBC_TUNABLES`: glibc
    /// reads its tunables only as the program is loaded, so a running process cannot change them.
    ///
    /// Returns without doing anything when the environment already sets the cache size (an
    /// operator's choice, and the mark of the second start), in a set-user-ID program (where glibc
    /// ignores the variable), or when the program's file cannot be executed again (replaced since
    /// it started); the program then runs with glibc's defaults. Call it first, before any thread
    /// starts: `execv` keeps the process ID, the arguments and the open descriptors.
    public static func applyMallocTunables(arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
        guard !current.contains("glibc.malloc.tcache_count="), clinux_is_secure_execution() == 0 else { return }
        let tuned = current.isEmpty ? mallocTunables : current + ":" + mallocTunables
        // The program's own path, not /proc/self/exe: the process is named after the file
        // executed (`ps`, `pgrep complaintd`, the kernel's OOM messages).
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0, length < path.count - 1, setenv("GLIBC_TUNABLES", tuned, 1) == 0 else { return }
        execv(path, arguments)
        // Not executed: keep running as started, without the variable the loader never read.
        if current.isEmpty { unsetenv("GLIBC_TUNABLES") } else { setenv("GLIBC_TUNABLES", current, 1) }
    }
}
