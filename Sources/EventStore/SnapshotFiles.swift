// Snapshot files: `<dir>/snapshots/snapshot-<20-digit seq>.snap`, a JSON header
// line `{"seq":N,"ts":ms,"length":L,"crc32c":"hhhhhhhh"}\n` then exactly L payload
// bytes. Written to a .tmp name, fsynced, renamed, directory fsynced: a crash at
// any point leaves either the old set of snapshots or the new one.

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
                  let sequence = UInt64(name.dropFirst(9).dropLast(5)) else { return nil }
            return (sequence, directory + "/" + name)
        }.sorted { $0.0 > $1.0 }
    }

    /// Deletes leftovers of snapshot writes a crash interrupted.
    static func removeTemporaryFiles(_ directory: String) throws {
        for name in try FileSystem.listDirectory(directory) where name.hasSuffix(".tmp") {
            try FileSystem.unlink(directory + "/" + name)
        }
    }

    /// Writes a snapshot durably under its final name.
    static func write(_ snapshot: Snapshot, directory: String) throws {
        let path = directory + "/" + name(sequence: snapshot.sequence)
        let temporary = path + ".tmp"
        let checksum = String(CRC32C.checksum(snapshot.payload), radix: 16)
        let header = #"{"seq":\#(snapshot.sequence),"ts":\#(snapshot.timestampMillis),"length":\#(snapshot.payload.count),"crc32c":"\#(String(repeating: "0", count: 8 - checksum.count) + checksum)"}"# + "\n"
        let descriptor = try FileSystem.open(temporary, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            let headerBytes = Array(header.utf8)
            try headerBytes.withUnsafeBytes { try FileSystem.pwriteAll(descriptor, $0, at: 0, path: temporary) }
            try snapshot.payload.withUnsafeBytes {
                try FileSystem.pwriteAll(descriptor, $0, at: UInt64(headerBytes.count), path: temporary)
            }
            try FileSystem.fsync(descriptor, path: temporary)
        } catch {
            FileSystem.close(descriptor)
            try? FileSystem.unlink(temporary)
            throw error
        }
        FileSystem.close(descriptor)
        try FileSystem.rename(temporary, path)
        try FileSystem.syncDirectory(directory)
    }

    /// Reads and verifies one snapshot file; throws `.corruption` naming what is wrong.
    static func load(_ path: String) throws -> Snapshot {
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let size = Int(try FileSystem.size(descriptor, path: path))
        var bytes = [UInt8](repeating: 0, count: size)
        let got = try bytes.withUnsafeMutableBytes { try FileSystem.preadFully(descriptor, $0.baseAddress!, size, at: 0, path: path) }
        func corrupt(_ reason: String) -> StoreError { .corruption(file: path, line: 1, offset: 0, reason: reason) }
        guard got == size, let newline = bytes.firstIndex(of: 0x0A) else { throw corrupt("no header line") }
        return try bytes.withUnsafeBytes { raw in
            var scanner = ByteScanner(UnsafeRawBufferPointer(rebasing: raw[..<newline]))
            guard scanner.expect(Array(#"{"seq":"#.utf8)), let sequence = scanner.unsigned(),
                  scanner.expect(Array(#","ts":"#.utf8)), let timestamp = scanner.signed(),
                  scanner.expect(Array(#","length":"#.utf8)), let length = scanner.unsigned(),
                  scanner.expect(Array(#","crc32c":""#.utf8)), let checksum = scanner.hex32(),
                  scanner.expect(Array(#""}"#.utf8)), scanner.index == newline else { throw corrupt("bad header") }
            let payload = UnsafeRawBufferPointer(rebasing: raw[(newline + 1)...])
            guard UInt64(payload.count) == length else { throw corrupt("payload is \(payload.count) bytes, header says \(length)") }
            guard CRC32C.checksum(payload) == checksum else { throw corrupt("checksum mismatch") }
            return Snapshot(sequence: sequence, timestampMillis: timestamp, payload: Array(payload))
        }
    }

    /// The newest snapshot that verifies; a bad one is logged and skipped, not deleted.
    static func newestValid(_ directory: String, log: StoreLog) throws -> Snapshot? {
        for (_, path) in try list(directory) {
            do {
                return try load(path)
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
