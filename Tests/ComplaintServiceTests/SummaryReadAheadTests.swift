import ComplaintDomain
import Foundation
import Testing

@testable import ComplaintService

#if canImport(Glibc)
    import Glibc
#endif

/// After a restart the list summaries are read into the page cache in the background, so the
/// first pages of closed complaints wait for no disk read; a file too large for the configured
/// share of memory is left alone (it would push out what the node needs more).
@Suite(.serialized)
struct SummaryReadAheadTests {
    /// A summary file of `count` entries, written to disk and dropped from the page cache.
    static func evictedFile(in dir: TempDir, count: Int) throws -> ColdSummaries {
        let file = ColdSummaries(directory: dir.path + "/summaries", reservedFreeBytes: 0)
        for slot in 0..<count {
            let complaint = Complaint(
                id: "C2612-\(100_000 + slot)", sequence: slot + 1, trackingCode: "T-\(slot)", channel: .phone,
                complainant: Complainant(name: "王小明", phone: "13912345678", estate: "阳光花园", building: "3", unit: "\(1201 + slot)"),
                content: String(repeating: "电梯困人，", count: 40), receivedBy: "rita",
                receivedAt: Date(timeIntervalSince1970: 1_764_000_000))
            file.write(ColdSummary(sequence: Int32(slot + 1), version: 1, head: UInt64(slot), of: complaint), slot: slot)
        }
        for name in ["summaries.dat", "summaries.idx"] { try Self.evict(dir.path + "/summaries/" + name) }
        return file
    }

    /// Writes the file's pages out and asks the kernel to drop them.
    static func evict(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        fsync(descriptor)
        posix_fadvise(descriptor, 0, 0, Int32(POSIX_FADV_DONTNEED))
    }

    /// How many of the file's pages are in the page cache, and how many it has.
    static func residency(_ path: String) throws -> (resident: Int, pages: Int) {
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var status = stat()
        try #require(fstat(descriptor, &status) == 0 && status.st_size > 0)
        let length = Int(status.st_size)
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapped = try #require(mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0))
        try #require(mapped != MAP_FAILED)
        defer { munmap(mapped, length) }
        let pages = (length + pageSize - 1) / pageSize
        var vector = [UInt8](repeating: 0, count: pages)
        try #require(mincore(mapped, length, &vector) == 0)
        return (vector.reduce(0) { $0 + Int($1 & 1) }, pages)
    }

    /// Expects every one of the file's `pages` in the page cache within 30 s.
    static func expectAllResident(_ path: String, pages: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var seen = -1
        let all = eventually(within: 30) {
            seen = (try? Self.residency(path).resident) ?? -1
            return seen == pages
        }
        #expect(all, "\(what): \(seen) of \(pages) pages", sourceLocation: sourceLocation)
    }

    @Test func theSummariesAreReadIntoThePageCacheWhenTheyFitTheShare() throws {
        let dir = try TempDir("readahead")
        defer { dir.remove() }
        let file = try Self.evictedFile(in: dir, count: 3000)
        let data = dir.path + "/summaries/summaries.dat"
        let before = try Self.residency(data)
        try #require(before.pages > 100, "the entries take \(before.pages) pages")
        // Some file systems (tmpfs) keep every page: then there is nothing to observe.
        try #require(before.resident < before.pages / 2, "the kernel kept \(before.resident) of \(before.pages) pages")

        #expect(file.readAhead(share: 1e-12) == 0, "larger than the share of memory: not read")
        #expect(file.readAhead(share: 0) == 0, "0 is off")
        let sizes = try ["summaries.dat", "summaries.idx"].map {
            try FileManager.default.attributesOfItem(atPath: dir.path + "/summaries/" + $0)[.size] as! UInt64
        }
        #expect(file.readAhead(share: 0.25) == sizes.reduce(0, +))
        Self.expectAllResident(data, pages: before.pages, "every page read in")
    }

    @Test func aStartReadsTheSummariesAheadUnlessTheShareIsZero() throws {
        let dir = try TempDir("readahead-start")
        defer { dir.remove() }
        let data = dir.path + "/summaries/summaries.dat"
        _ = try Self.evictedFile(in: dir, count: 3000)
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.summaryBackfillShare = 0

        configuration.summaryReadAheadShare = 0
        let off = try Running(configuration)
        off.stop()
        let untouched = try Self.residency(data)
        try #require(untouched.resident < untouched.pages / 2, "the kernel kept \(untouched.resident) of \(untouched.pages) pages")

        configuration.summaryReadAheadShare = ServiceConfiguration().summaryReadAheadShare
        let on = try Running(configuration)
        defer { on.stop() }
        Self.expectAllResident(data, pages: untouched.pages, "read in after the start")
    }
}
