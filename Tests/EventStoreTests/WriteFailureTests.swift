// A disk that fills up or fails: the failed batch leaves nothing behind, appends are refused while
// the disk is unwell, writes resume by themselves when it has room again (reusing the failed
// batch's sequence numbers, so the log stays gap-free), and a log that cannot be put back says
// that only a restart helps.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct WriteFailureTests {
    func configure(_ configuration: inout StoreConfiguration) {
        configuration.writeRetrySeconds = 0.05
    }

    @Test func aFailedBatchIsUndoneRefusedThenWritesResumeWithTheSameSequenceNumbers() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let logs = LogCapture()
        let store = try openStore(directory, logs: logs, configure: configure)
        let acknowledged = try appendMany(store, count: 3)
        let sizeBefore = fileBytes(directory.segment(1)).count

        store.injectPersistentWriteFailure(errno: ENOSPC)
        guard case .failure(.writeFailed(ENOSPC, "pwrite", false)) = appendAndWait(store, [record(4), record(5)]) else {
            Issue.record("expected a recoverable writeFailed")
            return
        }
        // No partial line stays behind, and nothing after the last durable record.
        #expect(fileBytes(directory.segment(1)).count == sizeBefore)
        #expect(fileBytes(directory.segment(1)).last == 0x0A)
        #expect(!store.statistics.isWritable)
        #expect(store.statistics.writeFailuresTotal == 1)
        guard case .suspended = store.health.writes else {
            Issue.record("expected suspended writes, got \(store.health.writes)")
            return
        }
        #expect(logs.messages(level: "error").contains("log write failed; writes are refused until a probe write succeeds"))
        // While the disk stays full, appends are refused at once and probes keep failing.
        guard case .failure(.writeFailed(ENOSPC, _, false)) = appendAndWait(store, [record(6)]) else {
            Issue.record("append while suspended should fail fast")
            return
        }
        usleep(300_000)
        #expect(!store.statistics.isWritable)
        #expect(try store.read(at: acknowledged[2].position).summary == acknowledged[2].summary)
        #expect(store.lastSequence == 3)

        // Room again: the next probe lets writes resume, numbered on from the last durable record.
        store.injectPersistentWriteFailure(errno: nil)
        #expect(eventually { store.statistics.isWritable })
        #expect(store.health.writes == .accepted)
        #expect(store.statistics.writeRecoveriesTotal == 1)
        #expect(logs.messages(level: "info").contains("log writes resumed"))
        let resumed = try appendAndWait(store, [record(4), record(5)]).get()
        #expect(resumed.map(\.sequence) == [4, 5])
        store.close()

        let reopened = try openStore(directory, configure: configure)
        defer { reopened.close() }
        let (replayed, report) = try replayAll(reopened)
        #expect(replayed.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(replayed.map(\.summary) == (acknowledged + resumed).map(\.summary))
        #expect(report.truncatedTail == nil)
    }

    @Test func aOneOffFailureResumesAfterOneProbe() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory, configure: configure)
        defer { store.close() }
        _ = try appendMany(store, count: 2)
        store.injectWriteFailure(errno: EIO)
        guard case .failure(.writeFailed(EIO, _, false)) = appendAndWait(store, [record(3)]) else {
            Issue.record("expected writeFailed")
            return
        }
        #expect(eventually { store.statistics.isWritable })
        #expect(try appendAndWait(store, [record(3)]).get()[0].sequence == 3)
    }

    @Test func aLogThatCannotBePutBackNeedsARestartAndSaysSo() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let logs = LogCapture()
        let store = try openStore(directory, logs: logs, configure: configure)
        let acknowledged = try appendMany(store, count: 3)
        store.injectTruncateFailure(errno: EIO)
        store.injectWriteFailure(errno: ENOSPC)
        guard case .failure(.writeFailed(ENOSPC, _, true)) = appendAndWait(store, [record(4)]) else {
            Issue.record("expected a writeFailed that needs a restart")
            return
        }
        guard case .halted = store.health.writes else {
            Issue.record("expected halted writes, got \(store.health.writes)")
            return
        }
        #expect(store.statistics.isRestartRequired)
        #expect(logs.messages(level: "error").contains("log write failed and the log could not be restored; writes are refused until a restart"))
        // The disk is fine again, but nothing resumes: the half-written line is still there.
        usleep(300_000)
        #expect(!store.statistics.isWritable)
        guard case .failure(.writeFailed(_, _, true)) = appendAndWait(store, [record(4)]) else {
            Issue.record("append after halt should fail")
            return
        }
        #expect(fileBytes(directory.segment(1)).last != 0x0A)
        store.close()

        // The restart cuts the torn line and continues where the acknowledged records end.
        let reopened = try openStore(directory, configure: configure)
        defer { reopened.close() }
        let (replayed, report) = try replayAll(reopened)
        #expect(replayed.map(\.summary) == acknowledged.map(\.summary))
        #expect(report.truncatedTail != nil)
        #expect(try appendAndWait(reopened, [record(4)]).get()[0].sequence == 4)
    }

    @Test func refusedAppendsLeaveNoGapAcrossSegmentRolls() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) {
            $0.segmentMaxBytes = 300
            $0.writeRetrySeconds = 0.05
        }
        defer { store.close() }
        _ = try appendMany(store, count: 2)
        store.injectPersistentWriteFailure(errno: ENOSPC)
        var failed = 0
        for index in 3...8 {
            if case .failure = appendAndWait(store, [record(index)]) { failed += 1 }
        }
        #expect(failed == 6)
        store.injectPersistentWriteFailure(errno: nil)
        #expect(eventually { store.statistics.isWritable })
        let written = try appendMany(store, count: 6, start: 3)
        #expect(written.map(\.sequence) == Array(3...8))
        #expect(try replayAll(store).records.map(\.sequence) == Array(1...8))
    }

    @Test(arguments: [FsyncPolicy.interval, .never])
    func aSnapshotNeverCoversRecordsThatAreNotYetDurable(_ policy: FsyncPolicy) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.fsyncPolicy = policy }
        _ = try appendMany(store, count: 5)
        // The snapshot waits for the log to be synced through its sequence; a store that cannot
        // sync refuses the snapshot instead.
        try store.writeSnapshot(sequence: 5, payload: Array("{}".utf8))
        #expect(!store.writer.hasUnsyncedBytes)
        store.close()
        let reopened = try openStore(directory) { $0.fsyncPolicy = policy }
        defer { reopened.close() }
        #expect(try reopened.latestSnapshot()?.sequence == 5)
        #expect(reopened.lastSequence == 5)
    }
}
