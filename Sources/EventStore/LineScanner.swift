// Reads a file front to back in large blocks and hands out complete lines, so
// replay costs one pread per block and a memchr per line, not a syscall per record.

import CLinux
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Block-wise newline scanner over one file.
enum LineScanner {
    /// What the visitor wants next.
    enum Step {
        case next
        case stop
    }

    /// Where the scan ended.
    struct Outcome {
        /// Offset just past the last newline visited (or of the line that stopped the scan).
        var endOfLines: UInt64
        /// Lines visited.
        var lines: Int
        /// Bytes after the last newline, never handed to the visitor (0 if stopped).
        var trailingBytes: UInt64
        /// True when the visitor said stop.
        var stopped: Bool
    }

    static let defaultBlockSize = 4 << 20

    /// How far ahead of the line it looks for the next newline in `scanMapped` asks for the
    /// mapped file's memory: a page. The page cache's pages lie anywhere in memory, and the CPU's
    /// own prefetchers stop at the end of a page, so the first lines of each page waited for
    /// memory; asking for each page a page early, a 1 M replay took 4–7 % less time (paired
    /// rounds, Benchmarks/README.md). Past the end of what the fault-around mapped, the hint is
    /// dropped (it never faults).
    static let prefetchAhead = 4096

    /// Visits each newline-terminated line in `[0, limit)` with its offset and 1-based number.
    /// The line excludes its newline (which the buffer holds right after it) and is only valid
    /// during the call.
    static func scan(
        descriptor: Int32, path: String, limit: UInt64, blockSize: Int = defaultBlockSize,
        _ visit: (_ line: UnsafeRawBufferPointer, _ offset: UInt64, _ number: Int) throws -> Step
    ) throws -> Outcome {
        var capacity = blockSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var head = 0
        var tail = 0  // unvisited bytes are buffer[head..<tail]
        var headOffset: UInt64 = 0  // file offset of buffer[head]
        var readOffset: UInt64 = 0
        var number = 0
        while readOffset < limit {
            if head > 0 {
                memmove(buffer, buffer + head, tail - head)
                tail -= head
                head = 0
            }
            if tail == capacity {
                // A line longer than the block: grow rather than fail.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: tail)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let want = Int(min(UInt64(capacity - tail), limit - readOffset))
            let got = try FileSystem.pread(descriptor, buffer + tail, want, at: readOffset, path: path)
            if got == 0 { break }
            tail += got
            readOffset += UInt64(got)
            while head < tail, let newline = memchr(buffer + head, 0x0A, tail - head) {
                let end = buffer.distance(to: newline)
                number += 1
                let line = UnsafeRawBufferPointer(start: buffer + head, count: end - head)
                let step = try visit(line, headOffset, number)
                if step == .stop {
                    return Outcome(endOfLines: headOffset, lines: number, trailingBytes: 0, stopped: true)
                }
                headOffset += UInt64(end - head + 1)
                head = end + 1
            }
        }
        return Outcome(endOfLines: headOffset, lines: number, trailingBytes: UInt64(tail - head), stopped: false)
    }

    /// `scan` over the file mapped into memory rather than read into a buffer: the lines are the
    /// page cache's own pages, which saves the kernel's copy of every byte (`_copy_to_iter`, the
    /// largest single cost of a replay's reading thread). For files that nobody truncates below
    /// `limit` while the scan runs (a replay's segments: the writer only appends, and only the
    /// open cuts a torn tail); falls back to `scan` when the mapping fails. A file already shorter
    /// than `limit` is mapped to its end, as `scan` reads it to its end: a page past the end of a
    /// file would fault (`SIGBUS`) instead of reading short.
    static func scanMapped(
        descriptor: Int32, path: String, limit: UInt64,
        _ visit: (_ line: UnsafeRawBufferPointer, _ offset: UInt64, _ number: Int) throws -> Step
    ) throws -> Outcome {
        let mapped = try FileSystem.withMapping(descriptor, length: limit) { file -> Outcome in
            let base = file.baseAddress!
            let length = file.count
            var head = 0
            var number = 0
            while head < length {
                clinux_prefetch_read(base + min(head + prefetchAhead, length - 1))
                guard let newline = memchr(base + head, 0x0A, length - head) else { break }
                let end = base.distance(to: UnsafeRawPointer(newline))
                number += 1
                let step = try visit(UnsafeRawBufferPointer(start: base + head, count: end - head), UInt64(head), number)
                if step == .stop { return Outcome(endOfLines: UInt64(head), lines: number, trailingBytes: 0, stopped: true) }
                head = end + 1
            }
            return Outcome(endOfLines: UInt64(head), lines: number, trailingBytes: UInt64(length - head), stopped: false)
        }
        return try mapped ?? scan(descriptor: descriptor, path: path, limit: limit, visit)
    }
}
