// Repair mode: copy exactly the damaged lines into one quarantine file an operator can inspect,
// make the copy durable, then overwrite each line in place with a hole (spaces and its newline).
// Nothing else moves: every valid record keeps its offset, so positions held by snapshots and
// the records after a damaged line stay readable.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum Quarantine {
    /// Sets `lines` aside into `destination` (created) and returns the holes made.
    static func setAside(_ lines: [DamagedLine], into destination: String, logDirectory: String) throws -> [Hole] {
        let output = try FileSystem.open(destination, O_WRONLY | O_CREAT | O_EXCL)
        defer { FileSystem.close(output) }
        var written: UInt64 = 0
        let bySegment = Dictionary(grouping: lines, by: \.path)
        for path in bySegment.keys.sorted() {
            let input = try FileSystem.open(path, O_RDONLY)
            defer { FileSystem.close(input) }
            for line in bySegment[path]!.sorted(by: { $0.offset < $1.offset }) {
                var bytes = [UInt8](repeating: 0, count: Int(line.length))
                let got = try bytes.withUnsafeMutableBytes {
                    try FileSystem.preadFully(input, $0.baseAddress!, $0.count, at: line.offset, path: path)
                }
                bytes.removeLast(bytes.count - got)
                // Keep the quarantine file line-framed even for an unterminated tail.
                if bytes.last != 0x0A { bytes.append(0x0A) }
                try bytes.withUnsafeBytes { try FileSystem.pwriteAll(output, $0, at: written, path: destination) }
                written += UInt64(bytes.count)
            }
        }
        // Durable copy first: only then may the originals be overwritten.
        try FileSystem.fsync(output, path: destination)
        try FileSystem.syncDirectory(logDirectory)
        var holes: [Hole] = []
        for path in bySegment.keys.sorted() {
            let descriptor = try FileSystem.open(path, O_RDWR)
            defer { FileSystem.close(descriptor) }
            for line in bySegment[path]! {
                try RecordFormat.blank(descriptor: descriptor, path: path, offset: line.offset, length: line.length)
                holes.append(Hole(segment: line.segment, offset: line.offset, length: line.length))
            }
            try FileSystem.fsync(descriptor, path: path)
        }
        return holes
    }
}
