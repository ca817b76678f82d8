// Lines of sealed segments left to the first replay (`deferLineChecksToReplay`): the log reads
// back the same, and damage in them refuses with exactly the error the open's own full check
// gives, only from the replay; `repair` still sets it aside at open.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

@Suite struct DeferredLineCheckTests {
    private static let segmentBytes = 1200

    private static func plain(_ configuration: inout StoreConfiguration) {
        configuration.segmentMaxBytes = segmentBytes
    }

    private static func deferring(_ configuration: inout StoreConfiguration) {
        configuration.segmentMaxBytes = segmentBytes
        configuration.deferLineChecksToReplay = true
    }

    /// Twenty records over at least three segments (the last one active).
    private func writeLog(_ directory: TemporaryDirectory) throws -> [StoredRecord] {
        let store = try openStore(directory, configure: Self.plain)
        defer { store.close() }
        let written = try appendMany(store, count: 20)
        #expect(directory.segmentFiles().count >= 3)
        return written
    }

    /// The records of a segment that are neither its first nor its last.
    private func middle(_ written: [StoredRecord], segment: UInt32) throws -> [StoredRecord] {
        let inSegment = written.filter { $0.position.segment == segment }
        try #require(inSegment.count >= 4)
        return Array(inSegment.dropFirst().dropLast())
    }

    private func flipByte(in position: RecordPosition, of directory: TemporaryDirectory) {
        var bytes = fileBytes(directory.segment(position.segment))
        bytes[Int(position.offset) + Int(position.length) - 5] ^= 0x20  // inside the payload
        writeBytes(bytes, to: directory.segment(position.segment))
    }

    /// What an open that reads every line throws (nil if it opens).
    private func plainOpenError(_ directory: TemporaryDirectory) -> StoreError? {
        do {
            try openStore(directory, configure: Self.plain).close()
            return nil
        } catch {
            return error as? StoreError
        }
    }

    /// What a deferring open, then its replay, throws; and whether the open itself threw.
    private func deferredError(_ directory: TemporaryDirectory) throws -> (error: StoreError?, atOpen: Bool) {
        let store: EventStore
        do {
            store = try openStore(directory, configure: Self.deferring)
        } catch let error as StoreError {
            return (error, true)
        }
        defer { store.close() }
        #expect(store.deferredCheckFailure == nil)
        do {
            _ = try replayAll(store)
            return (nil, false)
        } catch let error as StoreError {
            #expect(store.deferredCheckFailure.map { "\($0)" } == "\(error)")
            return (error, false)
        }
    }

    @Test func aSoundLogReadsBackTheSameAndAgainAfterASnapshot() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        let store = try openStore(directory, configure: Self.deferring)
        #expect(try replayAll(store).records.map(\.summary) == written.map(\.summary))
        // A second replay reads the same (the lines are checked once, then trusted like the others).
        #expect(try replayAll(store).records.map(\.position) == written.map(\.position))
        #expect(store.deferredCheckFailure == nil)
        #expect(store.health.damage.isEmpty)
        try store.writeSnapshot(sequence: 9, payload: Array("{}".utf8))
        #expect(try appendAndWait(store, [record(21)]).get()[0].sequence == 21)
        store.close()

