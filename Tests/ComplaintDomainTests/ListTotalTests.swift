import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Listing: the total of a filtered page")
struct ListTotalTests {
    /// A small deterministic generator, so a failure names a query that can be run again.
    struct Numbers {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func some<T>(of values: [T]) -> [T] { values.filter { _ in next(2) == 0 } }
    }

    /// A complaint of `severity` at `unit` of `estate`, driven to closed.
    static func closed(_ h: inout Harness, unit: String, estate: String, severity: Severity) throws -> String {
        let id = try h.register(registration(unit: unit, estate: estate))
        try h.run(.assess(id: id, AssessmentInput(valid: true, severity: severity, nature: .consulting)), by: Staff.director)
        if h.book.policy.opinionRequiredFor.contains(severity) { try h.signOpinion(id) }
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        try h.run(.resolve(id: id, ResolutionInput(measures: "调整", result: "已解决")), by: Staff.handler)
        if h.book.policy.requiresApproval(severity) { try h.run(.approve(id: id, NoteInput()), by: Staff.manager) }
        try h.run(.reply(id: id, ReplyInput(content: "已解决")), by: Staff.receptionist)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        try h.run(.close(id: id, CloseInput(cause: "电机老化", lessons: "加强巡检", preventiveAction: "季度保养")), by: Staff.supervisor)
        return id
    }

    /// Random status, severity, category and estate filters (alone and within estate scopes),
    /// paged to the end: every page's `total` is the brute-force count, and the ids are exact.
    /// (Estate and scope lists with only enum filters are counted by a bitset loop of their own.)
    @Test func totalsEqualABruteForceCount() throws {
        var h = try ListingTests.populated()
        let estates = ["阳光花园", "翠湖苑", "金色家园", "无此小区"]
        // Major ones in every estate, and closed ones (cold, out of memory) counted too.
        for n in stride(from: 1, to: 240, by: 3) where n % 2 == 0 {
            try h.run(.assess(id: h.book.id(ofSlot: n), AssessmentInput(valid: true, severity: .major)), by: Staff.director)
        }
        for n in 0..<24 { _ = try Self.closed(&h, unit: "9\(n)", estate: estates[n % 3], severity: n % 2 == 0 ? .minor : .important) }
        #expect(h.book.count - h.book.hotCount >= 10, "closed minor complaints leave memory")
        let scopes: [AccessScope] = [
            .unrestricted, AccessScope(actor: Staff.receptionist, estates: ["翠湖苑"]),
            AccessScope(actor: Staff.receptionist, estates: ["翠湖苑", "金色家园"]),
        ]
        var numbers = Numbers(state: 20_261_201)
        var nonEmpty = 0
        for round in 0..<120 {
            var query = ComplaintQuery(limit: 1 + numbers.next(25))
            query.statuses = numbers.some(of: [.received, .assessed, .dispatched, .closed, .replied])
            query.severities = numbers.some(of: [.important, .minor, .major])
            if numbers.next(4) == 0 { query.categories = numbers.some(of: [Department.engineering, .orderSecurity]) }
            if numbers.next(3) != 0 { query.estate = estates[numbers.next(estates.count)] }
            let scope = scopes[numbers.next(scopes.count)]
            let expected = ListingTests.expected(h) { c in
                (query.statuses.isEmpty || query.statuses.contains(c.status))
                    && (query.severities.isEmpty || c.severity.map(query.severities.contains) == true)
                    && (query.categories.isEmpty || c.category.map(query.categories.contains) == true)
                    && (query.estate.map { c.complainant.estate == $0 } ?? true) && c.isVisible(to: scope)
            }
            var listed: [String] = []
            while true {
                let page = try h.state.list(query, within: scope).get()
                #expect(page.total == expected.count, "round \(round): \(query) within \(scope)")
                #expect(!page.totalIsLowerBound)
                listed += page.slots.map { h.book.id(ofSlot: $0) }
                guard let next = page.nextCursor else { break }
                query.cursor = next
            }
            #expect(listed == expected, "round \(round): \(query) within \(scope)")
            if !expected.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 40)
    }
}
