// Segment rolling, snapshots, pruning and the covered-segment deletion.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

@Suite struct SegmentAndSnapshotTests {
    @Test func segmentsRollAndReplayAndReadAcrossThem() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.segmentMaxBytes = 300 }
        var written = try appendMany(store, count: 12)
        written += try appendAndWait(store, (13...15).map { record($0) }).get()
        // A batch never straddles segments.
        #expect(Set(written.suffix(3).map(\.position.segment)).count == 1)
        let segments = directory.segmentFiles()
        #expect(segments.count >= 4)
        for name in segments {
            let size = fileBytes(directory.logDirectory + "/" + name).count
            #expect(size <= 300 || size > 0, "\(name)")
        }
        for stored in written {
            #expect(try store.read(at: stored.position).summary == stored.summary)
        }
        store.close()

        let reopened = try openStore(directory) { $0.segmentMaxBytes = 300 }
        defer { reopened.close() }
        let (replayed, report) = try replayAll(reopened)
        #expect(replayed.map(\.summary) == written.map(\.summary))
        #expect(replayed.map(\.position) == written.map(\.position))
        #expect(report.segments == segments.count)
        #expect(try reopened.read(at: written[0].position).sequence == 1)
        #expect(try appendAndWait(reopened, [record(16)]).get()[0].sequence == 16)
    }

    @Test func replayAfterASnapshotEqualsTheTailOfAFullReplay() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let clock = TestClock()
        let store = try openStore(directory, clock: clock) {
            $0.segmentMaxBytes = 1000
            $0.snapshotEveryEvents = 25
        }
        _ = try appendMany(store, count: 24)
        #expect(!store.shouldSnapshot)
        _ = try appendMany(store, count: 6, start: 25)
        #expect(store.shouldSnapshot)
        try store.writeSnapshot(sequence: 30, payload: Array(#"{"state":30}"#.utf8))
        #expect(!store.shouldSnapshot)
        #expect(store.statistics.lastSnapshotTimestampSeconds == Double(clock.now()) / 1000)
        _ = try appendMany(store, count: 10, start: 31)
        store.close()

        let reopened = try openStore(directory, clock: clock) { $0.segmentMaxBytes = 1000 }
        defer { reopened.close() }
        let snapshot = try #require(try reopened.latestSnapshot())
        #expect(snapshot.sequence == 30)
        #expect(snapshot.payload == Array(#"{"state":30}"#.utf8))
        let tail = try replayAll(reopened, after: snapshot.sequence)
        let full = try replayAll(reopened)
        #expect(tail.records.map(\.summary) == full.records.filter { $0.sequence > 30 }.map(\.summary))
        #expect(tail.records.map(\.sequence) == Array(31...40))
        #expect(tail.report.snapshotSequence == 30)
        // Time-based trigger: with records since the snapshot, an hour later says yes.
        #expect(!reopened.shouldSnapshot)
        clock.advance(seconds: 3601)
        #expect(reopened.shouldSnapshot)
    }

    @Test func snapshotsArePrunedToTwoAndTemporaryLeftoversRemoved() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        _ = try appendMany(store, count: 5)
        for sequence in 1...4 { try store.writeSnapshot(sequence: UInt64(sequence), payload: Array("{}".utf8)) }
        #expect(throws: StoreError.self) { try store.writeSnapshot(sequence: 6, payload: Array("{}".utf8)) }
        store.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.snapshotDirectory).sorted()
        #expect(names == [SnapshotFiles.name(sequence: 3), SnapshotFiles.name(sequence: 4)])
        writeBytes(Array("half".utf8), to: directory.snapshotDirectory + "/" + SnapshotFiles.name(sequence: 5) + ".tmp")
        let reopened = try openStore(directory)
        defer { reopened.close() }
        #expect(try reopened.latestSnapshot()?.sequence == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.snapshotDirectory).count == 2)
    }

    @Test func aCorruptNewestSnapshotFallsBackToTheOlderOne() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try writeTwoSnapshotsAndDamageTheNewest(directory)

        let logs = LogCapture()
        let reopened = try openStore(directory, logs: logs)
        defer { reopened.close() }
        let snapshot = try #require(try reopened.latestSnapshot())
        #expect(snapshot.sequence == 10)
        #expect(snapshot.payload == Array(#"{"at":10}"#.utf8))
        #expect(logs.messages(level: "warn").contains("skipping unusable snapshot"))
        #expect(try replayAll(reopened, after: 10).records.map(\.sequence) == Array(11...20))
    }

    @Test func aSnapshotFoundBadWhileReadIsDiscardedForTheOneBefore() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try writeTwoSnapshotsAndDamageTheNewest(directory)

        let logs = LogCapture()
        let reopened = try openStore(directory, logs: logs)
        defer { reopened.close() }
        // Open reads only the header: the checksum is checked as the payload is read.
        let newest = try #require(try reopened.latestSnapshotInfo())
        #expect(newest.sequence == 20)
        #expect(throws: StoreError.self) { try reopened.readSnapshot(newest) { _ in } }
        let older = try #require(try reopened.discardSnapshot(newest, reason: "checksum mismatch"))
        #expect(older.sequence == 10)
        #expect(logs.messages(level: "warn").contains("skipping unusable snapshot"))
        #expect(try reopened.latestSnapshotInfo()?.sequence == 10)
        var read: [UInt8] = []
        try reopened.readSnapshot(older) { read.append(contentsOf: $0) }
        #expect(read == Array(#"{"at":10}"#.utf8))
        // With the last one discarded too, none is offered: the caller replays the whole log.
        #expect(try reopened.discardSnapshot(older, reason: "unreadable")?.sequence == nil)
        #expect(try reopened.latestSnapshotInfo()?.sequence == nil)
        #expect(try replayAll(reopened).records.map(\.sequence) == Array(1...20))
    }

    /// A snapshot is streamed through mapped blocks: every byte arrives once and in order, however
    /// the blocks fall against the header and the pages, and a file cut short after its header
    /// was read is refused as damaged, not read past its end (a mapping would fault).
    @Test func aSnapshotStreamsWholeInBlocksAndAShortenedOneIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        defer { store.close() }
        _ = try appendMany(store, count: 3)
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try store.writeSnapshot(sequence: 3, payload: payload)
        let info = try #require(try store.latestSnapshotInfo())
        for block in [4096, 5000, 65536, 1 << 20] {
            var read: [UInt8] = []
            var pieces = 0
            try SnapshotFiles.stream(info, block: block) {
                read.append(contentsOf: $0)
                pieces += 1
            }
            #expect(read == payload, "block \(block)")
            #expect(pieces == (payload.count + block - 1) / block, "block \(block)")
        }
        let path = directory.snapshotDirectory + "/" + SnapshotFiles.name(sequence: 3)
        let whole = fileBytes(path)
        writeBytes(Array(whole[..<(whole.count - 70_000)]), to: path)
        var delivered = 0
        #expect(throws: StoreError.self) { try SnapshotFiles.stream(info, block: 65536) { delivered += $0.count } }
        #expect(delivered < payload.count)
    }

    @Test func segmentsCoveredByASnapshotAreDeletedAndReplayStillWorks() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let configure: (inout StoreConfiguration) -> Void = {
            $0.segmentMaxBytes = 300
            $0.deleteSegmentsCoveredBySnapshot = true
        }
        let store = try openStore(directory, configure: configure)
        let written = try appendMany(store, count: 20)
        let before = directory.segmentFiles()
        let covering = written[13]
        try store.writeSnapshot(sequence: covering.sequence, payload: Array("{}".utf8))
        let after = directory.segmentFiles()
        #expect(after.count < before.count)
        // Exactly the segments whose last record is covered went away.
        let expectedGone = Set(
            written.filter { stored in
                written.filter { $0.position.segment == stored.position.segment }.allSatisfy { $0.sequence <= covering.sequence }
            }.map { LogLayout.segmentName($0.position.segment) })
        #expect(Set(before).subtracting(after) == expectedGone)
        #expect(
            try replayAll(store, after: covering.sequence).records.map(\.summary)
                == written.filter { $0.sequence > covering.sequence }.map(\.summary))
        #expect(throws: StoreError.self) { try replayAll(store, after: 0) }
        store.close()

        let reopened = try openStore(directory, configure: configure)
        defer { reopened.close() }
        #expect(reopened.lastSequence == 20)
        let snapshot = try #require(try reopened.latestSnapshot())
        #expect(try replayAll(reopened, after: snapshot.sequence).records.map(\.sequence) == Array(15...20))
        #expect(try appendAndWait(reopened, [record(21)]).get()[0].sequence == 21)
    }

    @Test func aLogEmptiedBySnapshotDeletionContinuesAfterTheSnapshot() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let configure: (inout StoreConfiguration) -> Void = {
            $0.segmentMaxBytes = 100  // every record gets its own segment
            $0.deleteSegmentsCoveredBySnapshot = true
        }
        let store = try openStore(directory, configure: configure)
        _ = try appendMany(store, count: 3)
        try store.writeSnapshot(sequence: 3, payload: Array("{}".utf8))
        store.close()
        // Only the active segment survives; make it look freshly rolled and empty.
        #expect(directory.segmentFiles().count == 1)
        let reopened = try openStore(directory, configure: configure)
        defer { reopened.close() }
        #expect(reopened.lastSequence == 3)
        #expect(try replayAll(reopened, after: 3).records.isEmpty)
        #expect(try appendAndWait(reopened, [record(4)]).get()[0].sequence == 4)
    }
}

/// Twenty records, snapshots at 10 and 20, and one bit of the newest snapshot's payload flipped.
private func writeTwoSnapshotsAndDamageTheNewest(_ directory: TemporaryDirectory) throws {
    let store = try openStore(directory)
    _ = try appendMany(store, count: 20)
    try store.writeSnapshot(sequence: 10, payload: Array(#"{"at":10}"#.utf8))
    try store.writeSnapshot(sequence: 20, payload: Array(#"{"at":20}"#.utf8))
    store.close()
    let newest = directory.snapshotDirectory + "/" + SnapshotFiles.name(sequence: 20)
    var bytes = fileBytes(newest)
    bytes[bytes.count - 3] ^= 0x01
    writeBytes(bytes, to: newest)
}
