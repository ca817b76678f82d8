// Reading records back: the replay stream and single reads by position.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum LogReader {
    /// Streams records with sequence > `after` from the given segments, oldest first.
    /// Returns how many records were handed to `body`.
    /// Holes left by repair are skipped, and so is damage `integrity` knows (recovery only lets the
    /// store open with damage a snapshot covers, which a replay after that snapshot never needs).
    /// A gap that is not a recorded loss (`isLost`) stops the replay rather than being skipped.
    /// Lines of segments `deferred` holds are checked here, as the open checks the others.
    /// Segments `cache` says so are dropped from the page cache once read.
    static func replay(
        layout: LogLayout, segments: [SegmentInfo], lastSequence: UInt64, after: UInt64, integrity: LogIntegrity,
        deferred: DeferredLineCheck, isLost: (ClosedRange<UInt64>) -> Bool, cache: ReplayCacheRule,
        _ body: (_ record: consuming StoredRecord, _ payload: UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        // Records deleted with covered segments cannot be replayed; say so rather than skip them.
        let firstAvailable = segments.first(where: { $0.firstSequence != nil })?.firstSequence ?? (lastSequence + 1)
        if after < firstAvailable - 1 && after < lastSequence && !isLost((after + 1)...(firstAvailable - 1)) {
            throw StoreError.invalidRecord(
                "replay after \(after) needs records from \(after + 1), but the log starts at \(firstAvailable) (older segments were deleted after a snapshot, or are missing); replay from the latest snapshot"
            )
        }
        var replayed = 0
        var expected = after + 1
        var types = TypeNames()
        let replayBytes = segments.filter { ($0.lastSequence ?? 0) > after }.reduce(UInt64(0)) { $0 + $1.size }
        var bytesAfter = replayBytes
        for segment in segments {
            guard let last = segment.lastSequence, last > after else {
                if deferred.pending(segment.number) != nil {
                    // Left to a replay that does not read it: checked the way the open would have.
                    if let error = try deferred.diagnose(through: segment.number) { throw error }
                    deferred.markChecked(segment.number)
                }
                continue
            }
            bytesAfter -= segment.size
            let path = layout.segmentPath(segment.number)
            let unchecked = deferred.pending(segment.number)
            if let damage = integrity.segmentDamage(segment.number) {
                // The background pass may reach an unchecked segment first: the open's error comes first.
                if unchecked != nil, let error = try deferred.diagnose(through: segment.number) { throw error }
                throw StoreError.damaged(file: path, reason: damage.reason)
            }
            let damagedLines = integrity.damagedLineOffsets(segment.number)
            let descriptor = try FileSystem.open(path, O_RDONLY)
            defer { FileSystem.close(descriptor) }
            var due = unchecked?.first ?? 0
            func damaged() throws -> StoreError {
                try deferred.diagnose(through: segment.number)
                    ?? .damaged(file: path, reason: "the segment's lines do not match the manifest")
            }
            _ = try LineScanner.scanMapped(descriptor: descriptor, path: path, limit: segment.size) { line, offset, number in
                if RecordFormat.isHole(line) || (!damagedLines.isEmpty && damagedLines.contains(offset)) { return .next }
                let parsed: RecordFormat.ParsedLine
                switch RecordFormat.parse(line) {
                case .record(let fields): parsed = fields
                case .invalid(let reason):
                    if unchecked != nil { throw try damaged() }
                    throw StoreError.corruption(file: path, line: number, offset: offset, reason: reason)
                }
                if unchecked != nil {
                    // What the open's scan would follow: each record the one after the last, or after a recorded loss.
                    let sequence = parsed.sequence
                    guard sequence == due || (sequence > due && isLost(due...(sequence - 1))) else { throw try damaged() }
                    due = sequence + 1
                }
                guard parsed.sequence > after else { return .next }
                let record = header(line, parsed, offset: offset, segment: segment.number, types: &types)
                if record.sequence != expected && !(record.sequence > expected && isLost(expected...(record.sequence - 1))) {
                    throw StoreError.damaged(file: path, reason: "sequence \(record.sequence) where \(expected) was expected (line \(number))")
                }
                expected = record.sequence + 1
                try body(record, UnsafeRawBufferPointer(rebasing: line[parsed.payload]))
                replayed += 1
                return .next
            }
            if let unchecked {
                guard due == (unchecked.last ?? 0) + 1 else { throw try damaged() }
                deferred.markChecked(segment.number)
            }
            if cache.dropsOnceRead(replayBytes: replayBytes, bytesAfter: bytesAfter) {
                _ = posix_fadvise(descriptor, 0, off_t(segment.size), Int32(POSIX_FADV_DONTNEED))
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
            try decode(
                UnsafeRawBufferPointer(rebasing: raw[..<(length - 1)]), offset: position.offset, segment: position.segment, path: path, number: 0)
        }
    }

    /// Parses and copies one line into a StoredRecord.
    private static func decode(_ line: UnsafeRawBufferPointer, offset: UInt64, segment: UInt32, path: String, number: Int) throws -> StoredRecord {
        let parsed: RecordFormat.ParsedLine
        switch RecordFormat.parse(line) {
        case .record(let fields): parsed = fields
        case .invalid(let reason): throw StoreError.corruption(file: path, line: number, offset: offset, reason: reason)
        }
        return makeRecord(line, parsed, offset: offset, segment: segment)
    }

    /// A parsed line as a StoredRecord without its payload (lent separately), its type name from `types`.
    private static func header(
        _ line: UnsafeRawBufferPointer, _ parsed: RecordFormat.ParsedLine, offset: UInt64, segment: UInt32, types: inout TypeNames
    ) -> StoredRecord {
        let type = UnsafeRawBufferPointer(rebasing: line[parsed.type])
        return StoredRecord(
            sequence: parsed.sequence, timestampMillis: parsed.timestampMillis, type: types.name(type),
            stream: String(decoding: UnsafeRawBufferPointer(rebasing: line[parsed.stream]), as: UTF8.self), payload: [],
            position: RecordPosition(segment: segment, offset: offset, length: UInt32(line.count + 1)),
            previous: parsed.previous)
    }

    /// Copies a parsed line into a StoredRecord.
    private static func makeRecord(_ line: UnsafeRawBufferPointer, _ parsed: RecordFormat.ParsedLine, offset: UInt64, segment: UInt32) -> StoredRecord
    {
        StoredRecord(
            sequence: parsed.sequence, timestampMillis: parsed.timestampMillis,
            type: String(decoding: UnsafeRawBufferPointer(rebasing: line[parsed.type]), as: UTF8.self),
            stream: String(decoding: UnsafeRawBufferPointer(rebasing: line[parsed.stream]), as: UTF8.self),
            payload: Array(UnsafeRawBufferPointer(rebasing: line[parsed.payload])),
            position: RecordPosition(segment: segment, offset: offset, length: UInt32(line.count + 1)),
            previous: parsed.previous)
    }

    /// Reads the record whose line starts at `offset` of `segment`, its length unknown: one read
    /// of a few kilobytes finds the newline of almost every record.
    static func read(layout: LogLayout, segment: UInt32, offset: UInt64) throws -> StoredRecord {
        let path = layout.segmentPath(segment)
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        return try read(descriptor: descriptor, path: path, segment: segment, offset: offset, length: nil)
    }

    /// Reads the record whose line starts at `offset` of the open segment `descriptor`. A `length`
    /// (from a `prev` link) is tried first, so a chain reads each line once; a line that does not
    /// end there is looked for as if the length were unknown.
    static func read(descriptor: Int32, path: String, segment: UInt32, offset: UInt64, length: UInt32?) throws -> StoredRecord {
        if let length, length >= 2, length <= 4096 {
            let count = Int(length)
            var bytes = [UInt8](repeating: 0, count: count)
            let got = try bytes.withUnsafeMutableBytes {
                try FileSystem.preadFully(descriptor, $0.baseAddress!, count, at: offset, path: path)
            }
            if got == count, let newline = bytes.firstIndex(of: 0x0A), newline == count - 1 {
                return try bytes.withUnsafeBytes { raw in
                    try decode(UnsafeRawBufferPointer(rebasing: raw[..<newline]), offset: offset, segment: segment, path: path, number: 0)
                }
            }
        }
        var bytes: [UInt8] = []
        var size = 4096
        while size <= RecordFormat.maximumPayloadLength + 4096 {
            bytes = [UInt8](repeating: 0, count: size)
            let got = try bytes.withUnsafeMutableBytes {
                try FileSystem.preadFully(descriptor, $0.baseAddress!, size, at: offset, path: path)
            }
            if let newline = bytes[..<got].firstIndex(of: 0x0A) {
                return try bytes.withUnsafeBytes { raw in
                    try decode(UnsafeRawBufferPointer(rebasing: raw[..<newline]), offset: offset, segment: segment, path: path, number: 0)
                }
            }
            guard got == size else { break }
            size *= 8
        }
        throw StoreError.corruption(file: path, line: 0, offset: offset, reason: "no complete line at this position")
    }
}

/// The record type names one replay has met. A log holds a few dozen, most longer than a small
/// string: looking each line's name up shares one `String` instead of allocating one per record.
struct TypeNames {
    private var names: [(bytes: [UInt8], name: String)] = []

    /// The name `bytes` spell, made once.
    mutating func name(_ bytes: UnsafeRawBufferPointer) -> String {
        guard !bytes.isEmpty else { return "" }
        for known in names where known.bytes.count == bytes.count {
            let same = known.bytes.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if same { return known.name }
        }
        let name = String(decoding: bytes, as: UTF8.self)
        // A log with unexpectedly many names stops growing the list rather than scanning it for ever.
        if names.count < 256 { names.append((Array(bytes), name)) }
        return name
    }
}
