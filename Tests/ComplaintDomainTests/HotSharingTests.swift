import Foundation
import Testing

@testable import ComplaintDomain

/// A state snapshot shares the whole complaints with the live book (the snapshot writer streams
/// it while commands go on): what is folded after it must change the live complaints only.
struct HotSharingTests {
    @Test func snapshotKeepsWhatItSawWhileCommandsFoldOn() throws {
        var harness = Harness()
        // More than two groups of 1,024 slots, so changes land in shared and unshared groups.
        var ids: [String] = []
        for _ in 0..<2_100 {
            ids.append(try harness.register())
            harness.advance(1)
        }
        let snapshot = harness.state.snapshot
        let frozen = harness.state
        let seen = Dictionary(uniqueKeysWithValues: ids.map { ($0, harness.complaint($0)) })
        #expect(snapshot.hot.count == ids.count)

        // Assess some in every group, explain and close two for good, register more.
        let assessed = stride(from: 0, to: ids.count, by: 97).map { ids[$0] }
        for id in assessed {
            try harness.run(.assess(id: id, AssessmentInput(valid: true, severity: .minor)), by: Staff.director)
        }
        let closed = [ids[5], ids[2_050]]
        for id in closed {
            try harness.run(.assess(id: id, AssessmentInput(valid: false, explanation: "属于市政供水")), by: Staff.director)
            try harness.run(.close(id: id, CloseInput()), by: Staff.receptionist)
        }
        let later = try harness.register()

        // The snapshot and the copy taken with it still hold every complaint as it was.
        #expect(snapshot.hot.count == ids.count)
        for (slot, complaint) in snapshot.hot {
            #expect(complaint == seen[complaint.id], "slot \(slot)")
        }
        for id in ids { #expect(frozen.book.complaint(id: id) == seen[id]) }
        #expect(frozen.book.complaint(id: later) == nil)

        // The live book holds what its events say, and nothing closed.
        for id in ids where !closed.contains(id) {
            #expect(harness.book.complaint(id: id) == Harness.fold(id, harness.log))
        }
        for id in assessed where !closed.contains(id) { #expect(harness.book.complaint(id: id)?.status != seen[id]?.status) }
        for id in closed {
            #expect(harness.book.complaint(id: id) == nil)
            #expect(harness.complaint(id).status == .closed)
        }
        #expect(harness.book.hotCount == ids.count - closed.count + 1)

        // A state restored from the snapshot is the state as it was when the snapshot was taken.
        let restored = ComplaintState(policy: harness.book.policy, restoring: snapshot)
        for id in ids { #expect(restored.book.complaint(id: id) == seen[id]) }
    }

    /// What a change hands to the command's answer is the book's own complaint, not a copy: it
    /// must stay as that event left it while later events change the complaint (and after the
    /// complaint closes for good and leaves memory).
    @Test func aSharedComplaintKeepsWhatItsEventLeft() throws {
        var harness = Harness()
        let other = try harness.register()
        let untouched = harness.complaint(other)
        var state = harness.state
        let sequence = state.book.nextSequence
        let register = Command.register(registration(), sequence: sequence, trackingCode: "T\(sequence)")
        var changes: [SharedComplaint] = []
        func apply(_ command: Command, by actor: Actor) throws {
            for event in try state.book.decide(command, by: actor, now: harness.now).get() {
                changes.append(try #require(state.evolve(event)?.shared))
            }
        }
        try apply(register, by: Staff.receptionist)
        let id = changes[0].read { $0.id }
        #expect(changes[0].complaint == state.book.complaint(id: id))
        try apply(.assess(id: id, AssessmentInput(valid: false, explanation: "属于市政供水")), by: Staff.director)
        try apply(.close(id: id, CloseInput()), by: Staff.receptionist)

        #expect(changes.map { $0.read { $0.status } } == [.received, .explained, .closed])
        #expect(changes.map { $0.read { $0.version } } == [1, 2, 3])
        #expect(changes[0].complaint.status == .received && changes[0].complaint.version == 1)
        #expect(state.book.complaint(id: id) == nil)  // closed for good: it left memory
        #expect(state.book.complaint(id: other) == untouched)
    }

    @Test func copiesOfTheStoreChangeIndependently() throws {
        var harness = Harness()
        let id = try harness.register()
        let complaint = try #require(harness.book.complaint(id: id))
        var store = HotComplaints()
        for slot in [Int32(0), 1, 1_023, 1_024, 5_000] { store[slot] = complaint }
        let copy = store
        var changed = complaint
        changed.version += 1
        store.uniqueBox(1_024)!.put(changed)
        store[5_000] = nil
        store[7_000] = complaint
        #expect(copy.count == 5 && store.count == 5)
        #expect(copy[1_024] == complaint && store[1_024] == changed)
        #expect(copy[5_000] == complaint && !store.contains(5_000))
        #expect(copy[7_000] == nil && store[7_000] == complaint)
        #expect(copy.slots == [0, 1, 1_023, 1_024, 5_000])
        #expect(store.slots == [0, 1, 1_023, 1_024, 7_000])
        #expect(store.map(\.slot) == store.slots)
        #expect(store.uniqueBox(2) == nil && store.uniqueBox(90_000) == nil)

        // A group emptied and filled again (a closed complaint brought back for a late visit).
        store[1_023] = nil
        store[0] = nil
        store[1] = nil
        #expect(store.slots == [1_024, 7_000] && store[1] == nil && store.uniqueBox(1) == nil)
        store[2] = complaint
        #expect(store.slots == [2, 1_024, 7_000] && store.count == 3)
        #expect(copy.slots == [0, 1, 1_023, 1_024, 5_000] && copy[1] == complaint)
    }
}
