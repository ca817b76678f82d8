import Dispatch
import EventStore
import Foundation
import Synchronization
import Telemetry
import TestSupport
import Testing

@testable import ComplaintDomain
@testable import ComplaintService

/// The two threads of a replay share the work either can do (the fold helps decode when it has
/// nothing to fold): whatever thread did it, every record is folded once, in
/// log order, with the event its payload holds; the fold's error stops the replay and is the one
/// thrown; and the schedule gives each thread the work it may do, in the order it must.
@Suite(.serialized)
struct ReplaySchedulingTests {
    struct FoldFailed: Error, Equatable { var batch: Int }

    /// A store on a log the service wrote (complaints at every stage of the workflow).
    static func serviceStore(_ dir: TempDir) throws -> EventStore {
        let ids = try ReplayPipelineTests.serviceLog(dir.path)
        try ReplayPipelineTests.append(dir.path, [ReplayPipelineTests.lateLink(ids[7])])
        return try EventStore.open(StoreConfiguration(directory: dir.path), now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
    }

    /// Some work for the fold, so that it is now the slower thread and now the faster one.
    static func busy(_ rounds: Int) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for round in 0..<rounds * 1000 { hash = (hash ^ UInt64(round)) &* 1_099_511_628_211 }
        return hash
    }

    @Test func everyRecordIsFoldedOnceInLogOrderWithItsEventWhateverTheBatchSize() throws {
        let dir = try TempDir("replay-scheduling-order")
        defer { dir.remove() }
        let store = try Self.serviceStore(dir)
        defer { store.close() }
        var all: [UInt64] = []
        _ = try store.replay(after: 0) { all.append($0.sequence) }
        #expect(all.count > 40 && all == Array(1...UInt64(all.count)))
        for capacity in [1, 2, 3, 7, 64, ReplayBatch.decodingChunk + 1, ComplaintCore.replayBatch] {
            var folded: [UInt64] = []
            var events: [Int] = []
            var mismatches: [UInt64] = []
            var batches = 0
            var waits = ReplayPipeline.Waits()
            // What the fold leaves to the read side is followed once, in log order, by the
            // reading thread as it takes batches back or by the fold for the last ones.
            let followed = Mutex<[Int]>([])
            let report = try ReplayPipeline.replay(
                store, after: 0, capacity: capacity, keepingPayloads: true, waits: &waits,
                following: { batch in followed.withLock { list in batch.follow { _, step in list.append(step.slot) } } }
            ) { batch in
                batches += 1
                // Every third batch slow, so the reading thread runs ahead, then the fold helps.
                if batches % 3 == 0 { _ = Self.busy(50) }
                batch.drain { record, isEvent, event, departed, sequence, _ in
                    folded.append(record.pointee.sequence)
                    let expected = isEvent ? try? DomainEvent.read(from: record.pointee.payload) : nil
                    if event?.pointee != expected || isEvent != EventCodec.isEvent(record.pointee) { mismatches.append(record.pointee.sequence) }
                    // The sequence the record's stream names comes read already.
                    if sequence != (isEvent ? ComplaintBook.sequence(inID: record.pointee.stream) : nil) {
                        mismatches.append(record.pointee.sequence)
                    }
                    guard event != nil else { return }
                    events.append(Int(record.pointee.sequence))
                    departed.follow(ComplaintBook.DeferredStep(slot: Int(record.pointee.sequence), estate: 0, wasOpen: false, isOpen: false))
                }
            }
            #expect(folded == all, "capacity \(capacity)")
            #expect(events.count > 20 && followed.withLock { $0 } == events, "capacity \(capacity)")
            #expect(mismatches.isEmpty, "capacity \(capacity): \(mismatches)")
            #expect(report.recordsReplayed == all.count, "capacity \(capacity)")
            #expect(batches == (all.count + capacity - 1) / capacity && waits.batches == batches, "capacity \(capacity)")
            #expect(waits.foldDecodedChunks <= waits.chunks, "capacity \(capacity)")
        }
    }

    @Test func theFoldsErrorStopsTheReplayAndIsTheOneThrown() throws {
        let dir = try TempDir("replay-scheduling-fold-error")
        defer { dir.remove() }
        let store = try Self.serviceStore(dir)
        defer { store.close() }
        for (capacity, failing) in [(1, 1), (1, 17), (2, 9), (5, 4), (3, 1)] {
            var batches = 0
            var folded: [UInt64] = []
            var waits = ReplayPipeline.Waits()
            do {
                _ = try ReplayPipeline.replay(store, after: 0, capacity: capacity, keepingPayloads: false, waits: &waits) { batch in
                    batches += 1
                    if batches == failing { throw FoldFailed(batch: batches) }
                    if batches % 2 == 0 { _ = Self.busy(20) }
                    batch.drain { record, _, _, _, _, _ in folded.append(record.pointee.sequence) }
                }
                Issue.record("capacity \(capacity): the fold's error was not thrown")
            } catch let error as FoldFailed {
                #expect(error == FoldFailed(batch: failing), "capacity \(capacity)")
            }
            // Nothing folded after the failing batch, everything before it in order.
            #expect(batches == failing, "capacity \(capacity)")
            #expect(folded == (0..<UInt64((failing - 1) * capacity)).map { $0 + 1 }, "capacity \(capacity)")
        }
        // The store is still usable: the reading thread let go of it.
        var count = 0
        _ = try store.replay(after: 0) { _ in count += 1 }
        #expect(count > 40)
    }

