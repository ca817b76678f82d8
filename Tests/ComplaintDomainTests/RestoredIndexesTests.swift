import Foundation
import Testing

@testable import ComplaintDomain

/// The list and search indexes a snapshot load builds in bulk are exactly those the live fold built.
struct RestoredIndexesTests {
    @Test func everyIndexAfterRestoreEqualsTheFoldedOne() throws {
        var harness = Harness()
        // Estates, buildings written several ways (the same home for search), units, names that
        // fold (full-width, spaced), phones sharing tails, every channel and category.
        let estates = ["阳光花园", "翠湖苑", "Lakeside"]
        let buildings = ["3栋", "3幢", "３号楼", "12#", "A座"]
        let units = ["1201", "1201室", "０８02", "502号"]
        let names = ["张三", "李 四", "ＷＡＮＧ Wu", "赵六", "wang wu"]
        let categories: [Department?] = [nil] + Department.allCases.map { $0 }
        var ids: [String] = []
        for index in 0..<60 {
            let input = RegistrationInput(
                channel: Channel.allCases[index % Channel.allCases.count],
                complainant: ComplainantInput(
                    name: names[index % names.count], phone: "1380013\(String(format: "%04d", index % 7 * 1111))",
                    estate: estates[index % estates.count], building: buildings[index / 3 % buildings.count],
                    unit: units[index / 2 % units.count]),
                content: "电梯停运两天无人处理", demands: "尽快修复", category: categories[index % categories.count])
            ids.append(try harness.register(input))
            harness.advance(61)
        }
        // Statuses, severities, departments, visits and escalations move slots between sets.
        for status in ComplaintStatus.allCases {
            for severity in Severity.allCases {
                ids.append(try harness.make(status, severity: severity))
                harness.advance(97)
            }
        }
        harness.advance(3 * 3600)
        for due in harness.book.dueDeadlines(now: harness.now).prefix(5) {
            _ = try? harness.run(due.command, by: Staff.system)
        }
        let live = harness.state.indexes
        let restored = ComplaintState(policy: harness.book.policy, restoring: harness.state.snapshot).indexes
        // The data covers what the bulk build could get wrong: several lists, folded names and
        // homes written in several ways, visits and escalations.
        #expect(live.slotsByEstate.count == estates.count)
        #expect(!live.search.foldedNames.isEmpty)
        #expect(live.search.newestByHome.count < live.search.normalBuilding.count * live.search.normalUnit.count)
        #expect(!live.visitPending.members.isEmpty || !live.escalatedOpen.members.isEmpty)
        expectSame(restored, live)
    }

    /// A full replay leaves the lists and search chains to the end and builds them from the
    /// records (`deferringLists`); they must be exactly those following every event builds.
    @Test func aFullReplayBuildingTheListsAtTheEndEqualsTheLiveFold() throws {
        var policy = WorkflowPolicy()
        policy.approvalRequiredForMinor = false
        let h = ReportLedgerTests.simulate(seed: 29, complaints: 250)
        var deferred = ComplaintState(policy: policy)
        var departed: [Complaint] = []
        for (index, event) in h.log.enumerated() {
            if case .needsHistory(let slot) = deferred.replay(event, departed: &departed, deferringLists: true) {
                deferred.book.hydrate(Harness.fold(deferred.book.id(ofSlot: slot), Array(h.log[..<index]))!)
                deferred.evolve(event, slot: slot, keepingWhole: false)
            }
        }
        // Before the build, the deferred lists hold nothing a list could be answered from.
        #expect(deferred.indexes.slotsByEstate.isEmpty)
        deferred.buildListsAfterReplay()
        expectSameAsLive(deferred, departed: departed, log: h.log, policy: policy)
    }

    /// A full replay on two threads: the book folds, and the worker lists and the report ledger
    /// follow behind it, a batch at a time (`ComplaintState.Followers`), also after a complaint
    /// was brought back for a late event. The end is the live fold's.
    @Test func readModelsFollowingBehindTheFoldEndAsTheLiveFold() throws {
        var policy = WorkflowPolicy()
        policy.approvalRequiredForMinor = false
        var log = ReportLedgerTests.simulate(seed: 31, complaints: 250).log
        // A fact reaching a complaint closed for good long before (as a late link does).
        let closed = try #require(log.lazy.compactMap { event -> String? in if case .closed(let e) = event { e.complaintID } else { nil } }.first)
        let late = log[log.count - 1].at.addingTimeInterval(86_400)
        log.append(.linked(.init(complaintID: closed, at: late, actor: Staff.receptionist, incidentID: "LIFT-9")))
        var folded = ComplaintState(policy: policy)
        var followers = folded.takeFollowers()
        var departed: [Complaint] = []
        var behind: [(DomainEvent, ComplaintBook.DeferredStep)] = []
        var broughtBack = 0
        for (index, event) in log.enumerated() {
            var step: ComplaintBook.DeferredStep?
            if case .needsHistory(let slot) = folded.replayLeavingReadSide(event, sequence: nil, departed: &departed, step: &step) {
                folded.book.hydrate(Harness.fold(folded.book.id(ofSlot: slot), Array(log[..<index]))!)
                _ = folded.evolveLeavingReadSide(event, slot: slot, step: &step)
                broughtBack += 1
            }
            if let step { behind.append((event, step)) }
            // The read side lags a batch behind, as the reading thread does.
            if behind.count >= 37 {
                for (event, step) in behind { followers.follow(event, step) }
                behind.removeAll()
            }
            // Nothing followed reaches the state's own read models meanwhile.
            #expect(folded.ledger.activities.count == 0 && folded.indexes.slotsByWorker.isEmpty)
        }
        for (event, step) in behind { followers.follow(event, step) }
        folded.returnFollowers(followers)
        folded.buildListsAfterReplay()
        #expect(broughtBack > 0, "a late event reached a complaint closed for good")
        expectSameAsLive(folded, departed: departed, log: log, policy: policy)
    }

