import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Access scopes, dispatch checks and intake hints")
struct AccessScopeTests {
    /// The listing fixture plus work by h2 (now of cleaning) on complaints later moved to cleaning.
    static func populated() throws -> Harness {
        var h = try ListingTests.populated()
        for n in stride(from: 1, to: 60, by: 7) {
            let id = "C2611-\(String(format: "%06d", n))"
            guard h.complaint(id).status == .assessed else { continue }
            try h.signOpinion(id)
            try h.run(.dispatch(id: id, DispatchInput(department: .cleaningGreening, handler: "h2")), by: Staff.receptionist)
        }
        return h
    }

    /// Pages through a query within a scope to the end.
    static func all(_ h: Harness, _ query: ComplaintQuery, _ scope: AccessScope) throws -> [String] {
        var query = query
        var ids: [String] = []
        while true {
            let page = try h.list(query, within: scope).get()
            #expect(page.ids.count <= query.limit)
            ids += page.ids
            guard let next = page.next else { return ids }
            query.cursor = next
        }
    }

    @Test func scopedListsMatchABruteForceScan() throws {
        let h = try Self.populated()
        let scopes: [AccessScope] = [
            .unrestricted,
            AccessScope(actor: Staff.receptionist, estates: ["翠湖苑"]),
            AccessScope(actor: Staff.receptionist, estates: ["翠湖苑", "金色家园", "无此小区"]),
            AccessScope(actor: Staff.handler, estates: []),
            AccessScope(actor: Staff.head, estates: ["阳光花园"]),
            // h2 is an engineering handler who worked on cleaning complaints: both show.
            AccessScope(actor: Staff.colleague, estates: []),
            AccessScope(actor: Actor(id: "h2", role: .handler, department: .orderSecurity), estates: ["金色家园"]),
            AccessScope(actor: Staff.otherHead, estates: []),
        ]
        let queries: [(ComplaintQuery, (Complaint) -> Bool)] = [
            (ComplaintQuery(limit: 7), { _ in true }),
            (ComplaintQuery(status: .dispatched, limit: 5), { $0.status == .dispatched }),
            (ComplaintQuery(estate: "翠湖苑", limit: 4), { $0.complainant.estate == "翠湖苑" }),
            (ComplaintQuery(text: "漏水", limit: 3), { $0.content.contains("漏水") }),
        ]
        var nonEmpty = 0
        for scope in scopes {
            for (query, keep) in queries {
                let expected = ListingTests.expected(h) { keep($0) && $0.isVisible(to: scope) }
                let listed = try Self.all(h, query, scope)
                #expect(listed == expected, "scope \(scope), query \(query)")
                if !listed.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > 20, "the fixture exercises the scopes")
        // A restored book (snapshot) indexes the same past work.
        var restored = h
        restored.state = ComplaintState(policy: h.book.policy, restoring: h.state.snapshot)
        for scope in scopes {
            #expect(try Self.all(restored, ComplaintQuery(limit: 9), scope) == Self.all(h, ComplaintQuery(limit: 9), scope))
        }
    }

    @Test func outOfScopeIsNotFoundForEveryCommand() throws {
        var h = Harness()
        let id = try h.make(.inProgress)
        let elsewhere = AccessScope(actor: Staff.manager, estates: ["别的小区"])
        for action in Action.allCases {
            let error = h.book.decide(sampleCommand(action, for: h.complaint(id)), by: Staff.admin, within: elsewhere, now: h.now).error
            #expect(error?.shortKind == "notFound", "\(action): \(String(describing: error))")
        }
        #expect(h.book.decide(.viewContact(id: id), by: Staff.manager, within: elsewhere, now: h.now).error?.shortKind == "notFound")
        let otherDepartment = AccessScope(actor: Staff.outsider, estates: [])
        #expect(
            h.book.decide(.progress(id: id, ProgressInput(text: "x")), by: Staff.outsider, within: otherDepartment, now: h.now)
                .error?.shortKind == "notFound")
        let ownDepartment = AccessScope(actor: Staff.colleague, estates: [])
        #expect(
            (try? h.book.decide(.progress(id: id, ProgressInput(text: "x")), by: Staff.colleague, within: ownDepartment, now: h.now).get()) != nil)
        // Registering outside one's estates names the field.
        let registering = h.book.decide(
            .register(registration(), sequence: h.book.nextSequence, trackingCode: "T-out"),
            by: Staff.receptionist, within: elsewhere, now: h.now)
        #expect(registering.error?.kind == .validation([FieldError(field: "complainant.estate", rule: .estateNotServed)]))
    }

    @Test func dispatchNamesAHandlerOfTheDepartmentWhoServesTheEstate() throws {
        var h = Harness()
        h.state.book.staff = StaffDirectory(members: [
            "h1": .init(role: .handler, department: .engineering, estates: []),
            "h9": .init(role: .handler, department: .cleaningGreening, estates: []),
            "far": .init(role: .handler, department: .engineering, estates: ["别的小区"]),
            "dh1": .init(role: .departmentHead, department: .engineering, estates: ["阳光花园"]),
            "r1": .init(role: .receptionist, department: nil, estates: []),
        ])
        let id = try h.make(.assessed)
        for handler in ["nobody", "h9", "far", "r1"] {
            let error = h.attempt(.dispatch(id: id, DispatchInput(department: .engineering, handler: handler)), by: Staff.receptionist).error
            guard case .validation(let fields) = error?.kind else {
                Issue.record("\(handler): \(String(describing: error))")
                continue
            }
            #expect(fields.map(\.field) == ["handler"] && fields[0].values["handler"] == handler)
        }
        for handler in ["h1", "dh1"] {
            #expect(
                (try? h.attempt(.dispatch(id: id, DispatchInput(department: .engineering, handler: handler)), by: Staff.receptionist).get()) != nil)
        }
    }

    @Test func anIntakeIncidentKeyIsAHintUntilStaffLinkIt() throws {
        var h = Harness()
        var ids: [String] = []
        for n in 0..<7 {
            let id = try h.register(registration(unit: "90\(n)", phone: "1380000000\(n)", incidentKey: "WATER"), by: Staff.intake)
            ids.append(id)
            #expect(h.complaint(id).incidentID == nil && h.complaint(id).incidentHint == "WATER")
        }
        #expect(h.book.distinctOwners(ofIncident: "WATER") == 0)
        #expect(h.book.followUpCommands(after: h.log).isEmpty)
        // An older log recorded the intake key as `incidentKey`: it is replayed as a hint too.
        guard case .registered(var old) = h.log[0] else {
            Issue.record("not a registration")
            return
        }
        old.incidentKey = "WATER"
        old.incidentHint = nil
        var replayed = ComplaintBook()
        replayed.evolve(.registered(old))
        #expect(replayed.complaint(id: old.complaintID)?.incidentID == nil && replayed.distinctOwners(ofIncident: "WATER") == 0)
        // Staff links count.
        for id in ids.prefix(6) { try h.run(.link(id: id, LinkInput(incidentID: "WATER")), by: Staff.receptionist) }
        #expect(h.book.distinctOwners(ofIncident: "WATER") == 6)
        #expect(h.book.followUpCommands(after: Array(h.log.suffix(1))).count == 6)
        // And intake may not settle a complaint at the counter.
        let onSpot = registration(onSpot: OnSpotInput(measures: "m", result: "r"))
        #expect(h.attempt(.register(onSpot, sequence: h.book.nextSequence, trackingCode: "T-spot"), by: Staff.intake).error?.shortKind == "forbidden")
    }
}
