import ComplaintDomain
import Foundation
import TestSupport
import Testing

@testable import ComplaintService

/// The list's `text` filter finds a closed complaint out of memory by the same words as while it
/// was in memory (its content and its demands, also demands changed at a return visit), reading
/// them from the summary file rather than from the log.
@Suite(.serialized)
struct ColdTextSearchTests {
    static func ids(_ s: Running, text: String) throws -> [String] {
        let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        let r = try s.get("/v1/complaints?text=\(query)", token: Token.mona)
        guard r.status == 200, let items = r.json?["items"] as? [[String: Any]] else { throw TestError("list: \(r.status) \(r.text)") }
        return items.compactMap { $0["id"] as? String }
    }

    @Test func aClosedComplaintIsFoundByItsDemandsChangedAtAVisitAfterARestart() throws {
        let dir = try TempDir("cold-text")
        defer { dir.remove() }
        let id: String
        do {
            let first = try Running(testConfiguration(dataDirectory: dir.path))
            id = try #require(first.register(content: "楼上装修噪音大", unit: "1201").json?["id"] as? String)
            try AnnouncementEndpointTests.advance(first, id, through: "reply")
            let visit = try first.post(
                "/v1/complaints/\(id)/visit", token: Token.sue,
                body: #"{"outcome":"reachable","solved":false,"satisfied":false,"method":"phone","newDemands":"加装隔音门"}"#)
            try #require(visit.status == 200, "\(visit.text)")
            try AnnouncementEndpointTests.advance(first, id, from: "acknowledge", through: "close")
            #expect(try Self.ids(first, text: "隔音门") == [id], "in memory, the new demands are searched")
            // A reprocessed complaint gets a follow-up visit after closing; then it leaves memory.
            let followUp = try first.post(
                "/v1/complaints/\(id)/visit", token: Token.sue, body: #"{"outcome":"reachable","solved":true,"satisfied":true,"method":"phone"}"#)
            try #require(followUp.status == 200, "\(followUp.text)")
            first.stop()
        }

        let second = try Running(testConfiguration(dataDirectory: dir.path))
        defer { second.stop() }
        let summaries = try #require(second.service.parts.withLock { $0?.core }?.summaries)
        let core = try #require(second.service.parts.withLock { $0?.core })
        #expect(!core.read { $0.complaints.book.isHot(slot: 0) }, "closed for good: out of memory")
        let hitsBefore = summaries.hits.load(ordering: .relaxed)
        #expect(try Self.ids(second, text: "隔音门") == [id], "out of memory, the same demands are searched")
        #expect(try Self.ids(second, text: "装修噪音") == [id], "and the content")
        #expect(try Self.ids(second, text: "电梯").isEmpty)
        #expect(summaries.hits.load(ordering: .relaxed) > hitsBefore, "the texts came from the summary file")
    }

    @Test func anEntryWrittenBeforeTheDemandsStillReadsButLeavesTheTextToTheLog() throws {
        var whole = Complaint(
            id: "C2612-000007", sequence: 7, trackingCode: "T-1", channel: .phone,
            complainant: Complainant(name: "王小明", phone: "13912345678", estate: "阳光花园", building: "3", unit: "1201"),
            content: "电梯困人", receivedBy: "rita", receivedAt: Date(timeIntervalSince1970: 1_764_000_000))
        whole.status = .closed
        let current = ColdSummary(sequence: 7, version: 9, head: 12345, of: whole)
        #expect(current.searchText == "电梯困人\n")
        whole.demands = "尽快修好"
        #expect(ColdSummary(sequence: 7, version: 9, head: 12345, of: whole).searchText == "电梯困人\n尽快修好")
        // The previous format ended before the demands (here: no demands, one byte 0).
        let bytes = current.encoded()
        #expect(bytes.last == 0)
        let older = try #require(bytes.dropLast().withUnsafeBytes { ColdSummary(decoding: $0) })
        #expect(older.complaint.id == whole.id && older.complaint.content == "电梯困人" && older.version == 9)
        #expect(older.searchText == nil, "its demands are unknown: the text is read from the log")
        #expect(bytes.withUnsafeBytes { ColdSummary(decoding: $0) } == current)
    }
}
