import ComplaintDomain
import Foundation
import JSONCodec
import TestSupport
import Testing

@testable import ComplaintService

/// A page of closed complaints is served from the summary file (one read each) and reads exactly
/// as when each complaint is folded from the log; a missing, damaged or stale summary file only
/// costs the read from the log, never a different or lost list item.
@Suite(.serialized)
struct ListSummaryTests {
    static func core(_ running: Running) throws -> ComplaintCore {
        try #require(running.service.parts.withLock { $0?.core })
    }

    /// The list as staff read it, byte for byte (`overdue` of a closed complaint does not move).
    static func page(_ running: Running) throws -> String {
        let r = try running.get("/v1/complaints?limit=50", token: Token.mona)
        guard r.status == 200 else { throw TestError("list: \(r.status) \(r.text)") }
        return r.text
    }

    /// Starts the service, lets its background filling of the summary file finish, and answers it.
    static func start(_ path: String) throws -> Running {
        let running = try Running(testConfiguration(dataDirectory: path))
        let core = try Self.core(running)
        core.stopSummaryBackfill()
        core.backfillSummaries(duty: 1)
        return running
    }

    @Test func aPageOfClosedComplaintsReadsTheSameFromSummariesDamagedOrNone() throws {
        let dir = try TempDir("summaries")
        defer { dir.remove() }
        var ids: [String] = []
        let before: String
        do {
            let first = try Self.start(dir.path)
            for (index, content) in ["电梯困人，三号楼", "Water leaks from the ceiling", "楼道灯不亮"].enumerated() {
                ids.append(try #require(first.register(content: content, unit: "\(1201 + index)").json?["id"] as? String))
            }
            try AnnouncementEndpointTests.advance(first, ids[0], through: "close")
            try AnnouncementEndpointTests.advance(first, ids[1], through: "close")
            before = try Self.page(first)
            #expect(before.contains(ids[0]) && before.contains(ids[1]) && before.contains("电梯困人，三号楼"))
            first.stop()
        }

        // After a restart the closed complaints are out of memory: their summaries are written
        // (when a list first read them, or by the filling at start; none for the open one) and
        // the page is served from them, unchanged.
        let second = try Self.start(dir.path)
        let core = try Self.core(second)
        let summaries = try #require(core.summaries)
        #expect(summaries.present(from: 0, count: 3) == [true, true, false])
        #expect(try Self.page(second) == before)
        #expect(summaries.hits.load(ordering: .relaxed) >= 2, "the closed complaints came from the summary file")
        second.stop()

        // Every entry damaged: the page is read from the log, the same, and the summaries written again.
        let data = dir.path + "/summaries/summaries.dat"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: data)))
        #expect(bytes.count > 100)
        for index in stride(from: 20, to: bytes.count, by: 7) { bytes[index] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: data))
        do {
            let third = try Running(testConfiguration(dataDirectory: dir.path))
            let summaries = try #require(Self.core(third).summaries)
            #expect(try Self.page(third) == before)
            #expect(try Self.page(third) == before)
            #expect(summaries.writes.load(ordering: .relaxed) >= 2)
            third.stop()
        }

        // No summary file at all (removed, or a data directory from before it existed): the same.
        try FileManager.default.removeItem(atPath: dir.path + "/summaries")
        let fourth = try Running(testConfiguration(dataDirectory: dir.path))
        #expect(try Self.page(fourth) == before)
        fourth.stop()
        #expect(FileManager.default.fileExists(atPath: data))
    }

    @Test func aComplaintClosedForGoodHasItsSummaryWrittenAtOnce() throws {
        let dir = try TempDir("summaries-close")
        defer { dir.remove() }
        let before: String
        do {
            let running = try Self.start(dir.path)
            let summaries = try #require(Self.core(running).summaries)
            let id = try #require(running.register(content: "地下车库积水", unit: "0801").json?["id"] as? String)
            #expect(summaries.present(from: 0, count: 1) == [false], "an open complaint has no summary")
            try AnnouncementEndpointTests.advance(running, id, through: "close")
            // Written by the command that closed it, before any list asked for it.
            #expect(summaries.present(from: 0, count: 1) == [true])
            let hits = summaries.hits.load(ordering: .relaxed)
            before = try Self.page(running)
            #expect(before.contains(id) && before.contains("地下车库积水"))
            #expect(summaries.hits.load(ordering: .relaxed) > hits, "the list item came from the summary file")
            running.stop()
        }
        // The same page folded from the log, with no summary file.
        try FileManager.default.removeItem(atPath: dir.path + "/summaries")
        let again = try Running(testConfiguration(dataDirectory: dir.path))
        #expect(try Self.page(again) == before)
        again.stop()
    }

    @Test func aFullReplayWithoutSummariesWritesThemForEveryComplaintClosedForGood() throws {
        let dir = try TempDir("summaries-replay")
        defer { dir.remove() }
        let before: String
        do {
            let first = try Running(testConfiguration(dataDirectory: dir.path))
            var ids: [String] = []
            for (index, content) in ["电梯困人，三号楼", "楼道灯不亮", "地下车库积水"].enumerated() {
                ids.append(try #require(first.register(content: content, unit: "\(1501 + index)").json?["id"] as? String))
            }
            try AnnouncementEndpointTests.advance(first, ids[0], through: "close")
            try AnnouncementEndpointTests.advance(first, ids[2], through: "close")
            before = try Self.page(first)
            first.stop()
        }
        // A data directory from before the summary file, replayed from its log (no snapshot), with
        // the background filling off: the replay alone writes them.
        try FileManager.default.removeItem(atPath: dir.path + "/summaries")
        try FileManager.default.removeItem(atPath: dir.path + "/snapshots")
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.summaryBackfillShare = 0
        let second = try Running(configuration)
        let summaries = try #require(Self.core(second).summaries)
        #expect(summaries.present(from: 0, count: 3) == [true, false, true], "none for the open complaint")
        #expect(try Self.page(second) == before)
        #expect(summaries.hits.load(ordering: .relaxed) >= 2, "the closed complaints came from the summary file")
        second.stop()
    }

    @Test func anEntryIsUsedOnlyForTheComplaintVersionAndRecordItWasTakenFrom() throws {
        let dir = try TempDir("summaries-file")
        defer { dir.remove() }
        var whole = Complaint(
            id: "C2612-000007", sequence: 7, trackingCode: "T-1", channel: .phone,
            complainant: Complainant(name: "王小明", phone: "13912345678", estate: "阳光花园", building: "3", unit: "1201"),
            content: "电梯困人", receivedBy: "rita", receivedAt: Date(timeIntervalSince1970: 1_764_000_000.123))
        whole.status = .closed
        whole.version = 9
        whole.severity = .important
        whole.department = .engineering
        whole.handler = "hank"
        whole.reminderCount = 2
        whole.confirmedSinceReply = true
        whole.deadlines[.dispatch] = Deadline(
            dueAt: Date(timeIntervalSince1970: 1_764_003_600), extendedCount: 1, escalatedAt: nil,
            metAt: Date(timeIntervalSince1970: 1_764_001_000.5))
        whole.deadlines[.resolve] = Deadline(
            dueAt: Date(timeIntervalSince1970: 1_764_090_000), escalatedAt: Date(timeIntervalSince1970: 1_764_090_001))
        let summary = ColdSummary(sequence: 7, version: 9, head: 12345, of: whole)
        let now = Date(timeIntervalSince1970: 1_765_000_000)
        func rendered(_ c: Complaint) -> String {
            var w = JSONWriter(capacity: 640)
            ComplaintJSON.writeSummary(c, .init(now: now), into: &w)
            return String(decoding: w.bytes, as: UTF8.self)
        }
        #expect(rendered(summary.complaint) == rendered(whole))

        let file = ColdSummaries(directory: dir.path + "/summaries", reservedFreeBytes: UInt64(ServiceConfiguration().summaryReservedFreeBytes))
        #expect(file.summary(slot: 6, sequence: 7, version: 9, head: 12345) == nil)
        file.write(summary, slot: 6)
        let back = try #require(file.summary(slot: 6, sequence: 7, version: 9, head: 12345))
        #expect(rendered(back.complaint) == rendered(whole))
        #expect(file.summary(slot: 6, sequence: 7, version: 10, head: 12345) == nil, "a newer version")
        #expect(file.summary(slot: 6, sequence: 7, version: 9, head: 12346) == nil, "another newest record")
        #expect(file.summary(slot: 6, sequence: 8, version: 9, head: 12345) == nil, "another complaint")
        #expect(file.summary(slot: 5, sequence: 7, version: 9, head: 12345) == nil)
        #expect(file.present(from: 4, count: 4) == [false, false, true, false])

        // A torn entry (a crash mid-write) is not used.
        let data = dir.path + "/summaries/summaries.dat"
        let size = try #require(FileManager.default.attributesOfItem(atPath: data)[.size] as? Int)
        #expect(truncate(data, off_t(size - 3)) == 0)
        #expect(file.summary(slot: 6, sequence: 7, version: 9, head: 12345) == nil)
    }
}
