// Reading records back: the replay stream and single reads by position.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum LogReader {
    /// Streams records with sequence > `after` from the given segments, oldest first.
    /// Returns how many records were handed to `body`.
    static func replay(
        layout: LogLayout, segments: [SegmentInfo], lastSequence: UInt64, after: UInt64,
        _ body: (StoredRecord) throws -> Void
    ) throws -> Int {
        // Records deleted with covered segments cannot be replayed; say so rather than skip them.
        let firstAvailable = segments.first(where: { $0.firstSequence != nil })?.firstSequence ?? (lastSequence + 1)
        if after < firstAvailable - 1 && after < lastSequence {
            throw StoreError.invalidRecord(
                "replay after \(after) needs records from \(after + 1), but the log starts at \(firstAvailable) (older segments were deleted after a snapshot); replay from the latest snapshot")
        }
        var replayed = 0
        for segment in segments {
            guard let last = segment.lastSequence, last > after else { continue }
            let path = layout.segmentPath(segment.number)
            let descriptor = try FileSystem.open(path, O_RDONLY)
            defer { FileSystem.close(descriptor) }
            _ = try LineScanner.scan(descriptor: descriptor, path: path, limit: segment.size) { line, offset, number in
                let record = try decode(line, offset: offset, segment: segment.number, path: path, number: number)
                if record.sequence > after {
                    try body(record)
                    replayed += 1
                }
                return .next
            }
        }
        return replayed
    }

    /// Reads the record whose line is at `position`.
    static func read(layout: LogLayout, at position: RecordPosition) throws -> StoredRecord {
        guard position.length >= 2 else { throw StoreError.invalidRecord("position length \(position.length) is too short") }
        let path = layout.segmentPath(position.segment)
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let length = Int(position.length)
        var bytes = [UInt8](repeating: 0, count: length)
        let got = try bytes.withUnsafeMutableBytes {
            try FileSystem.preadFully(descriptor, $0.baseAddress!, length, at: position.offset, path: path)
        }
        guard got == length, bytes[length - 1] == 0x0A else {
            throw StoreError.corruption(file: path, line: 0, offset: position.offset, reason: "no complete line at this position")
        }
        return try bytes.withUnsafeBytes { raw in
            try decode(UnsafeRawBufferPointer(rebasing: raw[..<(length - 1)]), offset: position.offset, segment: position.segment, path: path, number: 0)
        }
    }

    /// Parses and copies one line into a StoredRecord.
    private static func decode(_ line: UnsafeRawBufferPointer, offset: UInt64, segment: UInt32, path: String, number: Int) throws -> StoredRecord {
        let parsed: RecordFormat.ParsedLine
        switch RecordFormat.parse(line) {
        case .record(let fields): parsed = fields
        case .invalid(let reason): throw StoreError.corruption(file: path, line: number, offset: offset, reason: reason)
        }
        return StoredRecord(
            sequence: parsed.sequence, timestampMillis: parsed.timestampMillis,
            type: String(decoding: UnsafeRawBufferPointer(rebasing: line[parsed.type]), as: UTF8.self),
            stream: String(decoding: UnsafeRawBufferPointer(rebasing: line[parsed.stream]), as: UTF8.self),
            payload: Array(UnsafeRawBufferPointer(rebasing: line[parsed.payload])),
            position: RecordPosition(segment: segment, offset: offset, length: UInt32(line.count + 1)))
    }
}
