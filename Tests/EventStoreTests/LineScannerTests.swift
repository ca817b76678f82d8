// `LineScanner`: the mapped scan a replay uses hands out the same lines, offsets and tail as the
// buffered scan, including lines longer than a read block and a last line with no newline.

import Foundation
import Testing

@testable import EventStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct LineScannerTests {
    typealias Seen = (lines: [[UInt8]], offsets: [UInt64], outcome: LineScanner.Outcome)

    @Test func mappedAndBufferedScansAgree() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        let files: [(name: String, bytes: [UInt8])] = [
            ("lines", Array("{\"a\":1}\n投诉\n\n{\"b\":2}\n".utf8)),
            ("torn", Array("one\ntwo\nthr".utf8)),
            ("long", Array("short\n".utf8) + long + [0x0A] + Array("end\n".utf8)),
            ("empty", []),
        ]
        for file in files {
            let path = directory.path + "/" + file.name
            writeBytes(file.bytes, to: path)
            let descriptor = open(path, O_RDONLY)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            let limit = UInt64(file.bytes.count)
            // Blocks of 16 bytes, so the 100-byte line makes the buffered scan grow its buffer.
            let buffered = try Self.collect { try LineScanner.scan(descriptor: descriptor, path: path, limit: limit, blockSize: 16, $0) }
            let mapped = try Self.collect { try LineScanner.scanMapped(descriptor: descriptor, path: path, limit: limit, $0) }
            #expect(mapped.lines == buffered.lines, "\(file.name)")
            #expect(mapped.offsets == buffered.offsets, "\(file.name)")
            #expect(mapped.outcome.endOfLines == buffered.outcome.endOfLines, "\(file.name)")
            #expect(mapped.outcome.lines == buffered.outcome.lines, "\(file.name)")
            #expect(mapped.outcome.trailingBytes == buffered.outcome.trailingBytes, "\(file.name)")
        }
        // A file shorter than the size the caller expects: read to its end, as the buffered scan does.
        let path = directory.path + "/lines"
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let beyond = UInt64(files[0].bytes.count + 10_000)
        let buffered = try Self.collect { try LineScanner.scan(descriptor: descriptor, path: path, limit: beyond, $0) }
        let mapped = try Self.collect { try LineScanner.scanMapped(descriptor: descriptor, path: path, limit: beyond, $0) }
        #expect(mapped.lines == buffered.lines && mapped.lines.count == 4)
        #expect(mapped.outcome.endOfLines == buffered.outcome.endOfLines)
        let torn = try Self.scanMapped(directory.path + "/torn")
        #expect(torn.lines.map { String(decoding: $0, as: UTF8.self) } == ["one", "two"])
        #expect(torn.outcome.trailingBytes == 3 && torn.outcome.endOfLines == 8)
    }

    @Test func mappedScanStopsWhereTheVisitorSays() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let path = directory.path + "/stop"
        writeBytes(Array("a\nbb\nccc\n".utf8), to: path)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var visited: [String] = []
        let outcome = try LineScanner.scanMapped(descriptor: descriptor, path: path, limit: 9) { line, _, _ in
            visited.append(String(decoding: line, as: UTF8.self))
            return visited.count == 2 ? .stop : .next
        }
        #expect(visited == ["a", "bb"])
        #expect(outcome.stopped && outcome.endOfLines == 2 && outcome.lines == 2)
    }

    private static func scanMapped(_ path: String) throws -> Seen {
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let size = UInt64(lseek(descriptor, 0, SEEK_END))
        return try collect { try LineScanner.scanMapped(descriptor: descriptor, path: path, limit: size, $0) }
    }

    private static func collect(
        _ scan: ((UnsafeRawBufferPointer, UInt64, Int) throws -> LineScanner.Step) throws -> LineScanner.Outcome
    ) throws -> Seen {
        var lines: [[UInt8]] = []
        var offsets: [UInt64] = []
        let outcome = try scan { line, offset, _ in
            lines.append(Array(line))
            offsets.append(offset)
            return .next
        }
        return (lines, offsets, outcome)
    }
}
