// The generator's estate shards run side by side and are merged into one log: the log must be
// what the service would have written in one piece — records in time order with consecutive
// sequences, complaints numbered in the order they were received, every complaint's records
// after its registration — replay cleanly into a fresh book, and not depend on the threads.

import ComplaintDomain
import EventStore
import Foundation
import Testing

@testable import ComplaintBench

@Suite struct ShardedGenerationTests {
    static let now: Int64 = 1_796_169_110

    /// Generates `count` complaints in `shards` shards into a new temporary directory, with
    /// small batches and segments so the merge and the segment roll are exercised often.
    func generateLog(count: Int, shards: Int, encoders: Int) throws -> (directory: String, records: UInt64, planner: Planner) {
        var template = Array("/tmp/complaintbench-test-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        var settings = GeneratorSettings(directory: directory, count: count, now: Self.now)
        settings.shards = shards
        settings.encoders = encoders
        settings.batchSize = 64
        let planner = makePlanner(count: count, seed: settings.seed)
        let writer = try LogWriter(directory: directory, encoders: encoders, segmentMaxBytes: 256 << 10)
        let (simulations, _, records) = simulateShards(settings, planner: planner, writer: writer)
        try writer.finish()
        #expect(simulations.allSatisfy { $0.summary.refusals.isEmpty })
        return (directory, records, planner)
    }

    func records(in directory: String) throws -> [StoredRecord] {
        var configuration = StoreConfiguration(directory: directory)
        configuration.fsyncPolicy = .never
        let store = try EventStore.open(configuration, now: { 0 }, log: { _, _, _ in })
        defer { store.close() }
        var records: [StoredRecord] = []
        _ = try store.replay(after: 0) { records.append($0) }
        return records
    }

    /// The generator records its finished segments in the manifest, as the store's writer does:
    /// the first open takes them as sealed (lines checked by the replay, not read twice) and the
    /// background pass finds every checksum, length and sequence range as recorded.
    @Test func generatedSegmentsAreSealedInTheManifest() throws {
        let (directory, written, _) = try generateLog(count: 400, shards: 1, encoders: 2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try String(contentsOfFile: directory + "/log/MANIFEST", encoding: .utf8)
        let segmentFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/log").filter { $0.hasSuffix(".jsonl") }
        #expect(segmentFiles.count >= 3, "small segments make several")
        // One entry saying where the log starts, one per segment but the newest (still active).
        let lines = manifest.split(separator: "\n")
        #expect(lines.count == segmentFiles.count)

        var configuration = StoreConfiguration(directory: directory)
        configuration.fsyncPolicy = .never
        configuration.deferLineChecksToReplay = true
        let store = try EventStore.open(configuration, now: { 0 }, log: { _, _, _ in })
        defer { store.close() }
        var count: UInt64 = 0
        var last: UInt64 = 0
        _ = try store.replay(after: 0) { record in
            count += 1
            last = record.sequence
        }
        #expect(count == written && last == written)
        let deadline = Date().addingTimeInterval(60)
        while store.health.segmentsVerified < store.health.segmentsToVerify, Date() < deadline { usleep(20_000) }
        #expect(store.health.segmentsToVerify == segmentFiles.count - 1)
        #expect(store.health.segmentsVerified == store.health.segmentsToVerify)
        #expect(store.health.damage.isEmpty, "\(store.health.damage)")
    }

    @Test func twoShardsMergeIntoOneLogInTimeOrderWithConsecutiveNumbers() throws {
        let (directory, written, planner) = try generateLog(count: 1_500, shards: 2, encoders: 2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let records = try records(in: directory)
        #expect(UInt64(records.count) == written)

        var book = ComplaintBook(policy: WorkflowPolicy())
        var registered = Set<String>()
        var estates = Set<String>()
        var lastTime = Int64.min
        for (index, record) in records.enumerated() {
            #expect(record.sequence == UInt64(index + 1))
            #expect(record.timestampMillis >= lastTime, "record \(record.sequence) goes back in time")
            lastTime = record.timestampMillis
            let event = try DomainEvent.read(from: record.payload)
            #expect(event.complaintID == record.stream)
            if case .registered(let e) = event {
                // Complaints are numbered across the shards in the order they were received.
                #expect(e.sequence == registered.count + 1)
                #expect(ComplaintBook.sequence(inID: e.complaintID) == e.sequence)
                if let earlier = e.repeatOf { #expect(registered.contains(earlier)) }
                registered.insert(e.complaintID)
                estates.insert(e.complainant.estate)
            } else {
                #expect(registered.contains(record.stream), "\(record.stream) has a record before its registration")
            }
            book.evolve([event])
        }
        #expect(book.count == registered.count)
        #expect(registered.count >= 1_500)
        // Both shards' estates are in the one log, and a service replaying it finds nothing overdue.
        for shard in 0..<2 {
            let names = Set(planner.estates.shard(shard, of: 2).members.map { planner.estates.estates[$0].name })
            #expect(!names.isDisjoint(with: estates), "no complaint of shard \(shard)'s estates")
        }
        #expect(book.dueDeadlines(now: Date(timeIntervalSince1970: Double(Self.now))).isEmpty)
    }

    @Test func theLogDependsOnTheSeedNotOnTheThreads() throws {
        let one = try generateLog(count: 600, shards: 2, encoders: 1)
        let two = try generateLog(count: 600, shards: 2, encoders: 3)
        defer {
            try? FileManager.default.removeItem(atPath: one.directory)
            try? FileManager.default.removeItem(atPath: two.directory)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: one.directory + "/log").filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(files.count > 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: two.directory + "/log").filter { $0.hasSuffix(".jsonl") }.sorted() == files)
        for file in files {
            let a = FileManager.default.contents(atPath: one.directory + "/log/" + file)
            let b = FileManager.default.contents(atPath: two.directory + "/log/" + file)
            #expect(a != nil && a == b, "\(file) differs")
        }
    }
}
