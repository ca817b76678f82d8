// `replay(after:lendingPayloads:)`: the same records as `replay(after:_:)`, each payload lent
// beside an empty one instead of copied into the record.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

@Suite struct LentReplayTests {
    @Test func lentPayloadsAreTheRecordsPayloadsAcrossSegments() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory) { $0.segmentMaxBytes = 600 }
        let written = try appendMany(store, count: 12)
        store.close()
        #expect(directory.segmentFiles().count >= 2)

        let reopened = try openStore(directory) { $0.segmentMaxBytes = 600 }
        defer { reopened.close() }
        var lent: [(record: StoredRecord, payload: [UInt8])] = []
        let report = try reopened.replay(after: 3, lendingPayloads: { record, payload in lent.append((record, Array(payload))) })
        #expect(report.recordsReplayed == 9)
        #expect(lent.allSatisfy { $0.record.payload.isEmpty })
        let copied = try replayAll(reopened, after: 3).records
        #expect(lent.map(\.payload) == copied.map(\.payload))
        #expect(lent.map(\.record.position) == copied.map(\.position))
        #expect(copied.map(\.summary) == written.dropFirst(3).map(\.summary))
    }
}
