// log/MANIFEST: what the store knows about its segments without reading them. Start-up checks
// each sealed segment against it cheaply (present, length, first and last sequence) and a
// background pass checks its CRC-32C, so a deleted, truncated or altered segment is noticed
// even when a snapshot means it is never replayed. It also records segments deleted on purpose
// and the records a repair set aside, so the sequence gaps they leave are known, not damage.
//
// Append-only, one entry per line in the log's own record format (RecordFormat): type names the
// entry, stream is "manifest", data holds its fields. A torn last entry is cut like the log's.

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A segment the writer finished: what it must look like from then on.
struct SealedSegment: Sendable, Equatable {
    var number: UInt32
    /// Bytes in the file.
    var length: UInt64
    /// First and last record sequence (nil for a segment without records).
    var first: UInt64?
    var last: UInt64?
    /// CRC-32C of the whole file (nil for segments sealed by a migration, until verified once).
    var checksum: UInt32?
}

/// Records a repair set aside or found missing: their sequence numbers are gone from the log.
struct LostRecords: Sendable, Equatable {
    var sequences: ClosedRange<UInt64>
    /// The streams the set-aside lines named (when their stream field was still readable).
    var streams: [String]
    /// The quarantine file holding their bytes, if any were found.
    var quarantine: String?
}

/// A line `--repair` overwrote with spaces after copying it to a quarantine file.
struct Hole: Sendable, Hashable {
    var segment: UInt32
    var offset: UInt64
    var length: UInt64
}

/// One manifest entry.
enum ManifestEntry: Sendable {
    /// The log was created with this first segment (so an empty log directory is not a fresh start).
    case created(firstSegment: UInt32)
    /// A segment was sealed (or re-sealed after a repair or a first verification).
    case sealed(SealedSegment)
    /// A segment was deleted because a snapshot covers it (`deleteSegmentsCoveredBySnapshot`).
    case deleted(segment: UInt32, snapshot: UInt64)
    /// A repair accepted these losses, made these holes and gave up these missing segments.
    case repaired(lost: [LostRecords], holes: [Hole], missingSegments: [UInt32])
}

/// The manifest's entries folded into what recovery and reads need.
struct ManifestState: Sendable {
    var isCreated = false
    var firstSegment: UInt32 = 1
    var sealed: [UInt32: SealedSegment] = [:]
    /// Deleted segment → the snapshot sequence that covered it.
    var deleted: [UInt32: UInt64] = [:]
    var lost: [LostRecords] = []
    var holes: Set<Hole> = []
    var missingAccepted: Set<UInt32> = []

    mutating func apply(_ entry: ManifestEntry) {
        switch entry {
        case .created(let first):
            isCreated = true
            firstSegment = first
        case .sealed(let segment):
            sealed[segment.number] = segment
        case .deleted(let segment, let snapshot):
            deleted[segment] = snapshot
        case .repaired(let lostRecords, let newHoles, let missing):
            lost += lostRecords
            holes.formUnion(newHoles)
            missingAccepted.formUnion(missing)
        }
    }

    /// The highest segment number the manifest accounts for (sealed or deleted), if any.
    var lastSealedNumber: UInt32? {
        (Array(sealed.keys) + Array(deleted.keys)).max()
    }

    /// Whether every sequence in `range` is a recorded loss.
    func isLost(_ range: ClosedRange<UInt64>) -> Bool {
        var next = range.lowerBound
        for lost in self.lost.map(\.sequences).sorted(by: { $0.lowerBound < $1.lowerBound }) where lost.upperBound >= next {
            guard lost.lowerBound <= next else { return false }
            if lost.upperBound >= range.upperBound { return true }
            next = lost.upperBound + 1
        }
        return false
    }
}

/// The open manifest file: load once, append under a lock.
final class SegmentManifest: Sendable {
    let path: String
    private let file: Mutex<(descriptor: Int32, size: UInt64, nextSequence: UInt64, state: ManifestState)>
    private let now: @Sendable () -> Int64

    private init(path: String, descriptor: Int32, size: UInt64, nextSequence: UInt64, state: ManifestState, now: @escaping @Sendable () -> Int64) {
        self.path = path
        self.file = Mutex((descriptor, size, nextSequence, state))
        self.now = now
    }

    deinit {
        file.withLock { FileSystem.close($0.descriptor) }
    }

    /// What the entries so far say.
    var state: ManifestState { file.withLock { $0.state } }

    /// Opens (creating an empty file) and reads every entry. A torn last entry is cut with a
    /// warning; a damaged complete entry is corruption (with `repair`, it is blanked and skipped).
    static func open(path: String, directory: String, repair: Bool, now: @escaping @Sendable () -> Int64, log: StoreLog) throws -> SegmentManifest {
        let existed = try FileSystem.status(path) != nil
        let descriptor = try FileSystem.open(path, O_RDWR | O_CREAT)
        do {
            if !existed { try FileSystem.syncDirectory(directory) }
            var size = try FileSystem.size(descriptor, path: path)
            var state = ManifestState()
            var lastSequence: UInt64 = 0
            var damaged: [(offset: UInt64, length: UInt64)] = []
            let outcome = try LineScanner.scan(descriptor: descriptor, path: path, limit: size, blockSize: 256 << 10) { line, offset, number in
                if RecordFormat.isHole(line) { return .next }
                guard case .record(let fields) = RecordFormat.parse(line),
                    let entry = decode(type: line[fields.type], payload: UnsafeRawBufferPointer(rebasing: line[fields.payload]))
                else {
                    guard repair else {
                        throw StoreError.corruption(file: path, line: number, offset: offset, reason: "unreadable manifest entry")
                    }
                    damaged.append((offset, UInt64(line.count)))
                    return .next
                }
                state.apply(entry)
                lastSequence = fields.sequence
                return .next
            }
            if outcome.trailingBytes > 0 {
                try FileSystem.ftruncate(descriptor, outcome.endOfLines, path: path)
                try FileSystem.fsync(descriptor, path: path)
                log("warn", "truncated torn manifest entry", ["file": path, "offset": String(outcome.endOfLines)])
                size = outcome.endOfLines
            }
            for line in damaged {
                try RecordFormat.blank(descriptor: descriptor, path: path, offset: line.offset, length: line.length + 1)
                log(
                    "error", "blanked an unreadable manifest entry; the segments it described are checked again",
                    [
                        "file": path, "offset": String(line.offset),
                    ])
            }
            if !damaged.isEmpty { try FileSystem.fsync(descriptor, path: path) }
            return SegmentManifest(path: path, descriptor: descriptor, size: size, nextSequence: lastSequence + 1, state: state, now: now)
        } catch {
            FileSystem.close(descriptor)
            throw error
        }
    }

