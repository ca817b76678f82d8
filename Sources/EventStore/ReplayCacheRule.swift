// Which segments a replay drops from the page cache once it has read them. A replay reads each
// segment once, front to back; of a log larger than memory, the page cache keeps what it read
// last and the kernel has to reclaim the rest while the replay runs. At 10 M complaints (a 39 GB
// log on a 24 GB machine) kswapd reclaimed 6–7.9 M pages during each start and the replay's own
// threads stalled in direct reclaim 480–920 times (0.8–1.7 M pages). Dropped as it goes, the
// log leaves memory free: no reclaim at all (the replay took 117 and 122 s where the others
// took 121–134 s, two paired rounds), and what is read again soon after start (the newest
// segments, the cold summaries' files) stays cached rather than the oldest segments.

/// The rule: a replay of more than half of `memory` (`StoreConfiguration.cacheMemoryBytes`)
/// drops each segment it has read, but for the last quarter of `memory` of the log (read again
/// soonest: the newest complaints' histories). A smaller replay drops nothing (the log may stay
/// cached for the next start).
struct ReplayCacheRule: Sendable {
    /// The memory the page cache may use, in bytes.
    var memory: UInt64

    /// Whether a segment is dropped once read, given the bytes the replay reads in all and
    /// those of the log after the segment.
    func dropsOnceRead(replayBytes: UInt64, bytesAfter: UInt64) -> Bool {
        replayBytes > memory / 2 && bytesAfter > memory / 4
    }
}
