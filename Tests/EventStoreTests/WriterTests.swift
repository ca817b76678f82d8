// The group-commit writer: batching under concurrency, write failures, the lock.

import Dispatch
import Foundation
import Synchronization
import Testing

@_spi(Testing) @testable import EventStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct WriterTests {
    @Test func aSecondOpenOfTheSameDirectoryIsLockedOut() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        #expect {
            try openStore(directory)
        } throws: { error in
            guard case StoreError.locked(let path) = error else { return false }
            return path == directory.path + "/LOCK"
        }
        store.close()
        let again = try openStore(directory)
        again.close()
    }

    @Test func concurrentAppendsAllCompleteInOrderAndAreBatched() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        let threads = 16
        let perThread = 200
        let results = Mutex<[[UInt64]]>(Array(repeating: [], count: threads))
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread {
                let done = DispatchGroup()
                for index in 0..<perThread {
                    done.enter()
                    store.append([record(thread * 1000 + index, stream: "T-\(thread)")]) { outcome in
                        if case .success(let stored) = outcome {
                            results.withLock { $0[thread].append(stored[0].sequence) }
                        }
                        done.leave()
                    }
                }
                done.wait()
                group.leave()
            }.start()
        }
        group.wait()
        let perThreadSequences = results.withLock { $0 }
        // Completions run in commit order, and each thread's appends commit in its order.
        for sequences in perThreadSequences {
            #expect(sequences.count == perThread)
            #expect(sequences == sequences.sorted())
        }
        let all = perThreadSequences.flatMap { $0 }.sorted()
        #expect(all == Array(1...UInt64(threads * perThread)))
        let statistics = store.statistics
        #expect(statistics.recordsTotal == UInt64(threads * perThread))
        #expect(statistics.appendsTotal < UInt64(threads * perThread))
        #expect(statistics.batchSizeBuckets.count == statistics.appendsTotal)
        #expect(statistics.fsyncDurationBuckets.count == statistics.appendsTotal)
        store.close()

        let reopened = try openStore(directory)
        defer { reopened.close() }
        #expect(try replayAll(reopened).records.map(\.sequence) == all)
    }

    @Test func closedStoresRejectAppendsAndInvalidRecordsFailAtOnce() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        guard case .failure(.invalidRecord) = appendAndWait(store, [NewRecord(type: "bad type", stream: "s", payload: Array("{}".utf8))]) else {
            Issue.record("invalid record accepted")
            return
        }
        #expect(try appendAndWait(store, []).get().isEmpty)
        #expect(store.lastSequence == 0)
        store.close()
        guard case .failure(.closed) = appendAndWait(store, [record(1)]) else {
            Issue.record("append after close accepted")
            return
        }
    }

    @Test(arguments: [FsyncPolicy.interval, .never])
    func otherPoliciesKeepEverythingAcrossACleanClose(_ policy: FsyncPolicy) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.fsyncPolicy = policy }
        let written = try appendMany(store, count: 20)
        store.close()
        let reopened = try openStore(directory) { $0.fsyncPolicy = policy }
        defer { reopened.close() }
        #expect(try replayAll(reopened).records.map(\.summary) == written.map(\.summary))
    }
}