    /// Appends entries durably (one write, one fdatasync), then folds them into the state.
    func append(_ entries: [ManifestEntry]) throws {
        guard !entries.isEmpty else { return }
        try file.withLock { file in
            var buffer: [UInt8] = []
            var sequence = file.nextSequence
            let timestamp = now()
            for entry in entries {
                let (type, payload) = ManifestEntry.encode(entry)
                RecordFormat.encode(
                    sequence: sequence, timestampMillis: timestamp,
                    record: NewRecord(type: type, stream: "manifest", payload: payload), into: &buffer)
                sequence += 1
            }
            do {
                try buffer.withUnsafeBytes { try FileSystem.pwriteAll(file.descriptor, $0, at: file.size, path: path) }
                try FileSystem.fdatasync(file.descriptor, path: path)
            } catch {
                // Leave no partial entry behind for the next append to follow.
                try? FileSystem.ftruncate(file.descriptor, file.size, path: path)
                throw error
            }
            file.size += UInt64(buffer.count)
            file.nextSequence = sequence
            for entry in entries { file.state.apply(entry) }
        }
    }

    private static func decode(type: UnsafeRawBufferPointer.SubSequence, payload: UnsafeRawBufferPointer) -> ManifestEntry? {
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: type), as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else { return nil }
        return ManifestEntry.decode(type: name, object)
    }
}

extension ManifestEntry {
    /// The record type and JSON payload of an entry.
    static func encode(_ entry: ManifestEntry) -> (String, [UInt8]) {
        let object: [String: Any]
        let type: String
        switch entry {
        case .created(let first):
            type = "log.created"
            object = ["firstSegment": first]
        case .sealed(let segment):
            type = "segment.sealed"
            object = [
                "segment": segment.number, "length": segment.length, "first": segment.first.map { $0 as Any } ?? NSNull(),
                "last": segment.last.map { $0 as Any } ?? NSNull(),
                "crc32c": segment.checksum.map { hex($0) as Any } ?? NSNull(),
            ]
        case .deleted(let segment, let snapshot):
            type = "segment.deleted"
            object = ["segment": segment, "snapshot": snapshot]
        case .repaired(let lost, let holes, let missing):
            type = "log.repaired"
            object = [
                "lost": lost.map { record -> [String: Any] in
                    [
                        "from": record.sequences.lowerBound, "through": record.sequences.upperBound, "streams": record.streams,
                        "quarantine": record.quarantine.map { $0 as Any } ?? NSNull(),
                    ]
                },
                "holes": holes.map { ["segment": $0.segment, "offset": $0.offset, "length": $0.length] },
                "missingSegments": missing,
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return (type, Array(data))
    }

    static func decode(type: String, _ object: [String: Any]) -> ManifestEntry? {
        func number(_ value: Any?) -> UInt64? { (value as? NSNumber).map { $0.uint64Value } }
        switch type {
        case "log.created":
            return number(object["firstSegment"]).map { .created(firstSegment: UInt32($0)) }
        case "segment.sealed":
            guard let segment = number(object["segment"]), let length = number(object["length"]) else { return nil }
            let checksum = (object["crc32c"] as? String).flatMap { UInt32($0, radix: 16) }
            return .sealed(
                SealedSegment(
                    number: UInt32(segment), length: length, first: number(object["first"]),
                    last: number(object["last"]), checksum: checksum))
        case "segment.deleted":
            guard let segment = number(object["segment"]), let snapshot = number(object["snapshot"]) else { return nil }
            return .deleted(segment: UInt32(segment), snapshot: snapshot)
        case "log.repaired":
            let lost = (object["lost"] as? [[String: Any]] ?? []).compactMap { item -> LostRecords? in
                guard let from = number(item["from"]), let through = number(item["through"]), from <= through else { return nil }
                return LostRecords(sequences: from...through, streams: item["streams"] as? [String] ?? [], quarantine: item["quarantine"] as? String)
            }
            let holes = (object["holes"] as? [[String: Any]] ?? []).compactMap { item -> Hole? in
                guard let segment = number(item["segment"]), let offset = number(item["offset"]), let length = number(item["length"]) else {
                    return nil
                }
                return Hole(segment: UInt32(segment), offset: offset, length: length)
            }
            let missing = (object["missingSegments"] as? [NSNumber] ?? []).map { UInt32($0.uint64Value) }
            return .repaired(lost: lost, holes: holes, missingSegments: missing)
        default:
            return nil
        }
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
