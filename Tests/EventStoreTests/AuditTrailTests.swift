// The audit trail never shrinks silently: the segment manifest, the cheap start-up check of
// segments a snapshot covers, the background checksum pass, read-time checks, and what happens
// when the newest segment or the log's tail goes missing.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

@Suite struct AuditTrailTests {
    /// A log of `count` records in several small segments, with a snapshot at `snapshotAt`.
    func makeLog(
        _ directory: TemporaryDirectory, count: Int = 12, snapshotAt: UInt64? = 8,
        configure: @escaping (inout StoreConfiguration) -> Void = { _ in }
    ) throws -> [StoredRecord] {
        let store = try openStore(directory) {
            $0.segmentMaxBytes = 300
            configure(&$0)
        }
        let written = try appendMany(store, count: count)
        if let snapshotAt { try store.writeSnapshot(sequence: snapshotAt, payload: Array("{}".utf8)) }
        store.close()
        return written
    }

    func reopen(
        _ directory: TemporaryDirectory, logs: LogCapture = LogCapture(),
        configure: @escaping (inout StoreConfiguration) -> Void = { _ in }
    ) throws -> EventStore {
        try openStore(directory, logs: logs) {
            $0.segmentMaxBytes = 300
            configure(&$0)
        }
    }

    @Test func sealedSegmentsAreRecordedWithLengthRangeAndChecksum() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory, snapshotAt: nil)
        let store = try reopen(directory)
        defer { store.close() }
        let sealed = store.manifest.state.sealed
        let segments = directory.segmentFiles()
        #expect(sealed.count == segments.count - 1)
        for (number, entry) in sealed {
            let bytes = fileBytes(directory.segment(number))
            let inSegment = written.filter { $0.position.segment == number }.map(\.sequence)
            #expect(entry.length == UInt64(bytes.count))
            #expect(entry.first == inSegment.first && entry.last == inSegment.last)
            #expect(entry.checksum == CRC32C.checksum(bytes))
        }
    }

    @Test(arguments: [0.0, 67_108_864])
    func aSegmentStartedBeforeARestartIsSealedWithTheChecksumOfAllItsBytes(_ verifyRate: Double) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let configure: (inout StoreConfiguration) -> Void = {
            $0.segmentMaxBytes = 1000
            $0.verifyBytesPerSecond = verifyRate
        }
        let first = try openStore(directory, configure: configure)
        _ = try appendMany(first, count: 3)
        first.close()
        // Reopened mid-segment: the part on disk is checksummed in the background (or, with the
        // background pass off, when the segment is sealed); the rest as it is written.
        let second = try openStore(directory, configure: configure)
        if verifyRate > 0 { #expect(eventually { second.writer.shared.withLock { $0.activePrefix != nil } }) }
        _ = try appendMany(second, count: 12, start: 4)
        let sealed = try #require(second.manifest.state.sealed[1])
        #expect(sealed.checksum == CRC32C.checksum(fileBytes(directory.segment(1))))
        #expect(sealed.length == UInt64(fileBytes(directory.segment(1)).count))
        second.close()
    }

    @Test func aDeletedCoveredSegmentIsReportedAndItsHistoryRefusedNotShortened() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory)
        let victim = written[0].position.segment
        let lostRange = written.filter { $0.position.segment == victim }.map(\.sequence)
        try FileManager.default.removeItem(atPath: directory.segment(victim))

        let logs = LogCapture()
        let store = try reopen(directory, logs: logs)
        defer { store.close() }
        #expect(
            store.health.damage == [
                LogDamage(
                    file: LogLayout.segmentName(victim), reason: "the segment is missing",
                    sequences: lostRange.first!...lostRange.last!, offset: nil)
            ])
        #expect(logs.messages(level: "error").contains("event log damaged: the audit trail is incomplete"))
        // The state after the snapshot still replays.
        #expect(try replayAll(store, after: 8).records.map(\.sequence) == Array(9...12))
        // A stream with a record there answers a gap, not a shorter history.
        guard case .failure(let gap) = store.readHistory(written.map(\.position), stream: "S-1") else {
            Issue.record("a history with a missing segment read as complete")
            return
        }
        #expect(gap.kind == .damaged)
        #expect(gap.files == [LogLayout.segmentName(victim)])
        // Records elsewhere still read.
        let later = written.filter { $0.position.segment != victim }
        #expect(try store.readHistory(later.map(\.position), stream: "S-1").get().map(\.sequence) == later.map(\.sequence))
    }

    @Test func aTruncatedCoveredSegmentIsFoundAtStartWithoutReadingIt() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory)
        let victim = written[0].position.segment
        let bytes = fileBytes(directory.segment(victim))
        writeBytes(Array(bytes[..<Int(written[1].position.offset)]), to: directory.segment(victim))
        let store = try reopen(directory)
        defer { store.close() }
        #expect(store.health.damage.map(\.file) == [LogLayout.segmentName(victim)])
        #expect(store.health.damage.first?.reason.contains("bytes") == true)
    }

    @Test func anAlteredByteInACoveredSegmentIsFoundByTheBackgroundPassAndAtRead() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        // Four records a segment: the second one's damage leaves the segment's length and ends intact.
        let written = try makeLog(directory) { $0.segmentMaxBytes = 600 }
        let victim = written[1]
        #expect(victim.sequence <= 8)
        #expect(written[2].position.segment == victim.position.segment)
        var bytes = fileBytes(directory.segment(victim.position.segment))
        bytes[Int(victim.position.offset) + Int(victim.position.length) - 4] ^= 0x01  // same length, same ends
        writeBytes(bytes, to: directory.segment(victim.position.segment))

        // Without the background pass the cheap check cannot see it; a read of the record does.
        let quiet = try reopen(directory) {
            $0.segmentMaxBytes = 600
            $0.verifyBytesPerSecond = 0
        }
        #expect(quiet.health.damage.isEmpty)
        guard case .failure(let gap) = quiet.readHistory([written[0].position, victim.position], stream: "S-1") else {
            Issue.record("a damaged record read as complete")
            quiet.close()
            return
        }
        #expect(gap.kind == .damaged)
        #expect(quiet.health.damage.map(\.offset) == [victim.position.offset])
        quiet.close()

        // With it, the segment's checksum gives it away soon after start.
        let store = try reopen(directory) { $0.segmentMaxBytes = 600 }
        defer { store.close() }
        #expect(eventually { store.health.segmentsVerified == store.health.segmentsToVerify })
        #expect(store.health.damage.contains { $0.file == LogLayout.segmentName(victim.position.segment) && $0.reason.contains("checksum") })
    }

    @Test func aReadOfTheWrongRecordAtAPositionIsAGap() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        defer { store.close() }
        let written = try appendAndWait(store, [record(1, stream: "S-1"), record(2, stream: "S-2")]).get()
        guard case .failure(let gap) = store.readHistory([written[0].position, written[1].position], stream: "S-1") else {
            Issue.record("another stream's record accepted")
            return
        }
        #expect(gap.kind == .damaged)
        #expect(try store.readHistory([written[0].position], stream: "S-1").get().count == 1)
    }

    @Test func aDeletedNewestSegmentIsDamageNotAFreshStart() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory, snapshotAt: 12)
        let newest = written.last!.position.segment
        let sealedThrough = written.filter { $0.position.segment < newest }.last!.sequence
        try FileManager.default.removeItem(atPath: directory.segment(newest))
        #expect {
            try reopen(directory)
        } throws: { error in
            guard case StoreError.damaged(let file, let reason) = error else { return false }
            return file == directory.segment(newest) && reason.contains("newest segment is missing") && reason.contains("12")
        }
        // --repair records what the snapshot proves existed and numbers on after it.
        let repaired = try reopen(directory) { $0.repair = true }
        defer { repaired.close() }
        #expect(repaired.health.lost.map(\.sequences) == [(sealedThrough + 1)...12])
        #expect(try appendAndWait(repaired, [record(13)]).get()[0].sequence == 13)
    }

    @Test func anEmptiedLogWithAManifestIsDamageEvenWithoutASnapshot() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        _ = try makeLog(directory, count: 2, snapshotAt: nil)
        for name in directory.segmentFiles() { try FileManager.default.removeItem(atPath: directory.logDirectory + "/" + name) }
        #expect(throws: StoreError.self) { try reopen(directory) }
    }

    @Test func aLogThatEndsBeforeTheSnapshotIsDamage() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory, snapshotAt: 12)
        // Cut the newest segment back to its first record: the snapshot covers records the log lost.
        let newest = written.last!.position.segment
        let kept = written.first { $0.position.segment == newest }!
        writeBytes(
            Array(fileBytes(directory.segment(newest))[..<Int(kept.position.offset + UInt64(kept.position.length))]), to: directory.segment(newest))
        #expect {
            try reopen(directory)
        } throws: { error in
            guard case StoreError.damaged(_, let reason) = error else { return false }
            return reason.contains("ends at sequence \(kept.sequence)")
        }
        let repaired = try reopen(directory) { $0.repair = true }
        defer { repaired.close() }
        #expect(repaired.health.lost.map(\.sequences) == [(kept.sequence + 1)...12])
    }

    @Test func aMissingSegmentTheStateNeedsRefusesTheStart() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory, snapshotAt: nil)
        let victim = written[0].position.segment
        try FileManager.default.removeItem(atPath: directory.segment(victim))
        #expect {
            try reopen(directory)
        } throws: { error in
            guard case StoreError.damaged(let file, let reason) = error else { return false }
            return file == directory.segment(victim) && reason.contains("missing")
        }
    }

    @Test func segmentsDeletedOnPurposeAreNotDamageButTheirHistoryIsGone() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory) { $0.deleteSegmentsCoveredBySnapshot = true }
        let store = try reopen(directory) { $0.deleteSegmentsCoveredBySnapshot = true }
        defer { store.close() }
        #expect(store.health.damage.isEmpty)
        #expect(!store.manifest.state.deleted.isEmpty)
        guard case .failure(let gap) = store.readHistory(written.map(\.position), stream: "S-1") else {
            Issue.record("a pruned history read as complete")
            return
        }
        #expect(gap.kind == .pruned)
    }

    @Test func aLogFromBeforeTheManifestIsMigratedOnOpen() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory)
        try FileManager.default.removeItem(atPath: directory.logDirectory + "/MANIFEST")
        let store = try reopen(directory)
        #expect(store.health.damage.isEmpty)
        #expect(store.manifest.state.sealed.count == directory.segmentFiles().count - 1)
        #expect(eventually { store.health.segmentsVerified == store.health.segmentsToVerify })
        #expect(try store.readHistory(written.map(\.position), stream: "S-1").get().count == written.count)
        store.close()
        // Checksums recorded by the first verification are checked from then on.
        let again = try reopen(directory)
        defer { again.close() }
        #expect(again.manifest.state.sealed.values.allSatisfy { $0.checksum != nil })
    }

    @Test func repairingDamageASnapshotCoversRecordsTheLossOnceAndForAll() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try makeLog(directory) { $0.segmentMaxBytes = 600 }
        let victim = written[1]
        var bytes = fileBytes(directory.segment(victim.position.segment))
        bytes[Int(victim.position.offset) + Int(victim.position.length) - 4] ^= 0x01
        writeBytes(bytes, to: directory.segment(victim.position.segment))

        let repaired = try reopen(directory) {
            $0.segmentMaxBytes = 600
            $0.repair = true
        }
        #expect(repaired.health.lost.map(\.sequences) == [victim.sequence...victim.sequence])
        repaired.close()
        let store = try reopen(directory) { $0.segmentMaxBytes = 600 }
        defer { store.close() }
        guard case .failure(let gap) = store.readHistory(written.map(\.position), stream: "S-1") else {
            Issue.record("a history with a record set aside read as complete")
            return
        }
        #expect(gap.sequences.contains(victim.sequence...victim.sequence))
        // A known, recorded loss is not new damage: the store is not degraded by reading it,
        // and the re-sealed segment passes the background check.
        #expect(eventually { store.health.segmentsVerified == store.health.segmentsToVerify })
        #expect(store.health.damage.isEmpty)
    }
}
