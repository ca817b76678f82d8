// Crash recovery: round trips, torn tails at every byte, mid-log corruption, exact repair.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

@Suite struct RecoveryTests {
    @Test func recordsRoundTripThroughCloseAndReopen() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        var written = try appendMany(store, count: 5)
        written += try appendAndWait(store, [record(6, stream: "S-2"), record(7, type: "other:type")]).get()
        #expect(written.map(\.sequence) == Array(1...7))
        #expect(store.lastSequence == 7)
        store.close()

        let reopened = try openStore(directory)
        defer { reopened.close() }
        let (replayed, report) = try replayAll(reopened)
        #expect(replayed.map(\.summary) == written.map(\.summary))
        #expect(replayed.map(\.position) == written.map(\.position))
        #expect(replayed.map(\.timestampMillis) == written.map(\.timestampMillis))
        #expect(report.recordsReplayed == 7)
        #expect(report.truncatedTail == nil)
        #expect(report.quarantined == nil)
        #expect(reopened.lastSequence == 7)
        #expect(try reopened.read(at: written[3].position).summary == written[3].summary)
        #expect(try appendAndWait(reopened, [record(8)]).get()[0].sequence == 8)
    }

    @Test func truncationAtEveryByteOfTheLastRecordKeepsTheCompleteOnes() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.fsyncPolicy = .never }
        let written = try appendMany(store, count: 4)
        store.close()
        let original = fileBytes(directory.segment(1))
        let lastStart = Int(written[3].position.offset)
        #expect(original.count == lastStart + Int(written[3].position.length))

        for cut in lastStart..<original.count {
            writeBytes(Array(original[..<cut]), to: directory.segment(1))
            let logs = LogCapture()
            let reopened = try openStore(directory, logs: logs) { $0.fsyncPolicy = .never }
            let (replayed, report) = try replayAll(reopened)
            #expect(replayed.map(\.summary) == written[..<3].map(\.summary), "cut at \(cut)")
            if cut > lastStart {
                #expect(report.truncatedTail?.offset == UInt64(lastStart), "cut at \(cut)")
                #expect(logs.messages(level: "warn") == ["truncated torn tail"])
            } else {
                #expect(report.truncatedTail == nil)
            }
            // The next append lands on a clean line and replays.
            let appended = try appendAndWait(reopened, [record(99)]).get()
            #expect(appended[0].sequence == 4)
            reopened.close()
            let again = try openStore(directory) { $0.fsyncPolicy = .never }
            let (after, afterReport) = try replayAll(again)
            again.close()
            #expect(after.map(\.sequence) == [1, 2, 3, 4], "cut at \(cut)")
            #expect(after.last?.summary == appended[0].summary)
            #expect(afterReport.truncatedTail == nil)
        }
    }

    @Test func aFlippedByteInAMiddleRecordIsCorruptionNamingFileLineAndOffset() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        let written = try appendMany(store, count: 5)
        store.close()
        var bytes = fileBytes(directory.segment(1))
        let target = written[2].position
        bytes[Int(target.offset) + Int(target.length) - 5] ^= 0x20  // inside the payload
        writeBytes(bytes, to: directory.segment(1))

        #expect {
            try openStore(directory)
        } throws: { error in
            guard case StoreError.corruption(let file, let line, let offset, let reason) = error else { return false }
            return file == directory.segment(1) && line == 3 && offset == target.offset && reason.contains("checksum")
        }
        // Nothing was changed by the failed open.
        #expect(fileBytes(directory.segment(1)) == bytes)
    }

    @Test func aSequenceGapIsCorruption() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        let written = try appendMany(store, count: 3)
        store.close()
        // Drop the middle line: 1, 3 is a gap, not a torn tail.
        let bytes = fileBytes(directory.segment(1))
        let middle = written[1].position
        writeBytes(Array(bytes[..<Int(middle.offset)]) + Array(bytes[Int(middle.offset + UInt64(middle.length))...]), to: directory.segment(1))
        #expect {
            try openStore(directory)
        } throws: { error in
            guard case StoreError.corruption(_, let line, _, let reason) = error else { return false }
            return line == 2 && reason.contains("sequence 3")
        }
    }

    @Test func repairSetsAsideExactlyTheDamagedLineAndKeepsEveryRecordAfterIt() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.segmentMaxBytes = 400 }
        let written = try appendMany(store, count: 8)
        store.close()
        #expect(directory.segmentFiles().count > 1)
        // Damage the second record of the first segment: a line in the middle, with valid ones after it.
        let target = written[1].position
        #expect(target.segment == 1)
        var bytes = fileBytes(directory.segment(1))
        bytes[Int(target.offset) + Int(target.length) - 4] ^= 0x01
        writeBytes(bytes, to: directory.segment(1))
        let damagedLine = Array(bytes[Int(target.offset)..<Int(target.offset + UInt64(target.length))])
        let sizes = directory.segmentFiles().map { fileBytes(directory.logDirectory + "/" + $0).count }

        // Without --repair the store refuses to open and says where.
        #expect {
            try openStore(directory) { $0.segmentMaxBytes = 400 }
        } throws: { error in
            guard case StoreError.corruption(let file, 2, let offset, let reason) = error else { return false }
            return file == directory.segment(1) && offset == target.offset && reason.contains("checksum")
        }

        let logs = LogCapture()
        let repaired = try openStore(directory, logs: logs) {
            $0.repair = true
            $0.segmentMaxBytes = 400
        }
        let (replayed, report) = try replayAll(repaired)
        // Every valid record is still there, in place; only sequence 2 is gone, and the report says so.
        #expect(replayed.map(\.summary) == written.filter { $0.sequence != 2 }.map(\.summary))
        #expect(replayed.map(\.position) == written.filter { $0.sequence != 2 }.map(\.position))
        #expect(report.lostSequences == [2...2])
        let quarantined = try #require(report.quarantined)
        #expect(quarantined.records == 1)
        #expect(fileBytes(quarantined.file) == damagedLine)
        #expect(quarantined.file.hasPrefix(directory.logDirectory + "/quarantine-"))
        #expect(logs.messages(level: "error") == ["repair set damaged records aside"])
        #expect(logs.entries.withLock { $0.first { $0.message == "repair set damaged records aside" }?.fields["lostSequences"] } == "2")
        #expect(
            repaired.health.lost == [LostSequences(sequences: 2...2, streams: ["S-1"], quarantine: (quarantined.file as NSString).lastPathComponent)])
        // The line became a hole of the same length: no segment changed size.
        #expect(directory.segmentFiles().map { fileBytes(directory.logDirectory + "/" + $0).count } == sizes)
        #expect(try repaired.read(at: written[2].position).summary == written[2].summary)
        #expect(try appendAndWait(repaired, [record(100)]).get()[0].sequence == 9)
        repaired.close()

        // The gap is recorded, so a plain start accepts it.
        let plain = try openStore(directory) { $0.segmentMaxBytes = 400 }
        defer { plain.close() }
        #expect(try replayAll(plain).records.map(\.sequence) == [1, 3, 4, 5, 6, 7, 8, 9])
        #expect(plain.health.damage.isEmpty)
    }

    @Test func aCompleteLastLineWithABadChecksumIsCorruptionNotATornTail() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        let written = try appendMany(store, count: 3)
        store.close()
        var bytes = fileBytes(directory.segment(1))
        bytes[bytes.count - 4] ^= 0x01  // inside the last payload, newline intact: it was acknowledged
        writeBytes(bytes, to: directory.segment(1))
        #expect {
            try openStore(directory)
        } throws: { error in
            guard case StoreError.corruption(let file, 3, let offset, let reason) = error else { return false }
            return file == directory.segment(1) && offset == written[2].position.offset && reason.contains("checksum")
        }
        #expect(fileBytes(directory.segment(1)) == bytes)

        // --repair sets it aside and never hands its sequence number out again.
        let repaired = try openStore(directory) { $0.repair = true }
        defer { repaired.close() }
        let (replayed, report) = try replayAll(repaired)
        #expect(replayed.map(\.sequence) == [1, 2])
        #expect(report.lostSequences == [3...3])
        #expect(report.truncatedTail == nil)
        #expect(fileBytes(directory.segment(1)).count == bytes.count)
        #expect(try appendAndWait(repaired, [record(4)]).get()[0].sequence == 4)
    }

    @Test func anIncompleteLastLineIsATornTailCutWithAWarning() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        let written = try appendMany(store, count: 3)
        store.close()
        let bytes = fileBytes(directory.segment(1))
        writeBytes(Array(bytes.dropLast()), to: directory.segment(1))  // the newline never made it
        let logs = LogCapture()
        let reopened = try openStore(directory, logs: logs)
        defer { reopened.close() }
        let (replayed, report) = try replayAll(reopened)
        #expect(replayed.map(\.sequence) == [1, 2])
        #expect(report.truncatedTail?.offset == written[2].position.offset)
        #expect(logs.messages(level: "warn") == ["truncated torn tail"])
        #expect(report.lostSequences.isEmpty)
        // Never acknowledged, so its number is used again.
        #expect(try appendAndWait(reopened, [record(3)]).get()[0].sequence == 3)
    }

    @Test func readAtABadPositionThrowsInsteadOfReturningGarbage() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        defer { store.close() }
        let written = try appendMany(store, count: 2)
        var shifted = written[1].position
        shifted.offset += 1
        #expect(throws: StoreError.self) { try store.read(at: shifted) }
        var missing = written[1].position
        missing.segment = 9
        #expect(throws: StoreError.self) { try store.read(at: missing) }
        var short = written[1].position
        short.length -= 3
        #expect(throws: StoreError.self) { try store.read(at: short) }
    }
}
