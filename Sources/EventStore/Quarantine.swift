// Repair mode: instead of refusing to open, move the corrupt line and everything
// after it into one quarantine file an operator can inspect; count what moved.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum Quarantine {
    /// Copies `[offset, end)` of the segment and all later segments into `destination`,
    /// makes the copy durable, then truncates the segment and deletes the later ones.
    /// Returns the number of records (lines, counting an unterminated tail) set aside.
    static func setAside(
        from path: String, descriptor: Int32, offset: UInt64, laterSegments: [String],
        into destination: String, logDirectory: String
    ) throws -> Int {
        let output = try FileSystem.open(destination, O_WRONLY | O_CREAT | O_EXCL)
        defer { FileSystem.close(output) }
        var written: UInt64 = 0
        var records = try copy(descriptor, path: path, from: offset, to: output, destination: destination, at: &written)
        for later in laterSegments {
            let input = try FileSystem.open(later, O_RDONLY)
            defer { FileSystem.close(input) }
            records += try copy(input, path: later, from: 0, to: output, destination: destination, at: &written)
        }
        // Durable copy first: only then may the originals go.
        try FileSystem.fsync(output, path: destination)
        try FileSystem.syncDirectory(logDirectory)
        try FileSystem.ftruncate(descriptor, offset, path: path)
        try FileSystem.fsync(descriptor, path: path)
        for later in laterSegments { try FileSystem.unlink(later) }
        try FileSystem.syncDirectory(logDirectory)
        return records
    }

    /// Appends a file's bytes from `offset` to the output; returns how many records they hold.
    private static func copy(
        _ input: Int32, path: String, from offset: UInt64, to output: Int32, destination: String, at written: inout UInt64
    ) throws -> Int {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var position = offset
        var newlines = 0
        var lastByte: UInt8 = 0x0A
        while true {
            let got = try FileSystem.pread(input, buffer, chunk, at: position, path: path)
            if got == 0 { break }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: got)
            for byte in bytes where byte == 0x0A { newlines += 1 }
            lastByte = bytes[got - 1]
            try FileSystem.pwriteAll(output, bytes, at: written, path: destination)
            written += UInt64(got)
            position += UInt64(got)
        }
        if lastByte != 0x0A {
            // Keep the quarantine file line-framed for the next input's first line.
            let newline: [UInt8] = [0x0A]
            try newline.withUnsafeBytes { try FileSystem.pwriteAll(output, $0, at: written, path: destination) }
            written += 1
            return newlines + 1
        }
        return newlines
    }
}
