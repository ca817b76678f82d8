import EventStore
import Foundation
import Telemetry
import TestSupport
import Testing

@testable import ComplaintDomain
@testable import ComplaintService

/// A start-up replay reads and decodes the next batches on another thread while it folds one:
/// whatever the size of the batches, it builds the same state as one batch, in log order; an
/// unreadable event in the middle is counted and refuses the start; a complaint closed before a
/// late event is brought back from the log while the reading thread runs ahead.
@Suite(.serialized)
struct ReplayPipelineTests {
    /// Where the replays' lines go: only errors (the unreadable events), to stderr.
    static let log: Log = {
        let log = Log(fd: 2)
        log.setMinimumLevel(.error)
        return log
    }()

    /// A log the service wrote: complaints at every stage of the workflow, two closed; then the
    /// service stops and its snapshots are removed, so a start replays the whole log.
    static func serviceLog(_ path: String) throws -> [String] {
        let running = try Running(testConfiguration(dataDirectory: path))
        var ids: [String] = []
        do {
            defer { running.stop() }
            let stages = ["assess", "dispatch", "acknowledge", "resolve", "approve", "reply", "visit", "close", "close"]
            for (index, stage) in stages.enumerated() {
                let id = try #require(running.register(content: "电梯停运 \(index)", unit: "\(1201 + index)").json?["id"] as? String)
                try AnnouncementEndpointTests.advance(running, id, through: stage)
                ids.append(id)
            }
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: path + "/snapshots") {
            try FileManager.default.removeItem(atPath: path + "/snapshots/" + name)
        }
        return ids
    }

