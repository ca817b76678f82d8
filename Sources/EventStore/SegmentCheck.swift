// The cheap and the full check of one sealed segment. Start-up compares a segment a snapshot
// covers with its manifest entry by reading only its first and last record (two small reads,
// whatever its size), so a restart stays fast at millions of complaints; the whole-file checksum
// is left to the background pass (`SegmentVerifier`).

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum SegmentCheck {
    /// What the end of a file holds.
    enum Boundary: Equatable {
        case record(UInt64)
        case none
        case unreadable
    }

    /// Compares a present segment with its manifest entry without reading it all; nil if it matches.
    static func quickMismatch(path: String, sealed: SealedSegment) throws -> String? {
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let size = try FileSystem.size(descriptor, path: path)
        guard size == sealed.length else { return "the segment is \(size) bytes, the manifest recorded \(sealed.length)" }
        let (first, last) = try boundaries(descriptor: descriptor, path: path, size: size)
        let expectedFirst = sealed.first.map(Boundary.record) ?? .none
        let expectedLast = sealed.last.map(Boundary.record) ?? .none
        guard first == expectedFirst else { return "its first record is \(first), the manifest recorded \(expectedFirst)" }
        guard last == expectedLast else { return "its last record is \(last), the manifest recorded \(expectedLast)" }
        return nil
    }

    /// The first and last record of a file (holes skipped), read from its two ends.
    static func boundaries(descriptor: Int32, path: String, size: UInt64) throws -> (first: Boundary, last: Boundary) {
        var first = Boundary.none
        _ = try LineScanner.scan(descriptor: descriptor, path: path, limit: size, blockSize: 64 << 10) { line, _, _ in
            if RecordFormat.isHole(line) { return .next }
            if case .record(let fields) = RecordFormat.parse(line) { first = .record(fields.sequence) } else { first = .unreadable }
            return .stop
        }
        return (first, try lastRecord(descriptor: descriptor, path: path, size: size))
    }

    /// The last record of a file, reading backwards from its end in growing blocks.
    static func lastRecord(descriptor: Int32, path: String, size: UInt64) throws -> Boundary {
        var end = size  // the candidate line is [start, end - 1), its newline at end - 1
        var window = 64 << 10
        while end > 0 {
            let from = end > UInt64(window) ? end - UInt64(window) : 0
            let count = Int(end - from)
            var bytes = [UInt8](repeating: 0, count: count)
            let got = try bytes.withUnsafeMutableBytes { try FileSystem.preadFully(descriptor, $0.baseAddress!, count, at: from, path: path) }
            guard got == count, bytes[count - 1] == 0x0A else { return .unreadable }
            guard let newline = bytes[..<(count - 1)].lastIndex(of: 0x0A) else {
                if from > 0 {
                    window *= 2
                    continue
                }  // a line longer than the window
                return classify(bytes[0..<(count - 1)], next: &end, start: 0) ?? .none
            }
            if let result = classify(bytes[(newline + 1)..<(count - 1)], next: &end, start: from + UInt64(newline + 1)) {
                return result
            }
        }
        return .none
    }

    /// A parsed line's boundary, or nil for a hole (then `end` moves to the hole's start).
    private static func classify(_ line: ArraySlice<UInt8>, next end: inout UInt64, start: UInt64) -> Boundary? {
        line.withUnsafeBytes { raw -> Boundary? in
            if RecordFormat.isHole(raw) {
                end = start
                return nil
            }
            if case .record(let fields) = RecordFormat.parse(raw) { return .record(fields.sequence) }
            return .unreadable
        }
    }

    /// CRC-32C of `[0, length)` of a file; `pace` is called after each megabyte (to throttle).
    /// The pages read are dropped from the page cache after, unless `keepingCached`: the active
    /// segment's are the newest records, which a restart's replay of the tail and the history
    /// reads of recent complaints read next.
    static func checksum(path: String, length: UInt64, keepingCached: Bool = false, pace: (Int) -> Bool = { _ in true }) throws -> UInt32? {
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var crc: UInt32 = 0
        var offset: UInt64 = 0
        while offset < length {
            let want = Int(min(UInt64(chunk), length - offset))
            let got = try FileSystem.preadFully(descriptor, buffer, want, at: offset, path: path)
            crc = CRC32C.checksum(UnsafeRawBufferPointer(start: buffer, count: got), continuing: crc)
            offset += UInt64(got)
            if got < want { break }
            guard pace(got) else { return nil }
        }
        // Read once, not kept (but for the active segment): the check must not push the working
        // set out of the page cache.
        if !keepingCached { _ = posix_fadvise(descriptor, 0, off_t(length), Int32(POSIX_FADV_DONTNEED)) }
        return crc
    }
}

extension SegmentCheck.Boundary: CustomStringConvertible {
    var description: String {
        switch self {
        case .record(let sequence): return "sequence \(sequence)"
        case .none: return "none"
        case .unreadable: return "unreadable"
        }
    }
}
