// The value types of the store's public API. They know nothing of complaints:
// a record is a type name, a stream name and payload bytes the caller encoded.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// When the writer makes appended bytes durable (the Redis `appendfsync` choices).
public enum FsyncPolicy: String, Sendable {
    /// fdatasync after every group commit, before any completion runs: nothing acknowledged is ever lost.
    case always
    /// fdatasync at most once a second from the writer thread: a crash loses up to a second of acknowledged appends.
    case interval
    /// Never fdatasync (the kernel flushes when it likes): fastest, a crash may lose anything not yet written back.
    case never
}

/// Everything the store needs to open a data directory; defaults are the production ones.
public struct StoreConfiguration: Sendable {
    /// Data directory: segments in `<dir>/log/`, snapshots in `<dir>/snapshots/`, lock file `<dir>/LOCK`.
    public var directory: String
    /// A new segment is started when the current one would grow past this many bytes.
    public var segmentMaxBytes: Int = 64 << 20
    /// The durability promised before an append's completion runs.
    public var fsyncPolicy: FsyncPolicy = .always
    /// `shouldSnapshot` turns true after this many records since the last snapshot (0 = never by count).
    public var snapshotEveryEvents: Int = 100_000
    /// `shouldSnapshot` turns true after this many seconds since the last snapshot (if records arrived).
    public var snapshotEverySeconds: Double = 3600
    /// After a snapshot, delete the segments whose records it fully covers (never the active segment).
    public var deleteSegmentsCoveredBySnapshot: Bool = false
    /// Set damaged lines aside into a quarantine file (and accept missing segments), recording the
    /// sequence numbers lost in the manifest, instead of refusing to open.
    public var repair: Bool = false
    /// After a failed write, how often the writer probes the disk to resume writing.
    public var writeRetrySeconds: Double = 5
    /// Read rate of the background checksum pass over sealed segments (0 = no background pass).
    public var verifyBytesPerSecond: Double = 67_108_864
    /// Leave the line-by-line check of sealed segments after the snapshot to the first replay
    /// (which reads them anyway) instead of reading them at open too. Open still compares them
    /// with the manifest; damage in their lines then makes `replay` throw the error `open` would
    /// have thrown (also kept in `deferredCheckFailure`). For a caller that replays right after
    /// opening and treats a replay error as a refused start. No effect with `repair`.
    public var deferLineChecksToReplay: Bool = false
    /// The memory the page cache may use (physical memory, or the cgroup's limit): a replay of
    /// more than half of it drops each segment from the cache once read, but for the log's last
    /// quarter of it (`ReplayCacheRule`).
    public var cacheMemoryBytes: UInt64 = StoreConfiguration.availableMemory

    /// Physical memory, or the cgroup's limit when it is lower (a container's page cache counts
    /// against it): what the page cache may hold.
    public static let availableMemory: UInt64 = {
        let physical = UInt64(max(0, sysconf(Int32(_SC_PHYS_PAGES)))) * UInt64(max(0, sysconf(Int32(_SC_PAGESIZE))))
        let limit = (try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8))
            .flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return min(physical, limit ?? .max)
    }()

    /// A configuration with the defaults for the given data directory.
    public init(directory: String) {
        self.directory = directory
    }
}

/// A record to append: the caller's type and stream names and its already-encoded payload.
public struct NewRecord: Sendable {
    /// Record type, `[A-Za-z0-9._:-]{1,128}`.
    public var type: String
    /// Stream (aggregate) name, `[A-Za-z0-9._:-]{1,128}`.
    public var stream: String
    /// One JSON object's UTF-8 bytes without raw newlines; stored verbatim.
    public var payload: [UInt8]
    /// The newest record of the same stream already in the log, which this one links back to
    /// (its `prev`). Records of one stream appended together link to each other by themselves.
    public var previous: RecordPosition?

