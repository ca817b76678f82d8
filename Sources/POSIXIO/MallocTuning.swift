import CLinux

#if canImport(Glibc)
    import Glibc
#endif

extension ProcessSetup {
    /// What complaintd asks of glibc's allocator, each setting as `name=value`: a per-thread cache
    /// of 1,024 freed blocks per size class, where glibc keeps 7, and transparent huge pages for
    /// the heap.
    ///
    /// A replay frees a batch's events (about a thousand) at once on its reading thread, before
    /// it decodes the next batch into the same sizes, and the complaints the batch closed on
    /// whichever of its two threads is idle. With 7 cached blocks nearly every one of those frees
    /// and the allocations after them went to the arena under its lock: when the fold still freed
    /// the events too, malloc and free were a fifth of a replay's CPU, and 5.6 % of its samples
    /// were the two threads waking each other on that lock. With 1,024 that share was 1.3 %, and
    /// a full replay of a million complaints ended ≈ 4 % sooner (`Benchmarks/README.md`), for
    /// ≈ 13 MB more RSS.
    ///
    /// The state of ten million complaints is some 2 GB of heap, touched all over by a replay (a
    /// record, a complaint's box, an index entry an event): with 4 KB pages nearly every such
    /// touch also missed the processor's address cache. `hugetlb=1` has glibc ask for 2 MB pages
    /// (`madvise(MADV_HUGEPAGE)`, where the kernel's transparent huge pages are `madvise`, as on
    /// Debian): a full replay of ten million took 7 % less time and 6 % less CPU, for 1 % more
    /// RSS (`Benchmarks/README.md`). A kernel with them off, or a glibc before 2.35, ignores it.
    public static let mallocTunables = ["glibc.malloc.tcache_count=1024", "glibc.malloc.hugetlb=1"]

    /// The value for `GLIBC_TUNABLES` given its value now (`current`, empty when unset): each of
    /// `mallocTunables` the operator did not set is added after theirs; nil when nothing is
    /// missing (an operator's choice, and the mark of the second start).
    public static func tunables(to current: String) -> String? {
        let name = { (setting: Substring) in setting.prefix { $0 != "=" } }
        let chosen = Set(current.split(separator: ":").map(name))
        let missing = mallocTunables.filter { !chosen.contains(name($0[...])) }
        guard !missing.isEmpty else { return nil }
        return ([current].filter { !$0.isEmpty } + missing).joined(separator: ":")
    }

    /// Runs this program again, in place, with `mallocTunables` added to `GLIBC_TUNABLES`: glibc
    /// reads its tunables only as the program is loaded, so a running process cannot change them.
    ///
    /// Returns without doing anything when the environment already sets every one of them (an
    /// operator's choice, and the mark of the second start), in a set-user-ID program (where glibc
    /// ignores the variable), or when the program's file cannot be executed again (replaced since
    /// it started); the program then runs with glibc's defaults. Call it first, before any thread
    /// starts: `execv` keeps the process ID, the arguments and the open descriptors.
    public static func applyMallocTunables(arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) {
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) } ?? ""
        guard let tuned = tunables(to: current), clinux_is_secure_execution() == 0 else { return }
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
