// What the store can say about itself beyond counters: whether it takes writes, what damage it
// found in the log it runs on, and which records a repair gave up. The service turns these into
// /readyz, /metrics and the answer for a complaint whose history is incomplete.

/// Whether appends are accepted, and what the log's audit trail is missing.
public struct StoreHealth: Sendable {
    /// The writer's state.
    public enum Writes: Sendable, Equatable {
        /// Appends are accepted.
        case accepted
        /// A write failed and the log was put back to its last durable record; appends are refused
        /// until a probe write succeeds (every `retryEverySeconds`).
        case suspended(reason: String, sinceMillis: Int64)
        /// A write failed and the log could not be put back: only a restart lets writes resume.
        case halted(reason: String, sinceMillis: Int64)
    }

    /// The writer's state.
    public var writes: Writes
    /// How often a suspended writer probes the disk.
    public var retryEverySeconds: Double
    /// Damage found and not repaired: missing or altered segments, unreadable lines.
    public var damage: [LogDamage]
    /// Records a `--repair` set aside or found missing (recorded in the manifest).
    public var lost: [LostSequences]
    /// Sealed segments whose checksum the background pass has verified, and how many there are.
    public var segmentsVerified: Int
    /// Sealed segments the background pass checks.
    public var segmentsToVerify: Int
}

/// One piece of damage in the log.
public struct LogDamage: Sendable, Equatable {
    /// The segment file's name (`NNNNNNNNNN.jsonl`).
    public var file: String
    /// What is wrong, for operators.
    public var reason: String
    /// The sequence numbers it affects, when known.
    public var sequences: ClosedRange<UInt64>?
    /// Byte offset of the damaged line (nil when the whole segment is affected).
    public var offset: UInt64?
}

/// Records a repair gave up.
public struct LostSequences: Sendable, Equatable {
    /// Their sequence numbers.
    public var sequences: ClosedRange<UInt64>
    /// The streams the set-aside lines named, when readable.
    public var streams: [String]
    /// The quarantine file holding their bytes, if there were any.
    public var quarantine: String?
}

/// Why a stream's history cannot be read in full.
public struct HistoryGap: Error, Sendable, CustomStringConvertible {
    /// What kind of gap it is.
    public enum Kind: Sendable, Equatable {
        /// Records are damaged, missing or were set aside by a repair.
        case damaged
        /// Segments were deleted on purpose after a snapshot (`deleteSegmentsCoveredBySnapshot`).
        case pruned
        /// A read failed for a reason that may pass (not damage); try again later.
        case unreadable
    }

    /// What kind of gap it is.
    public var kind: Kind
    /// What is missing and where, for the reader.
    public var description: String
    /// The sequence numbers known to be affected.
    public var sequences: [ClosedRange<UInt64>]
    /// The segment files involved.
    public var files: [String]

    /// Creates a gap (the store makes these; a caller reading further makes its own).
    public init(kind: Kind, description: String, sequences: [ClosedRange<UInt64>], files: [String]) {
        self.kind = kind
        self.description = description
        self.sequences = sequences
        self.files = files
    }
}

extension ClosedRange where Bound == UInt64 {
    /// "17" or "17–20".
    var text: String {
        lowerBound == upperBound ? String(lowerBound) : "\(lowerBound)–\(upperBound)"
    }
}

/// "17, 40–42" for a list of ranges.
func describe(_ ranges: [ClosedRange<UInt64>]) -> String {
    ranges.map(\.text).joined(separator: ", ")
}