    /// Creates a record to append.
    public init(type: String, stream: String, payload: [UInt8], previous: RecordPosition? = nil) {
        self.type = type
        self.stream = stream
        self.payload = payload
        self.previous = previous
    }
}

/// Where a record's line lives: segment number, byte offset of the line, line length including its newline.
public struct RecordPosition: Sendable, Hashable, Codable {
    /// Segment number (the `NNNNNNNNNN` of `NNNNNNNNNN.jsonl`).
    public var segment: UInt32
    /// Byte offset of the line's first byte within the segment.
    public var offset: UInt64
    /// Length of the line in bytes, including the terminating newline.
    public var length: UInt32

    /// Creates a position (normally taken from a `StoredRecord`).
    public init(segment: UInt32, offset: UInt64, length: UInt32) {
        self.segment = segment
        self.offset = offset
        self.length = length
    }
}

/// A record as stored: the appended fields plus what the store assigned.
public struct StoredRecord: Sendable {
    /// Log-wide sequence number, starting at 1 and increasing by exactly 1.
    public var sequence: UInt64
    /// Milliseconds since the epoch when the writer committed the record's batch.
    public var timestampMillis: Int64
    /// Record type as appended.
    public var type: String
    /// Stream name as appended.
    public var stream: String
    /// Payload bytes exactly as appended.
    public var payload: [UInt8]
    /// Where the record's line is, for `EventStore.read(at:)`.
    public var position: RecordPosition
    /// Where the previous record of its stream is (its `prev`), if it links to one.
    public var previous: RecordPosition?

    /// Creates a stored record (the store makes these; public for tests and fakes).
    public init(
        sequence: UInt64, timestampMillis: Int64, type: String, stream: String, payload: [UInt8], position: RecordPosition,
        previous: RecordPosition? = nil
    ) {
        self.sequence = sequence
        self.timestampMillis = timestampMillis
        self.type = type
        self.stream = stream
        self.payload = payload
        self.position = position
        self.previous = previous
    }
}

/// The caller's state as of a sequence number, as written by `EventStore.writeSnapshot`.
public struct Snapshot: Sendable {
    /// The last record sequence the payload includes.
    public var sequence: UInt64
    /// Milliseconds since the epoch when the snapshot was written.
    public var timestampMillis: Int64
    /// The caller's encoded state, verbatim.
    public var payload: [UInt8]

    /// Creates a snapshot value.
    public init(sequence: UInt64, timestampMillis: Int64, payload: [UInt8]) {
        self.sequence = sequence
        self.timestampMillis = timestampMillis
        self.payload = payload
    }
}

/// Where a snapshot is and what its payload must be (read by streaming it).
public struct SnapshotInfo: Sendable {
    /// The last record sequence the payload includes.
    public var sequence: UInt64
    /// Milliseconds since the epoch when the snapshot was written.
    public var timestampMillis: Int64
    let path: String
    let payloadOffset: UInt64
    /// The payload's length in bytes.
    public var length: UInt64
    let checksum: UInt32
}

/// What opening and replaying found and did, for the startup log line.
public struct RecoveryReport: Sendable {
    /// The torn last line that was cut off (file and the offset it was truncated at), if any.
    public var truncatedTail: (file: String, offset: UInt64)?
    /// The quarantine file and how many damaged lines were set aside in it (repair mode), if any.
    public var quarantined: (file: String, records: Int)?
    /// The sequence numbers repair recorded as lost (set aside or missing).
    public var lostSequences: [ClosedRange<UInt64>] = []
    /// How many records `replay` handed to its body.
    public var recordsReplayed: Int = 0
    /// The sequence of the newest valid snapshot at open, if any.
    public var snapshotSequence: UInt64?
    /// Number of log segments after recovery.
    public var segments: Int = 0
    /// Wall time spent in open's recovery plus the replay.
    public var durationSeconds: Double = 0

    /// An empty report.
    public init() {}
}