    /// Every read model and the book of `deferred` (a full replay of `log`, lists built at the
    /// end) are those the live fold, following every event, made.
    private func expectSameAsLive(_ deferred: ComplaintState, departed: [Complaint], log: [DomainEvent], policy: WorkflowPolicy) {
        let live = ReplayStepTests.foldedBothWays(log, policy: policy).replayed
        #expect(live.book.count == deferred.book.count && live.book.count >= 200)
        #expect(!live.indexes.slotsByWorker.isEmpty && !live.indexes.visitPending.members.isEmpty)
        #expect(!departed.isEmpty, "complaints closed for good left memory")
        expectSame(deferred.indexes, live.indexes)
        // The records of the complaints still hot, made at the end, the strings, the report
        // figures and the hot complaints are those following every event made.
        #expect(live.book.hotCount > 0 && live.book.hotCount < live.book.count)
        for slot in 0..<live.book.count { #expect(deferred.book.record(at: slot) == live.book.record(at: slot), "slot \(slot)") }
        #expect(elements(deferred.book.strings.users.snapshot) == elements(live.book.strings.users.snapshot))
        #expect(elements(deferred.book.strings.names.snapshot) == elements(live.book.strings.names.snapshot))
        #expect(deferred.book.slotsByIncident == live.book.slotsByIncident)
        #expect(deferred.book.hot.slots == live.book.hot.slots)
        for slot in live.book.hot.slots { #expect(deferred.book.hot[slot] == live.book.hot[slot]) }
        #expect(deferred.ledger.totals.parts == live.ledger.totals.parts)
        #expect(live.ledger.totals.parts[3].reduce(0, +) > 0, "escalations were counted")
        #expect(elements(deferred.ledger.activities) == elements(live.ledger.activities))
        #expect(deferred.ledger.openBalance == live.ledger.openBalance)
        // The clocks, armed once at the end, are those re-arming at every event left live.
        #expect(!live.book.armed.isEmpty)
        #expect(deferred.book.armed == live.book.armed)
        #expect(deferred.book.nextDeadline == live.book.nextDeadline)
        #expect(deferred.book.dueDeadlines(now: .distantFuture) == live.book.dueDeadlines(now: .distantFuture))
        #expect(!live.book.dueDeadlines(now: .distantFuture).isEmpty)
    }

    private func expectSame(_ a: ComplaintIndexes, _ b: ComplaintIndexes) {
        for value in ComplaintStatus.allCases { #expect(a.status.slots(value).members == b.status.slots(value).members) }
        for value in Severity.allCases { #expect(a.severity.slots(value).members == b.severity.slots(value).members) }
        for value in Department.allCases {
            #expect(a.department.slots(value).members == b.department.slots(value).members)
            #expect(a.category.slots(value).members == b.category.slots(value).members)
        }
        for value in Channel.allCases { #expect(a.channel.slots(value).members == b.channel.slots(value).members) }
        #expect(a.visitPending.members == b.visitPending.members)
        #expect(a.escalatedOpen.members == b.escalatedOpen.members)
        #expect(a.slotsByEstate == b.slotsByEstate)
        #expect(a.slotsByBuilding == b.slotsByBuilding)
        #expect(a.slotsByWorker == b.slotsByWorker)
        let s = a.search
        let t = b.search
        #expect(s.newestByPhoneTail == t.newestByPhoneTail)
        #expect(s.countByPhoneTail == t.countByPhoneTail)
        #expect(elements(s.previousByPhoneTail) == elements(t.previousByPhoneTail))
        #expect(s.newestByName == t.newestByName)
        #expect(elements(s.previousByName) == elements(t.previousByName))
        #expect(s.foldedNames == t.foldedNames)
        #expect(s.normalBuilding == t.normalBuilding)
        #expect(s.normalUnit == t.normalUnit)
        #expect(s.buildingParts == t.buildingParts)
        #expect(s.unitParts == t.unitParts)
        #expect(s.newestByHome == t.newestByHome)
        #expect(elements(s.previousByHome) == elements(t.previousByHome))
        #expect(s.homesByUnit == t.homesByUnit)
    }

    private func elements<Element>(_ array: ChunkedArray<Element>) -> [Element] { (0..<array.count).map { array[$0] } }
}
