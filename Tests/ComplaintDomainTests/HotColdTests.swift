import Foundation
import Testing

@testable import ComplaintDomain

/// Closed complaints leave memory; what lists, reports and lookups need stays in a compact record.
@Suite("Hot and cold complaints")
struct HotColdTests {
    /// A minor complaint at its own unit, driven to closed (no follow-up visit is owed).
    static func closedMinor(_ h: inout Harness, unit: String) throws -> String {
        let id = try h.register(registration(unit: unit))
        try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .minor, nature: .consulting)), by: Staff.director)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        try h.run(.resolve(id: id, ResolutionInput(measures: "调整", result: "已解决")), by: Staff.handler)
        try h.run(.reply(id: id, ReplyInput(content: "已解决")), by: Staff.receptionist)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        try h.run(.close(id: id, CloseInput()), by: Staff.supervisor)
        return id
    }

    @Test func aClosedComplaintLeavesMemoryButKeepsItsCompactRecord() throws {
        var h = Harness()
        let open = try h.make(.dispatched)
        let closed = try Self.closedMinor(&h, unit: "808")
        #expect(h.book.hotCount == 1 && h.book.count == 2)
        #expect(h.book.complaint(id: open) != nil)
        #expect(h.book.complaint(id: closed) == nil && h.book.isCold(id: closed))
        guard case .cold(let slot, let record) = h.book.lookup(id: closed) else {
            Issue.record("not cold")
            return
        }
        let whole = h.complaint(closed)
        #expect(h.book.id(ofSlot: slot) == closed)
        var strings = h.book.strings
        let expected = CompactComplaint(whole, strings: &strings, isHot: false)
        #expect(record == expected)
        #expect(record.complaintStatus == .closed && record.version == UInt32(whole.version))
        #expect(h.book.strings.names[record.ownerName] == "张三" && record.phoneTail == 8000)
    }

    /// A replay asks the CPU for what an event touches first, a few events ahead: the record of
    /// the complaint its id names and, while it is held whole, its box; nothing for an id that
    /// names no complaint (yet).
    @Test func theMemoryAnEventTouchesFirstIsFoundByItsID() throws {
        var h = Harness()
        let open = try h.make(.dispatched)
        let closed = try Self.closedMinor(&h, unit: "808")
        var book = h.book
        let now = h.now
        h = Harness()  // the book alone holds its boxes now: `uniqueBox` answers them, not copies
        let openSlot = try #require(book.slot(of: open))
        let ahead = book.addresses(ahead: open)
        #expect(ahead.record != nil)
        let box = book.hot.uniqueBox(Int32(openSlot))
        #expect(box != nil)
        #expect(ahead.complaint == box.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
        let cold = book.addresses(ahead: closed)
        #expect(cold.record != nil && cold.complaint == nil)
        #expect(cold.record != ahead.record)
        // The next registration's id, a malformed one and one far past the book: nothing.
        let next = book.makeID(sequence: book.nextSequence, receivedAt: now)
        for id in [next, "C2611", "X-", "C2611-999999999"] {
            let none = book.addresses(ahead: id)
            #expect(none.record == nil && none.complaint == nil, "\(id)")
        }
    }

    /// A replay looks a complaint up by the sequence its record names: the answer is the one
    /// the id alone gives, whatever that sequence says (the id is what counts).
    @Test func aSequenceReadAheadFindsTheSameSlotAsTheID() throws {
        var h = Harness()
        let open = try h.make(.dispatched)
        let closed = try Self.closedMinor(&h, unit: "707")
        let book = h.book
        let openSlot = try #require(book.slot(of: open))
        let closedSlot = try #require(book.slot(of: closed))
        let openSequence = try #require(ComplaintBook.sequence(inID: open))
        let closedSequence = try #require(ComplaintBook.sequence(inID: closed))
        #expect(book.slot(of: open, sequence: openSequence) == openSlot)
        #expect(book.slot(of: open, sequence: nil) == openSlot)
        // A sequence naming another complaint, or none at all, is not believed.
        #expect(book.slot(of: open, sequence: closedSequence) == openSlot)
        #expect(book.slot(of: open, sequence: 999_999) == openSlot)
        // A cold complaint (no box to compare with) is found by its id.
        #expect(book.slot(of: closed, sequence: closedSequence) == closedSlot)
        #expect(book.slot(of: closed, sequence: openSequence) == closedSlot)
        // An id of the right sequence but another month names nothing.
        let month = open.index(open.startIndex, offsetBy: 3)
        let otherMonth = String(open[..<month]) + (open[month] == "1" ? "2" : "1") + String(open[open.index(after: month)...])
        #expect(book.slot(of: otherMonth, sequence: openSequence) == nil)
        #expect(book.slot(of: "C2611-999999", sequence: openSequence) == nil)
    }

    @Test func aCommandOnAColdComplaintNeedsItBroughtBack() throws {
        var h = Harness()
        let closed = try Self.closedMinor(&h, unit: "909")
        // Deciding without the complaint in memory is refused, never guessed.
        #expect(h.book.decide(.viewContact(id: closed), by: Staff.supervisor, now: h.now).error?.shortKind == "conflict")
        let whole = h.complaint(closed)
        var stale = whole
        stale.version -= 1
        let refused = h.state.book.hydrate(stale)
        #expect(!refused, "a complaint that does not match the record is refused")
        let accepted = h.state.book.hydrate(whole)
        #expect(accepted)
        let events = try h.book.decide(.viewContact(id: closed), by: Staff.supervisor, now: h.now).get()
        for event in events { h.state.evolve(event) }
        h.log += events
        h.state.book.release(slot: h.book.slot(of: closed)!)
        #expect(h.book.isCold(id: closed) && h.book.record(at: h.book.slot(of: closed)!).version == UInt32(whole.version + 1))
        // The harness does the same through `run`, also for audit facts that reach a cold complaint.
        try h.run(.viewContact(id: closed), by: Staff.supervisor)
        #expect(h.book.isCold(id: closed) && h.complaint(closed).version == whole.version + 2)
    }

    @Test func reportsAndListsSeeColdComplaintsAsBefore() throws {
        var h = Harness()
        let ids = try (0..<6).map { try Self.closedMinor(&h, unit: "10\($0)") }
        _ = try h.make(.inProgress)
        #expect(h.book.hotCount == 1)
        let day = h.state.periodReport(ReportPeriod.daily("2026-11-02")!)
        #expect(day.received == 7 && day.byStatus.first { $0.name == "closed" }?.count == 6 && day.closed == 6)
        #expect(day.satisfaction.numerator == 6 && day.timeToDispatch.count == 7)
        let listed = try h.list(ComplaintQuery(status: .closed)).get().ids
        #expect(listed == ids.reversed())
        #expect(try h.list(ComplaintQuery(text: "电梯")).get().ids.count == 7, "the text of cold complaints is read when asked")
    }
}
