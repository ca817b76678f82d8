// One stream's history read back by following each record's `prev` link, and snapshots streamed
// in pieces both ways.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

@Suite("Stream chains and streamed snapshots")
struct StreamChainTests {
    /// Appends `count` rounds of one record to each of two streams, linking each to its stream's previous one.
    static func interleaved(_ store: EventStore, rounds: Int) throws -> [String: StoredRecord] {
        var heads: [String: StoredRecord] = [:]
        for round in 0..<rounds {
            for stream in ["A-1", "B-2"] {
                var next = record(round, stream: stream)
                next.previous = heads[stream]?.position
                guard case .success(let stored) = appendAndWait(store, [next]) else { throw StoreError.closed }
                heads[stream] = stored[0]
            }
        }
        return heads
    }

    @Test func aStreamsHistoryIsReadBackFromItsNewestRecord() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.segmentMaxBytes = 600 }  // several segments
        defer { store.close() }
        let heads = try Self.interleaved(store, rounds: 9)
        // Two records of one stream in one append link to each other by themselves.
        var pair = [record(100, stream: "A-1"), record(101, stream: "A-1")]
        pair[0].previous = heads["A-1"]!.position
        guard case .success(let stored) = appendAndWait(store, pair) else {
            Issue.record("append failed")
            return
        }
        #expect(stored[1].previous == stored[0].position)
        let head = stored[1].position
        let history = try store.readChain(segment: head.segment, offset: head.offset, stream: "A-1").get()
        #expect(history.count == 11 && history.allSatisfy { $0.stream == "A-1" })
        #expect(history.map(\.sequence) == history.map(\.sequence).sorted())
        #expect(history.first?.previous == nil && history.first?.payload == record(0, stream: "A-1").payload)
        let other = heads["B-2"]!.position
        #expect(try store.readChain(segment: other.segment, offset: other.offset, stream: "B-2").get().count == 9)
    }

    @Test func aLinkToAnotherStreamIsAGapNotAShorterHistory() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        defer { store.close() }
        let heads = try Self.interleaved(store, rounds: 3)
        var wrong = record(50, stream: "A-1")
        wrong.previous = heads["B-2"]!.position  // a bad link: B-2's record is not an earlier A-1 record
        guard case .success(let stored) = appendAndWait(store, [wrong]) else {
            Issue.record("append failed")
            return
        }
        let head = stored[0].position
        guard case .failure(let gap) = store.readChain(segment: head.segment, offset: head.offset, stream: "A-1") else {
            Issue.record("a broken chain read as complete")
            return
        }
        #expect(gap.description.contains("B-2"))
    }

    @Test func linksSurviveARestartAndReadBackTheSame() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        var head: RecordPosition?
        do {
            let store = try openStore(directory)
            head = try Self.interleaved(store, rounds: 4)["B-2"]!.position
            store.close()
        }
        let reopened = try openStore(directory)
        defer { reopened.close() }
        let replayed = try replayAll(reopened).records
        #expect(replayed.filter { $0.stream == "B-2" }.dropFirst().allSatisfy { $0.previous != nil })
        let history = try reopened.readChain(segment: head!.segment, offset: head!.offset, stream: "B-2").get()
        #expect(history.map(\.sequence) == replayed.filter { $0.stream == "B-2" }.map(\.sequence))
    }

    @Test func aSnapshotIsWrittenAndReadInPieces() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        _ = try appendMany(store, count: 3)
        let pieces = (0..<40).map { Array("piece \($0) \(String(repeating: "状态", count: $0 * 100))\n".utf8) }
        try store.writeSnapshot(sequence: 3) { emit in for piece in pieces { try emit(piece) } }
        store.close()
        let reopened = try openStore(directory)
        defer { reopened.close() }
        let info = try #require(try reopened.latestSnapshotInfo())
        #expect(info.sequence == 3 && info.length == UInt64(pieces.reduce(0) { $0 + $1.count }))
        var read: [UInt8] = []
        try reopened.readSnapshot(info) { read.append(contentsOf: $0) }
        #expect(read == pieces.flatMap { $0 })
        #expect(try reopened.latestSnapshot()?.payload == read)
    }

    @Test func aDamagedSnapshotIsSkippedForTheOneBefore() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        _ = try appendMany(store, count: 4)
        try store.writeSnapshot(sequence: 2, payload: Array("older\n".utf8))
        try store.writeSnapshot(sequence: 4, payload: Array("newer\n".utf8))
        store.close()
        let newest = directory.snapshotDirectory + "/" + SnapshotFiles.name(sequence: 4)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: newest)))
        bytes[bytes.count - 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: newest))
        let reopened = try openStore(directory)
        defer { reopened.close() }
        #expect(try reopened.latestSnapshot()?.payload == Array("older\n".utf8))
    }
}
