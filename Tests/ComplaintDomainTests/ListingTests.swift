import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Listing: filters and stable cursor paging")
struct ListingTests {
    /// 240 complaints over three estates, four buildings, all channels, some moved along.
    static func populated() throws -> Harness {
        var h = Harness()
        let estates = ["阳光花园", "翠湖苑", "金色家园"]
        for n in 0..<240 {
            h.advance(60)
            let id = try h.register(
                registration(
                    unit: "\(n % 7)0\(n % 3)", phone: "1390000\(String(format: "%04d", n))", estate: estates[n % 3],
                    building: "\(n % 4 + 1)栋", content: n % 5 == 0 ? "楼道漏水 #\(n)" : "噪音扰民 #\(n)",
                    category: n % 2 == 0 ? .engineering : .orderSecurity, channel: Channel.allCases[(n / 2) % 4]))
            if n % 3 == 0 {
                try h.run(.assess(id: id, AssessmentInput(valid: true, severity: n % 6 == 0 ? .important : .minor)), by: Staff.director)
            }
            if n % 9 == 0 {
                try h.signOpinion(id)
                try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
            }
        }
        return h
    }

    /// Pages through a query to the end.
    static func all(_ h: Harness, _ query: ComplaintQuery) throws -> [String] {
        var query = query
        var ids: [String] = []
        while true {
            let page = try h.list(query).get()
            #expect(page.ids.count <= query.limit)
            ids += page.ids
            guard let next = page.next else { return ids }
            query.cursor = next
        }
    }

    static func expected(_ h: Harness, _ keep: (Complaint) -> Bool) -> [String] {
        h.everyComplaint.filter(keep).map(\.id)
    }

    @Test func filtersMatchABruteForceScan() throws {
        let h = try Self.populated()
        let now = h.now
        let cases: [(ComplaintQuery, (Complaint) -> Bool)] = [
            (ComplaintQuery(limit: 17), { _ in true }),
            (ComplaintQuery(status: .assessed, limit: 7), { $0.status == .assessed }),
            (ComplaintQuery(severity: .important, limit: 5), { $0.severity == .important }),
            (ComplaintQuery(category: .orderSecurity, channel: .online, limit: 9), { $0.category == .orderSecurity && $0.channel == .online }),
            (ComplaintQuery(department: .engineering), { $0.department == .engineering }),
            (ComplaintQuery(estate: "翠湖苑", limit: 11), { $0.complainant.estate == "翠湖苑" }),
            (
                ComplaintQuery(status: .received, estate: "翠湖苑", building: "2栋", limit: 3),
                {
                    $0.status == .received && $0.complainant.estate == "翠湖苑" && $0.complainant.building == "2栋"
                }
            ),
            (ComplaintQuery(building: "3栋", limit: 13), { $0.complainant.building == "3栋" }),
            (ComplaintQuery(text: "漏水", limit: 4), { $0.content.contains("漏水") }),
            (ComplaintQuery(overdue: true, now: now, limit: 20), { $0.isOverdue(now: now) }),
            (
                ComplaintQuery(receivedFrom: start.addingTimeInterval(3_600), receivedTo: start.addingTimeInterval(7_200), limit: 8),
                {
                    $0.receivedAt >= start.addingTimeInterval(3_600) && $0.receivedAt < start.addingTimeInterval(7_200)
                }
            ),
        ]
        for (query, keep) in cases {
            let listed = try Self.all(h, query)
            let expected = Self.expected(h, keep)
            #expect(!expected.isEmpty, "\(query)")
            #expect(listed == expected, "\(query)")
        }
    }

    @Test func cursorIsStableWhileNewComplaintsArrive() throws {
        var h = try Self.populated()
        let firstPage = try h.list(ComplaintQuery(limit: 50)).get()
        #expect(firstPage.ids.first.flatMap(ComplaintBook.sequence(inID:)) == 240)
        let cursor = try #require(firstPage.next)
        let before = try h.list(ComplaintQuery(limit: 50, cursor: cursor)).get().ids
        _ = try h.register()
        let after = try h.list(ComplaintQuery(limit: 50, cursor: cursor)).get().ids
        #expect(before == after)
        #expect(try h.list(ComplaintQuery(limit: 50)).get().ids.first.flatMap(ComplaintBook.sequence(inID:)) == 241)
    }

    @Test func badLimitsAndCursorsAreValidationErrors() {
        let state = ComplaintState()
        #expect(state.list(ComplaintQuery(limit: 0)).error?.shortKind == "validation")
        #expect(state.list(ComplaintQuery(limit: 201)).error?.shortKind == "validation")
        #expect(state.list(ComplaintQuery(cursor: "garbage")).error?.shortKind == "validation")
        #expect(state.list(ComplaintQuery(overdue: true)).error?.shortKind == "validation")
        #expect((try? state.list(ComplaintQuery()).get().slots.isEmpty) == true)
    }
}