        let reopened = try openStore(directory, configure: Self.deferring)
        defer { reopened.close() }
        #expect(try replayAll(reopened, after: 9).records.map(\.sequence) == Array(10...21))
    }

    @Test func aDamagedLineInASealedSegmentRefusesFromTheReplayWithTheOpensErrorAndRepairSetsItAside() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        let target = try middle(written, segment: 1)[1]
        flipByte(in: target.position, of: directory)
        let bytes = fileBytes(directory.segment(1))

        let expected = try #require(plainOpenError(directory))
        guard case .corruption(let file, _, let offset, let reason) = expected else {
            Issue.record("expected corruption, got \(expected)")
            return
        }
        #expect(file == directory.segment(1) && offset == target.position.offset && reason.contains("checksum"))
        let (found, atOpen) = try deferredError(directory)
        #expect(!atOpen)
        #expect(found.map { "\($0)" } == "\(expected)")
        #expect(fileBytes(directory.segment(1)) == bytes)

        // --repair reads every line at open, deferral or not: exactly that record is set aside.
        let repaired = try openStore(directory) {
            Self.deferring(&$0)
            $0.repair = true
        }
        defer { repaired.close() }
        let (replayed, report) = try replayAll(repaired)
        #expect(replayed.map(\.sequence) == written.map(\.sequence).filter { $0 != target.sequence })
        #expect(report.lostSequences == [target.sequence...target.sequence])
        #expect(report.quarantined?.records == 1)
    }

    @Test func twoLinesSwappedInASealedSegmentAreTheOpensSequenceError() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        // Two neighbours of the same length: the segment keeps its length, first and last record.
        let candidates = try middle(written, segment: 1)
        let index = try #require(candidates.indices.dropLast().first { candidates[$0].position.length == candidates[$0 + 1].position.length })
        let (a, b) = (candidates[index].position, candidates[index + 1].position)
        var bytes = fileBytes(directory.segment(1))
        let lineA = Array(bytes[Int(a.offset)..<Int(a.offset) + Int(a.length)])
        let lineB = Array(bytes[Int(b.offset)..<Int(b.offset) + Int(b.length)])
        bytes.replaceSubrange(Int(a.offset)..<Int(b.offset) + Int(b.length), with: lineB + lineA)
        writeBytes(bytes, to: directory.segment(1))

        let expected = try #require(plainOpenError(directory))
        #expect("\(expected)".contains("where \(candidates[index].sequence) was expected"))
        let (found, atOpen) = try deferredError(directory)
        #expect(!atOpen)
        #expect(found.map { "\($0)" } == "\(expected)")
    }

    @Test func damageAlsoFoundAtOpenRefusesTheOpenWithTheFirstDamageInTheLog() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        // A damaged line in the second segment (left to the replay) and the last, complete line of
        // the active segment (read at open): the open names the earlier one, as a full check does.
        flipByte(in: try middle(written, segment: 2)[0].position, of: directory)
        flipByte(in: written.last!.position, of: directory)

        let expected = try #require(plainOpenError(directory))
        #expect("\(expected)".contains(LogLayout.segmentName(2)))
        let (found, atOpen) = try deferredError(directory)
        #expect(atOpen)
        #expect(found.map { "\($0)" } == "\(expected)")
    }

    @Test func theBackgroundChecksumPassLeavesUncheckedSegmentsToTheReplay() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        let target = try middle(written, segment: 1)[0]
        flipByte(in: target.position, of: directory)
        let expected = try #require(plainOpenError(directory))

        let logs = LogCapture()
        let store = try openStore(directory, logs: logs) {
            Self.deferring(&$0)
            $0.verifyBytesPerSecond = 1_073_741_824
        }
        defer { store.close() }
        // Time enough for the pass to read every sealed segment, were it not waiting for the replay.
        usleep(500_000)
        #expect(logs.messages(level: "error").isEmpty)
        #expect(store.health.damage.isEmpty)
        #expect(throws: StoreError.self) { try replayAll(store) }
        #expect(store.deferredCheckFailure.map { "\($0)" } == "\(expected)")
        #expect(logs.messages(level: "error").isEmpty)
    }

    @Test func theBackgroundChecksumPassStartsOnceTheReplayHasCheckedItsLines() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        // A snapshot covers the first segment: its lines are not left to the replay, the others' are.
        let covered = written.last { $0.position.segment == 1 }!.sequence
        let first = try openStore(directory, configure: Self.plain)
        try first.writeSnapshot(sequence: covered, payload: Array("{}".utf8))
        first.close()

        let store = try openStore(directory) {
            Self.deferring(&$0)
            $0.verifyBytesPerSecond = 1_073_741_824
        }
        defer { store.close() }
        // Time enough for the pass to read the covered segment, were it not waiting for the replay.
        usleep(500_000)
        #expect(store.health.segmentsToVerify >= 2)
        #expect(store.health.segmentsVerified == 0)
        #expect(try replayAll(store, after: covered).records.map(\.sequence) == Array((covered + 1)...20))
        #expect(eventually { store.health.segmentsVerified == store.health.segmentsToVerify })
        #expect(store.health.damage.isEmpty)
    }

    @Test func aReplayAfterTheDamageStillRefusesWithTheOpensError() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let written = try writeLog(directory)
        flipByte(in: try middle(written, segment: 1)[0].position, of: directory)
        let expected = try #require(plainOpenError(directory))

        // The replay starts after every record of the damaged segment, yet the check is not lost.
        let store = try openStore(directory, configure: Self.deferring)
        defer { store.close() }
        let after = written.last { $0.position.segment == 1 }!.sequence
        #expect(throws: StoreError.self) { try replayAll(store, after: after) }
        #expect(store.deferredCheckFailure.map { "\($0)" } == "\(expected)")
    }
}