    @Test func sharedChunksAreEachDoneOnceByWhicheverThreadClaimsThem() {
        for count in [0, 1, 2, 31, 500] {
            let done = Mutex([Int](repeating: 0, count: count))
            let chunks = SharedChunks(count: count) { chunk in done.withLock { $0[chunk] += 1 } }
            let helped = Mutex(0)
            let helpers = DispatchGroup()
            for _ in 0..<3 {
                DispatchQueue.global().async(group: helpers) {
                    let did = chunks.help()
                    helped.withLock { $0 += did }
                }
            }
            let own = chunks.help()
            chunks.waitUntilDone()
            helpers.wait()
            #expect(done.withLock { $0 } == [Int](repeating: 1, count: count), "count \(count)")
            #expect(helped.withLock { $0 } + own == count && !chunks.hasUnclaimed, "count \(count)")
            // A late helper finds nothing and does nothing.
            #expect(chunks.help() == 0)
        }
    }

    @Test func theScheduleFoldsFirstThenHelpsAndWakesOnlySleepers() {
        let batch = { ReplayBatch(capacity: 4) }
        var schedule = ReplaySchedule(batches: [batch(), batch()])
        var taken: ReplayBatch?
        // The fold has nothing to do yet: it sleeps, and the first news wakes it, once.
        guard case .sleep = schedule.nextForFold(taking: &taken) else {
            Issue.record("unexpected step")
            return
        }
        // The reading thread takes an emptied batch and starts decoding it: the fold helps.
        guard case .fill = schedule.nextForReader(taking: &taken), let first = taken.take() else {
            Issue.record("unexpected step")
            return
        }
        let decoding = SharedChunks(count: 2) { _ in }
        let wakesFold = schedule.decodingStarted(decoding)
        #expect(wakesFold)
        guard case .decode(let shared) = schedule.nextForFold(taking: &taken) else {
            Issue.record("unexpected step")
            return
        }
        #expect(shared === decoding && taken == nil)
        // Once every chunk is claimed the fold does not spin on it: it sleeps.
        #expect(decoding.help() == 2)
        guard case .sleep = schedule.nextForFold(taking: &taken) else {
            Issue.record("unexpected step")
            return
        }
        let wakesSleepingFold = schedule.decoded(first)
        let wakesAgain = schedule.decodingStarted(SharedChunks(count: 0) { _ in })
        #expect(wakesSleepingFold && !wakesAgain, "one signal per sleep")
        // A ready batch comes before anything else.
        guard case .fold = schedule.nextForFold(taking: &taken), let folding = taken.take() else {
            Issue.record("unexpected step")
            return
        }
        // The reading thread takes the other emptied batch, then has none and sleeps.
        guard case .fill = schedule.nextForReader(taking: &taken), let second = taken.take() else {
            Issue.record("unexpected step")
            return
        }
        guard case .sleep = schedule.nextForReader(taking: &taken) else {
            Issue.record("unexpected step")
            return
        }
        // A batch folded (and emptied by the fold) wakes it; it takes it.
        let wakesReader = schedule.folded(folding)
        #expect(wakesReader)
        guard case .fill = schedule.nextForReader(taking: &taken), let refill = taken.take() else {
            Issue.record("unexpected step")
            return
        }
        let wakes = [schedule.decoded(second), schedule.decoded(refill), schedule.ended(.success(RecoveryReport()))]
        #expect(wakes == [false, false, false], "the fold was not asleep")
        // The fold folds both ready batches in order before it finishes.
        guard case .fold = schedule.nextForFold(taking: &taken), let a = taken.take() else {
            Issue.record("unexpected step")
            return
        }
        _ = schedule.folded(a)
        guard case .fold = schedule.nextForFold(taking: &taken), let b = taken.take() else {
            Issue.record("unexpected step")
            return
        }
        _ = schedule.folded(b)
        guard case .finish(.success) = schedule.nextForFold(taking: &taken) else {
            Issue.record("unexpected step")
            return
        }
        // Once the fold stopped, the reading thread stops, however many batches are emptied.
        _ = schedule.cancel()
        guard case .stop = schedule.nextForReader(taking: &taken) else {
            Issue.record("unexpected step")
            return
        }
    }
}
