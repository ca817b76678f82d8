// Snapshot files: `<dir>/snapshots/snapshot-<20-digit seq>.snap`, a JSON header
// line `{"seq":N,"ts":ms,"length":L,"crc32c":"hhhhhhhh"}` (padded with spaces to a fixed width,
// so a streamed payload's length and checksum are written over it at the end) then exactly L
// payload bytes. Written to a .tmp name, fsynced, renamed, directory fsynced: a crash at any
// point leaves either the old set of snapshots or the new one. Neither writing nor reading holds
// the payload whole: it is streamed through in blocks.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum SnapshotFiles {
    static let keep = 2

    static func name(sequence: UInt64) -> String {
        let digits = String(sequence)
        return "snapshot-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".snap"
    }

    /// Snapshot sequences and paths present, newest first.
    static func list(_ directory: String) throws -> [(sequence: UInt64, path: String)] {
        try FileSystem.listDirectory(directory).compactMap { name -> (UInt64, String)? in
            guard name.hasPrefix("snapshot-"), name.hasSuffix(".snap"), name.utf8.count == 34,
                let sequence = UInt64(name.dropFirst(9).dropLast(5))
            else { return nil }
            return (sequence, directory + "/" + name)
        }.sorted { $0.0 > $1.0 }
    }

    /// Deletes leftovers of snapshot writes a crash interrupted.
    static func removeTemporaryFiles(_ directory: String) throws {
        for name in try FileSystem.listDirectory(directory) where name.hasSuffix(".tmp") {
            try FileSystem.unlink(directory + "/" + name)
        }
    }

    /// The header line's width (spaces pad it): room for any sequence, time, length and checksum.
    static let headerWidth = 127

    static func header(sequence: UInt64, timestampMillis: Int64, length: UInt64, checksum: UInt32) -> [UInt8] {
        let hex = String(checksum, radix: 16)
        var line = Array(
            #"{"seq":\#(sequence),"ts":\#(timestampMillis),"length":\#(length),"crc32c":"\#(String(repeating: "0", count: 8 - hex.count) + hex)"}"#
                .utf8)
        line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, headerWidth - line.count)))
        line.append(0x0A)
        return line
    }

    /// Writes a snapshot durably under its final name, its payload streamed from `produce`, which
    /// hands each piece to the function it is given.
    static func write(
        sequence: UInt64, timestampMillis: Int64, directory: String,
        produce: (([UInt8]) throws -> Void) throws -> Void
    ) throws -> UInt64 {
        let path = directory + "/" + name(sequence: sequence)
        let temporary = path + ".tmp"
        let descriptor = try FileSystem.open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        var length: UInt64 = 0
        do {
            var checksum: UInt32 = 0
            let start = UInt64(headerWidth + 1)
            try produce { piece in
                try piece.withUnsafeBytes { try FileSystem.pwriteAll(descriptor, $0, at: start + length, path: temporary) }
                checksum = CRC32C.checksum(piece, continuing: checksum)
                length += UInt64(piece.count)
            }
            let head = header(sequence: sequence, timestampMillis: timestampMillis, length: length, checksum: checksum)
            try head.withUnsafeBytes { try FileSystem.pwriteAll(descriptor, $0, at: 0, path: temporary) }
            try FileSystem.fsync(descriptor, path: temporary)
        } catch {
            FileSystem.close(descriptor)
            try? FileSystem.unlink(temporary)
            throw error
        }
        FileSystem.close(descriptor)
        try FileSystem.rename(temporary, path)
        try FileSystem.syncDirectory(directory)
        return length
    }

    /// Writes a snapshot whose payload is already in memory.
    static func write(_ snapshot: Snapshot, directory: String) throws {
        _ = try write(sequence: snapshot.sequence, timestampMillis: snapshot.timestampMillis, directory: directory) { emit in
            try emit(snapshot.payload)
        }
    }

    /// Reads one snapshot's header: where its payload starts and what it must be.
    static func info(_ path: String) throws -> SnapshotInfo {
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let size = try FileSystem.size(descriptor, path: path)
        var bytes = [UInt8](repeating: 0, count: Int(min(size, 512)))
        let got = try bytes.withUnsafeMutableBytes { try FileSystem.preadFully(descriptor, $0.baseAddress!, $0.count, at: 0, path: path) }
        func corrupt(_ reason: String) -> StoreError { .corruption(file: path, line: 1, offset: 0, reason: reason) }
        guard let newline = bytes[..<got].firstIndex(of: 0x0A) else { throw corrupt("no header line") }
        return try bytes.withUnsafeBytes { raw in
            var scanner = ByteScanner(UnsafeRawBufferPointer(rebasing: raw[..<newline]))
            guard scanner.expect(#"{"seq":"#), let sequence = scanner.unsigned(),
                scanner.expect(#","ts":"#), let timestamp = scanner.signed(),
                scanner.expect(#","length":"#), let length = scanner.unsigned(),
                scanner.expect(#","crc32c":""#), let checksum = scanner.hex32(),
                scanner.expect(#""}"#),
                raw[scanner.index..<newline].allSatisfy({ $0 == UInt8(ascii: " ") })
            else { throw corrupt("bad header") }
            guard size - UInt64(newline + 1) == length else { throw corrupt("payload is \(size - UInt64(newline + 1)) bytes, header says \(length)") }
            return SnapshotInfo(
                sequence: sequence, timestampMillis: timestamp, path: path, payloadOffset: UInt64(newline + 1),
                length: length, checksum: checksum)
        }
    }

    /// Streams the payload of `info` in blocks of up to `block` bytes, then checks its checksum.
    static func stream(_ info: SnapshotInfo, block: Int = 8 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor = try FileSystem.open(info.path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let page = UInt64(max(4096, sysconf(Int32(_SC_PAGESIZE))))
        var buffer: [UInt8] = []
        var offset: UInt64 = 0
        var checksum: UInt32 = 0
        func deliver(_ piece: UnsafeRawBufferPointer) throws {
            checksum = CRC32C.checksum(piece, continuing: checksum)
            try body(piece)
        }
        while offset < info.length {
            let want = Int(min(UInt64(block), info.length - offset))
            let at = info.payloadOffset + offset
            // Each block mapped, when it can be: the kernel's copy into a buffer was 28 % of the
            // thread streaming a 1 M restart's snapshot, its busiest part. One block at a time,
            // so the mapped pages count towards the resident size one block's worth at most.
            let skip = Int(at % page)
            let mapped = try FileSystem.withMapping(descriptor, offset: at - UInt64(skip), length: UInt64(skip + want)) { window -> Bool in
                guard window.count == skip + want else { return false }
                try deliver(UnsafeRawBufferPointer(rebasing: window[skip...]))
                return true
            }
            if mapped != true {
                if buffer.isEmpty { buffer = [UInt8](repeating: 0, count: block) }
                let got = try buffer.withUnsafeMutableBytes {
                    try FileSystem.preadFully(descriptor, $0.baseAddress!, want, at: at, path: info.path)
                }
                guard got == want else { throw StoreError.corruption(file: info.path, line: 1, offset: offset, reason: "the payload ends early") }
                try buffer.withUnsafeBytes { try deliver(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
            }
            offset += UInt64(want)
        }
        guard checksum == info.checksum else {
            throw StoreError.corruption(file: info.path, line: 1, offset: 0, reason: "checksum mismatch")
        }
    }

    /// Reads and verifies one snapshot file whole; throws `.corruption` naming what is wrong.
    static func load(_ path: String) throws -> Snapshot {
        let info = try info(path)
        var payload: [UInt8] = []
        payload.reserveCapacity(Int(info.length))
        try stream(info) { payload.append(contentsOf: $0) }
        return Snapshot(sequence: info.sequence, timestampMillis: info.timestampMillis, payload: payload)
    }

    /// The newest snapshot whose header is sound and whose size matches it, skipping the
    /// sequences in `excluded`; a bad one is logged and skipped, not deleted. Its checksum is not
    /// read here: `stream` verifies it as the payload is loaded, so a restart reads the file once.
    static func newestSound(_ directory: String, excluding excluded: Set<UInt64> = [], log: StoreLog) throws -> SnapshotInfo? {
        for (sequence, path) in try list(directory) where !excluded.contains(sequence) {
            do {
                return try info(path)
            } catch let error as StoreError {
                if case .io(_, _, let code) = error, code != ENOENT { throw error }
                log("warn", "skipping unusable snapshot", ["file": path, "error": error.description])
            }
        }
        return nil
    }

    /// Deletes all but the newest `keep` snapshots.
    static func prune(_ directory: String) throws {
        let all = try list(directory)
        guard all.count > keep else { return }
        for (_, path) in all[keep...] { try FileSystem.unlink(path) }
        try FileSystem.syncDirectory(directory)
    }
}
