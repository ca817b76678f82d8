// A replay of a log larger than half of memory drops the segments it has read from the page
// cache, but for the log's last quarter of memory; a smaller one drops nothing.

import Foundation
import Testing

@testable import EventStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ReplayCacheTests {
    @Test func onlyAReplayOfMoreThanHalfOfMemoryDropsAndNeverTheLastQuarter() {
        let rule = ReplayCacheRule(memory: 1000)
        #expect(!rule.dropsOnceRead(replayBytes: 500, bytesAfter: 400))
        #expect(rule.dropsOnceRead(replayBytes: 501, bytesAfter: 251))
        #expect(!rule.dropsOnceRead(replayBytes: 501, bytesAfter: 250))
        #expect(!rule.dropsOnceRead(replayBytes: 40_000, bytesAfter: 0))
    }

    /// The memory the page cache may hold: physical memory, or the cgroup's limit when lower.
    @Test func theMemoryForTheCacheIsNeverMoreThanTheCgroupsLimit() {
        let memory = StoreConfiguration.availableMemory
        let physical = UInt64(sysconf(Int32(_SC_PHYS_PAGES))) * UInt64(sysconf(Int32(_SC_PAGESIZE)))
        #expect(memory > 0 && memory <= physical)
        if let limit = (try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8))
            .flatMap({ UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        {
            #expect(memory <= limit)
        }
        #expect(StoreConfiguration(directory: "/tmp/x").cacheMemoryBytes == memory)
    }

    @Test func aReplayLeavesTheOldSegmentsOutOfThePageCacheAndTheNewestIn() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written: [StoredRecord]
        do {
            // Every append is synced (the default): the pages are clean, so a drop is not refused.
            let store = try openStore(directory) {
                $0.segmentMaxBytes = 1200
                $0.verifyBytesPerSecond = 0
            }
            written = try appendMany(store, count: 40)
            store.close()
        }
        // The segments that hold records (a new one may be empty yet).
        let numbers = Set(written.map(\.position.segment)).sorted()
        let segments = numbers.map { directory.segment($0) }
        try #require(segments.count >= 5)
        let sizes = segments.map { fileBytes($0).count }
        let newest = sizes.last! + sizes[sizes.count - 2]
        // A memory a quarter of which is a byte short of the two newest segments: every segment
        // before them goes, each having more than that after it.
        // No background checksum pass: it drops each sealed segment it has read itself.
        let store = try openStore(directory) {
            $0.cacheMemoryBytes = UInt64(newest * 4 - 4)
            $0.verifyBytesPerSecond = 0
        }
        defer { store.close() }
        let sealed = segments.dropLast()
        for path in sealed { try #require(Self.residentPages(path) ?? 0 > 0, "\(path) cached after the writes") }

        #expect(try replayAll(store).records.map(\.summary) == written.map(\.summary))
        for path in segments.dropLast(2) { #expect(Self.residentPages(path) == 0, "\(path) dropped") }
        #expect(Self.residentPages(sealed.last!) ?? 0 > 0, "the newest sealed segment kept")

        // Read back into the cache, the older segments stay there through a replay of less than
        // half of that memory (the two newest segments).
        #expect(segments.dropLast(2).map { fileBytes($0).count } == Array(sizes.dropLast(2)))
        let after = written.last { $0.position.segment == numbers[numbers.count - 3] }!.sequence
        #expect(try replayAll(store, after: after).records.count == written.count - Int(after))
        for path in sealed { #expect(Self.residentPages(path) ?? 0 > 0, "\(path) kept") }
    }

    /// The checksum of the active segment's prefix, computed in the background at open, leaves
    /// its pages in the page cache: they hold the newest records, which a restart's replay of
    /// the tail and the history of recent complaints read next.
    @Test func theOpensChecksumOfTheActiveSegmentLeavesItInThePageCache() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written: [StoredRecord]
        do {
            let store = try openStore(directory) { $0.verifyBytesPerSecond = 0 }
            written = try appendMany(store, count: 30)
            store.close()
        }
        let active = directory.segment(written.last!.position.segment)
        try #require(Self.residentPages(active) ?? 0 > 0, "cached after the (synced) writes")

        let store = try openStore(directory) { $0.verifyBytesPerSecond = 0 }
        defer { store.close() }
        var delivered = false
        for _ in 0..<1000 where !delivered {
            delivered = store.writer.shared.withLock { $0.activePrefix != nil }
            if !delivered { usleep(10_000) }
        }
        try #require(delivered, "the active segment's checksum was computed within 10 s")
        #expect(Self.residentPages(active) ?? 0 > 0, "still cached")
        #expect(try replayAll(store).records.map(\.summary) == written.map(\.summary))
    }

    /// How many of a file's pages are in the page cache (mincore(2) of a mapping, which reads
    /// nothing).
    static func residentPages(_ path: String) -> Int? {
        guard let descriptor = try? FileSystem.open(path, O_RDONLY) else { return nil }
        defer { FileSystem.close(descriptor) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let counted = FileSystem.withMapping(descriptor, length: .max) { file -> [UInt8]? in
            var vector = [UInt8](repeating: 0, count: (file.count + page - 1) / page)
            return mincore(UnsafeMutableRawPointer(mutating: file.baseAddress!), file.count, &vector) == 0 ? vector : nil
        }
        guard let vector = counted ?? nil else { return nil }
        return vector.filter { $0 & 1 != 0 }.count
    }
}
