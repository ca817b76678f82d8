// Where things live inside a data directory; the only place file names are made.

import Foundation

/// Paths of a store's data directory.
struct LogLayout: Sendable {
    /// The data directory itself.
    let root: String

    var logDirectory: String { root + "/log" }
    var snapshotDirectory: String { root + "/snapshots" }
    var lockPath: String { root + "/LOCK" }
    /// The segment manifest (`SegmentManifest`).
    var manifestPath: String { logDirectory + "/MANIFEST" }
    /// Scratch file the writer uses to test whether the disk takes writes again after a failure.
    var probePath: String { logDirectory + "/write-probe.tmp" }

    /// `<dir>/log/NNNNNNNNNN.jsonl`; ten digits so names sort like numbers.
    func segmentPath(_ number: UInt32) -> String {
        logDirectory + "/" + LogLayout.segmentName(number)
    }

    static func segmentName(_ number: UInt32) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits + ".jsonl"
    }

    /// The segment number in a file name, or nil for other files (quarantine files, strays).
    static func segmentNumber(fromName name: String) -> UInt32? {
        let utf8 = Array(name.utf8)
        guard utf8.count == 16, name.hasSuffix(".jsonl") else { return nil }
        guard utf8[0..<10].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        guard let number = UInt32(String(decoding: utf8[0..<10], as: UTF8.self)), number > 0 else { return nil }
        return number
    }

    /// The segment numbers present, ascending.
    func segmentNumbers() throws -> [UInt32] {
        try FileSystem.listDirectory(logDirectory).compactMap(LogLayout.segmentNumber(fromName:)).sorted()
    }

    /// A quarantine file name that does not exist yet.
    func quarantinePath(timestampMillis: Int64) -> String {
        var candidate = logDirectory + "/quarantine-\(timestampMillis).jsonl"
        var suffix = 1
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = logDirectory + "/quarantine-\(timestampMillis)-\(suffix).jsonl"
            suffix += 1
        }
        return candidate
    }
}

/// What the store knows about one segment without reading it again.
struct SegmentInfo: Sendable {
    var number: UInt32
    /// Sequence of the first record (nil while the segment is empty).
    var firstSequence: UInt64?
    /// Sequence of the last record (nil while empty).
    var lastSequence: UInt64?
    /// Bytes of complete lines.
    var size: UInt64
}

extension SegmentInfo {
    /// Whether the segment held a record with this sequence number.
    func contains(_ sequence: UInt64) -> Bool {
        guard let firstSequence, let lastSequence else { return false }
        return (firstSequence...lastSequence).contains(sequence)
    }
}