    /// Appends `records` to the log in `path`, each linked to its complaint's newest record (or,
    /// given `linkedTo`, to that position instead).
    static func append(
        _ path: String, _ records: [(type: String, stream: String, payload: [UInt8])], segmentMaxBytes: Int? = nil,
        linkedTo: RecordPosition? = nil
    ) throws {
        var configuration = StoreConfiguration(directory: path)
        if let segmentMaxBytes { configuration.segmentMaxBytes = segmentMaxBytes }
        let store = try EventStore.open(configuration, now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
        defer { store.close() }
        var heads: [String: RecordPosition] = [:]
        _ = try store.replay(after: 0) { record in heads[record.stream] = record.position }
        for record in records {
            let done = DispatchSemaphore(value: 0)
            let outcome = DateRangeTests.Outcome()
            let previous = linkedTo ?? heads[record.stream]
            store.append([NewRecord(type: record.type, stream: record.stream, payload: record.payload, previous: previous)]) {
                outcome.set($0)
                done.signal()
            }
            done.wait()
            switch outcome.get() {
            case .success(let stored)?: heads[record.stream] = stored[0].position
            case .failure(let error)?: throw error
            case nil: throw TestError("no outcome")
            }
        }
    }

    /// A late incident link to a closed complaint: the replay must read it back from the log.
    static func lateLink(_ id: String) -> (type: String, stream: String, payload: [UInt8]) {
        let event = DomainEvent.linked(
            .init(complaintID: id, at: Date(), actor: Actor(id: "rita", role: .receptionist), incidentID: "LIFT-9"))
        return (event.typeName, id, event.json())
    }

    /// What a replay of `path` built, with batches of `batch` records, and the events it saw.
    static func replayed(_ path: String, batch: Int) throws -> (CoreState, events: Int, records: Int) {
        let store = try EventStore.open(StoreConfiguration(directory: path), now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
        defer { store.close() }
        let core = ComplaintCore(store: store, policy: WorkflowPolicy(), clock: SystemClock(), log: Self.log)
        var events = 0
        var records = 0
        _ = try core.recover(observingRecords: { _ in records += 1 }, observingEvents: { _ in events += 1 }, replayBatch: batch)
        return (core.state.withLock { $0 }, events, records)
    }

    static func expectSame(_ a: CoreState, _ b: CoreState, _ label: String) {
        #expect(a.appliedSequence == b.appliedSequence, "\(label)")
        #expect(a.complaints.book.count == b.complaints.book.count && a.complaints.book.hotCount == b.complaints.book.hotCount, "\(label)")
        for slot in 0..<a.complaints.book.count {
            let id = a.complaints.book.id(ofSlot: slot)
            #expect(id == b.complaints.book.id(ofSlot: slot), "\(label) slot \(slot)")
            #expect(a.complaints.book.record(at: slot) == b.complaints.book.record(at: slot), "\(label) \(id)")
            #expect(a.complaints.book.complaint(id: id) == b.complaints.book.complaint(id: id), "\(label) \(id)")
            #expect(a.chains.head(of: slot)?.packed == b.chains.head(of: slot)?.packed, "\(label) \(id)")
        }
        let x = a.complaints.reportTotals
        let y = b.complaints.reportTotals
        #expect(x.received == y.received && x.byStatusSeverity == y.byStatusSeverity && x.clockStates == y.clockStates, "\(label)")
        // The read models that follow the fold on the reading thread (all of a batch the fold
        // finished last, most of them with small batches), in the same order.
        let ledger = a.complaints.ledger
        let other = b.complaints.ledger
        #expect(ledger.activities.count == other.activities.count, "\(label)")
        for index in 0..<min(ledger.activities.count, other.activities.count) {
            #expect(ledger.activities[index] == other.activities[index], "\(label) activity \(index)")
        }
        #expect(ledger.openBalance == other.openBalance, "\(label)")
        #expect(a.complaints.indexes.slotsByWorker == b.complaints.indexes.slotsByWorker, "\(label)")
    }

    @Test func batchesOfAnySizeReplayToTheSameStateAsOne() throws {
        let dir = try TempDir("replay-pipeline")
        defer { dir.remove() }
        let ids = try Self.serviceLog(dir.path)
        try Self.append(dir.path, [Self.lateLink(ids[7])])
        let (whole, events, records) = try Self.replayed(dir.path, batch: ComplaintCore.replayBatch)
        #expect(whole.complaints.book.count == 9 && events >= 9 * 4 && records >= events)
        // The closed complaint was brought back from the log for the late link, then folded.
        let slot = try #require(whole.complaints.book.slot(of: ids[7]))
        #expect(whole.complaints.book.record(at: slot).flagSet.contains(.inIncident))
        #expect(whole.complaints.ledger.activities.count > 0 && !whole.complaints.indexes.slotsByWorker.isEmpty)
        for batch in [1, 2, 5, 64] {
            let (state, seen, read) = try Self.replayed(dir.path, batch: batch)
            #expect(seen == events && read == records, "batch \(batch)")
            Self.expectSame(state, whole, "batch \(batch)")
        }
    }

    /// Every event of the log in `path`, read whole, by complaint, oldest first.
    static func eventsByComplaint(_ path: String) throws -> [String: [DomainEvent]] {
        let store = try EventStore.open(StoreConfiguration(directory: path), now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
        defer { store.close() }
        var events: [String: [DomainEvent]] = [:]
        _ = try store.replay(after: 0) { record in
            if EventCodec.isEvent(record), let event = try? EventCodec.event(record) { events[record.stream, default: []].append(event) }
        }
        return events
    }

    /// A full replay reads the events without the texts people wrote; the complaints still held
    /// at its end are read back whole from the log: each is what its events fold to, texts and
    /// all, and the closed ones read from the log have theirs too.
    @Test func theComplaintsHeldAfterAFullReplayHaveTheirTexts() throws {
        let dir = try TempDir("replay-texts")
        defer { dir.remove() }
        let ids = try Self.serviceLog(dir.path)
        let (state, _, _) = try Self.replayed(dir.path, batch: 4)
        let events = try Self.eventsByComplaint(dir.path)
        var held = 0
        for (index, id) in ids.enumerated() where !state.complaints.book.isCold(id: id) {
            let complaint = try #require(state.complaints.book.complaint(id: id))
            #expect(complaint == Complaint.folding(events[id] ?? []), "\(id)")
            #expect(complaint.content == "电梯停运 \(index)")
            held += 1
        }
        #expect(held == 7, "two of the nine are closed")
        // The replied one (stage "reply") kept its reply and the resolution's measures.
        let replied = try #require(state.complaints.book.complaint(id: ids[5]))
        #expect(replied.reply?.content.isEmpty == false && replied.resolution?.measures.isEmpty == false)
    }

    /// A held complaint whose chain of records cannot be followed (here a link that points past
    /// the end of its segment) is read back in a pass over the whole log, as the replay folded it.
    @Test func aHeldComplaintWithABrokenChainIsReadBackFromTheWholeLog() throws {
        let dir = try TempDir("replay-broken-chain")
        defer { dir.remove() }
        let ids = try Self.serviceLog(dir.path)
        try Self.append(dir.path, [Self.lateLink(ids[0])], linkedTo: RecordPosition(segment: 1, offset: 1 << 30, length: 100))
        let (state, _, _) = try Self.replayed(dir.path, batch: ComplaintCore.replayBatch)
        let complaint = try #require(state.complaints.book.complaint(id: ids[0]))
        #expect(complaint.content == "电梯停运 0" && complaint.incidentID == "LIFT-9")
        #expect(complaint == Complaint.folding(try Self.eventsByComplaint(dir.path)[ids[0]] ?? []))
    }

    @Test func anUnreadableEventInTheMiddleIsCountedAndRefusesTheStart() throws {
        let dir = try TempDir("replay-unreadable")
        defer { dir.remove() }
        let ids = try Self.serviceLog(dir.path)
        let (_, events, records) = try Self.replayed(dir.path, batch: ComplaintCore.replayBatch)
        // Two unreadable events with readable ones around them, in different batches.
        try Self.append(
            dir.path,
            [
                ("complaint.accepted", ids[0], Array(#"{"complaintID":7}"#.utf8)), Self.lateLink(ids[8]),
                ("complaint.dispatched", ids[1], Array(#"{"at":"yesterday"}"#.utf8)), Self.lateLink(ids[7]),
            ])
        for batch in [1, 3, ComplaintCore.replayBatch] {
            var seen = 0
            var read = 0
            let store = try EventStore.open(StoreConfiguration(directory: dir.path), now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
            defer { store.close() }
            let core = ComplaintCore(store: store, policy: WorkflowPolicy(), clock: SystemClock(), log: Self.log)
            var refusal: (any Error)?
            do {
                _ = try core.recover(observingRecords: { _ in read += 1 }, observingEvents: { _ in seen += 1 }, replayBatch: batch)
            } catch {
                refusal = error
            }
            #expect(refusal is StartupError, "batch \(batch): \(String(describing: refusal))")
            #expect("\(refusal.map { "\($0)" } ?? "")".contains("2 events in the log could not be decoded"), "batch \(batch)")
            // Every record was read and every readable event folded, the late ones included.
            #expect(seen == events + 2 && read == records + 4, "batch \(batch)")
        }
    }

    @Test func aDamagedRecordMidLogStopsTheReplayWithTheStoresErrorAfterTheRecordsBeforeIt() throws {
        let dir = try TempDir("replay-damaged")
        defer { dir.remove() }
        let ids = try Self.serviceLog(dir.path)
        // A second segment, so the first is sealed: the start leaves its lines to the replay.
        try Self.append(dir.path, [Self.lateLink(ids[7])], segmentMaxBytes: 1024)
        // One byte of a record in the middle of the log flipped: its checksum no longer matches.
        let segment = dir.path + "/log/0000000001.jsonl"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }.dropLast()
        let line = starts[starts.count / 2]
        let end = try #require(bytes[line...].firstIndex(of: 0x0A))
        // A letter near the end of the line, in the event's payload (the open reads the header).
        let letter = try #require((line..<end).last { bytes[$0] >= 0x61 && bytes[$0] <= 0x7A })
        bytes[letter] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        var failures: [String] = []
        for batch in [1, 4, ComplaintCore.replayBatch] {
            // The start leaves line checks to the replay, as the service does.
            var configuration = StoreConfiguration(directory: dir.path)
            configuration.deferLineChecksToReplay = true
            let store = try EventStore.open(configuration, now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
            defer { store.close() }
            let core = ComplaintCore(store: store, policy: WorkflowPolicy(), clock: SystemClock(), log: Self.log)
            do {
                _ = try core.recover(replayBatch: batch)
                Issue.record("batch \(batch): the damaged record was replayed")
            } catch {
                failures.append("\(error)")
            }
            // Whole batches before the damage were folded, none after it.
            let applied = core.state.withLock { $0.appliedSequence }
            #expect(applied < UInt64(starts.count / 2 + 1), "batch \(batch): \(applied)")
            if batch == 1 { #expect(applied == UInt64(starts.count / 2), "every record before the damaged one") }
        }
        #expect(failures.count == 3 && Set(failures).count == 1, "\(failures)")
    }
}
