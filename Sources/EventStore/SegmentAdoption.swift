// Segments a tool wrote in the store's record format (the benchmarks' generator writes years of
// a company's log directly, as the writer would with `fsync never`), recorded in the manifest as
// the writer records the segments it seals. Without this the first open found segments the
// manifest did not know and read each one whole before the replay read it again (10 s for 1 M
// complaints); with it, the first open checks them against the manifest and leaves their lines
// to the replay, as every later open does.

import Foundation

/// Recording tool-written segments in a log's manifest.
public enum SegmentAdoption {
    /// A finished segment: its size, first and last sequence and CRC-32C of the whole file.
    public struct Sealed: Sendable, Equatable {
        public var number: UInt32
        public var length: UInt64
        public var first: UInt64?
        public var last: UInt64?
        public var checksum: UInt32

        public init(number: UInt32, length: UInt64, first: UInt64?, last: UInt64?, checksum: UInt32) {
            self.number = number
            self.length = length
            self.first = first
            self.last = last
            self.checksum = checksum
        }
    }

    /// Writes the manifest of the log in the data directory `directory`, which must have none
    /// yet: the log starts at `firstSegment`, and `sealed` are finished (every segment but the
    /// newest, which the store keeps writing). Synced before it returns.
    public static func recordSealed(_ sealed: [Sealed], firstSegment: UInt32, dataDirectory directory: String) throws {
        let layout = LogLayout(root: directory)
        guard try FileSystem.status(layout.manifestPath) == nil else {
            throw StoreError.damaged(file: layout.manifestPath, reason: "the log already has a manifest")
        }
        let manifest = try SegmentManifest.open(
            path: layout.manifestPath, directory: layout.logDirectory, repair: false,
            now: { Int64(Date().timeIntervalSince1970 * 1000) }, log: { _, _, _ in })
        var entries: [ManifestEntry] = [.created(firstSegment: firstSegment)]
        for segment in sealed {
            entries.append(
                .sealed(
                    SealedSegment(
                        number: segment.number, length: segment.length, first: segment.first, last: segment.last,
                        checksum: segment.checksum)))
        }
        try manifest.append(entries)
    }
}
