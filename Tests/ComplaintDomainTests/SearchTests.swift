import Foundation
import Testing

@testable import ComplaintDomain

/// Search by phone, name, home, id and text; the new filters, orders and totals — each compared
/// with a brute-force scan of every complaint, hot and cold.
@Suite("Search: phones, names, homes, text, orders and totals")
struct SearchTests {
    static let names = ["李伟", "王芳", "Li Wei", "张 三", "ＺＨＡＯ Ｌｅｉ"]
    static let buildings = ["3", "3栋", "3幢", "5号楼", "A座"]
    static let units = ["1202", "1202室", "0801", "1501号"]
    static let texts = ["电梯停运两天", "The ELEVATOR stopped", "楼道ＷＩＦＩ信号差", "垃圾未及时清运", "噪音扰民"]

    /// 90 complaints over two estates; every third is closed (cold), some dispatched to h1 or h2.
    static func populated() throws -> Harness {
        var h = Harness()
        for n in 0..<90 {
            h.advance(600)
            let phone = n % 4 == 0 ? "+86 139-0000-\(String(format: "%04d", n % 9))" : "1390000\(String(format: "%04d", n % 9))"
            let input = RegistrationInput(
                channel: .phone,
                complainant: ComplainantInput(
                    name: names[n % names.count], phone: phone, estate: n % 2 == 0 ? "阳光花园" : "翠湖苑",
                    building: buildings[n % buildings.count], unit: units[n % units.count]),
                content: texts[n % texts.count] + " #\(n)", demands: n % 7 == 0 ? "请回电 Callback" : "尽快处理", category: .engineering)
            let id = try h.register(input)
            if n % 3 == 0 {
                try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .minor, nature: .consulting)), by: Staff.director)
                try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: n % 2 == 0 ? "h1" : "h2")), by: Staff.receptionist)
                try h.run(.acknowledge(id: id, NoteInput()), by: n % 2 == 0 ? Staff.handler : Staff.colleague)
                try h.run(.resolve(id: id, ResolutionInput(measures: "调整", result: "已解决")), by: n % 2 == 0 ? Staff.handler : Staff.colleague)
                try h.run(.reply(id: id, ReplyInput(content: "已解决")), by: Staff.receptionist)
                try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
                try h.run(.close(id: id, CloseInput()), by: Staff.supervisor)
            } else if n % 5 == 0 {
                try h.run(.assess(id: id, AssessmentInput(valid: true, severity: n % 10 == 0 ? .important : .minor)), by: Staff.director)
                if n % 10 == 0 { try h.signOpinion(id) }  // important: the opinion comes before dispatch
                try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
            }
        }
        return h
    }

    /// Every page of `query`, checking each page's total against the whole.
    static func all(_ h: Harness, _ query: ComplaintQuery, within scope: AccessScope = .unrestricted) throws -> [String] {
        var query = query
        var ids: [String] = []
        var totals: Set<Int> = []
        while true {
            let page = try h.state.list(
                query, within: scope,
                coldText: { slot in
                    Harness.fold(h.book.id(ofSlot: slot), h.log).map { $0.content + "\n" + ($0.demands ?? "") }
                }
            ).get()
            #expect(!page.totalIsLowerBound)
            totals.insert(page.total)
            ids += page.slots.map { h.book.id(ofSlot: $0) }
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        #expect(totals == [ids.count], "every page reports the whole total")
        return ids
    }

    static func term(_ h: Harness, _ box: String) -> SearchTerm? {
        SearchTerm.parse(box) { h.state.indexes.search.hasOwner(named: $0, strings: h.book.strings) }
    }

    @Test func namesFoldWithoutSpacesCaseOrWidth() {
        // Names that fold to themselves (most) and names that do not, side by side.
        let folded = [
            "李伟": "李伟", "李 伟": "李伟", "李\t伟": "李伟", "李　伟": "李伟", "1202": "1202", "3栋": "3栋",
            "ＬＩ Wei": "liwei", "Ａ座": "a座", "ｂ12": "b12", "Müller": "müller", "": "",
        ]
        for (name, expected) in folded {
            #expect(SearchText.foldName(name) == expected, "\(name)")
            #expect(SearchText.foldName(expected) == expected, "folding is idempotent: \(expected)")
        }
    }

    /// Buildings and units lose the suffixes they are written with, however many, but never
    /// their last character; plain ASCII (most units) and other text by the same rules.
    @Test func buildingsAndUnitsLoseTheirSuffixes() {
        let buildings = [
            "3": "3", "3#": "3", "3##": "3", "#": "#", "##": "#", "12 #": "12", "3栋": "3", "3号楼": "3", "3号楼#": "3",
            "A座": "a", "座": "座", "Ｂ栋": "b", "east": "east", "3-": "3-",
        ]
        for (text, expected) in buildings { #expect(UnitKey.building(text) == expected, "\(text)") }
        let units = ["1202": "1202", "1202室": "1202", "1202号室": "1202", "1202#": "1202#", "室": "室", "0801号": "0801", "b12": "b12"]
        for (text, expected) in units { #expect(UnitKey.unit(text) == expected, "\(text)") }
    }

    @Test func theSearchBoxFindsPhonesNamesHomesAndText() throws {
        let h = try Self.populated()
        let everyone = h.everyComplaint
        let digits = { (c: Complaint) in
            String(String.UnicodeScalarView(c.complainant.phone.unicodeScalars.filter { $0.properties.numericType != nil }))
        }
        let cases: [(String, String, (Complaint) -> Bool)] = [
            ("13900000004", "phone", { digits($0).hasSuffix("13900000004") }),
            ("+86 139 0000 0004", "phone", { digits($0).hasSuffix("13900000004") }),
            ("１３９０００００００４", "phone", { digits($0).hasSuffix("13900000004") }),
            ("0004", "phoneTail", { digits($0).hasSuffix("0004") }),
            ("李伟", "name", { $0.complainant.name == "李伟" }),
            ("li wei", "name", { $0.complainant.name == "Li Wei" }),
            ("张三", "name", { $0.complainant.name == "张 三" }),
            ("zhao lei", "name", { $0.complainant.name == "ＺＨＡＯ Ｌｅｉ" }),
            ("3-1202", "unit", { ["3", "3栋", "3幢"].contains($0.complainant.building) && $0.complainant.unit.hasPrefix("1202") }),
            ("3栋1202", "unit", { ["3", "3栋", "3幢"].contains($0.complainant.building) && $0.complainant.unit.hasPrefix("1202") }),
            ("3幢1202室", "unit", { ["3", "3栋", "3幢"].contains($0.complainant.building) && $0.complainant.unit.hasPrefix("1202") }),
            ("elevator", "text", { $0.content.contains("ELEVATOR") }),
            ("wifi", "text", { $0.content.contains("ＷＩＦＩ") }),
            ("电梯", "text", { $0.content.contains("电梯") }),
            ("callback", "text", { $0.demands == "请回电 Callback" }),
        ]
        for (box, kind, keep) in cases {
            let term = try #require(Self.term(h, box), "\(box)")
            #expect(term.kind == kind, "\(box) read as \(term.kind)")
            var query = ComplaintQuery(limit: 7)
            query.search = [term]
            let expected = everyone.filter(keep).map(\.id)
            #expect(!expected.isEmpty, "\(box)")
            let listed = try Self.all(h, query)
            #expect(listed == expected, "\(box) \(term) \(expected) \(listed)")
        }
        let someone = everyone[40]
        #expect(
            try Self.all(
                h,
                {
                    var q = ComplaintQuery()
                    q.search = [Self.term(h, someone.id.lowercased())!]
                    return q
                }()) == [someone.id])
        var byCode = ComplaintQuery()
        byCode.search = [.trackingCode(someone.trackingCode)]
        #expect(try Self.all(h, byCode) == [someone.id])
        #expect(Self.term(h, "无此人") == .text(Array("无此人".utf8)), "an unknown name is text")
    }

    @Test func filtersCombineWithSearchAndMatchABruteForceScan() throws {
        let h = try Self.populated()
        let everyone = h.everyComplaint
        let now = h.now
        let home = { (c: Complaint, b: [String]) in b.contains(c.complainant.building) }
        let cases: [(ComplaintQuery, (Complaint) -> Bool)] = [
            (
                {
                    var q = ComplaintQuery(limit: 4)
                    q.statuses = [.received, .dispatched]
                    return q
                }(), { [.received, .dispatched].contains($0.status) }
            ),
            (
                {
                    var q = ComplaintQuery(limit: 5)
                    q.handler = .user("h1")
                    return q
                }(), { $0.handler == "h1" }
            ),
            (
                {
                    var q = ComplaintQuery(limit: 5)
                    q.handler = .unassigned
                    return q
                }(), { $0.handler == nil }
            ),
            (ComplaintQuery(building: "3", limit: 6), { home($0, ["3", "3栋", "3幢"]) }),
            (ComplaintQuery(estate: "翠湖苑", building: "3栋", limit: 3), { $0.complainant.estate == "翠湖苑" && home($0, ["3", "3栋", "3幢"]) }),
            (
                {
                    var q = ComplaintQuery(limit: 5)
                    q.unit = "1202"
                    return q
                }(), { $0.complainant.unit.hasPrefix("1202") }
            ),
            (
                {
                    var q = ComplaintQuery(limit: 5)
                    q.unit = "5-0801"
                    return q
                }(), { $0.complainant.building == "5号楼" && $0.complainant.unit == "0801" }
            ),
            (
                {
                    var q = ComplaintQuery(estate: "阳光花园", limit: 2)
                    q.search = [.phoneTail(4)]
                    return q
                }(),
                {
                    $0.complainant.estate == "阳光花园" && $0.complainant.phone.hasSuffix("0004")
                }
            ),
            (
                {
                    var q = ComplaintQuery(status: .closed, limit: 3)
                    q.search = [.text(SearchText.fold("电梯"))]
                    return q
                }(),
                {
                    $0.status == .closed && $0.content.contains("电梯")
                }
            ),
            (
                {
                    var q = ComplaintQuery(now: now, limit: 4)
                    q.dueWithin = 7_200
                    return q
                }(),
                {
                    $0.nextDueAt.map { $0 <= now.addingTimeInterval(7_200) } ?? false
                }
            ),
        ]
        for (query, keep) in cases {
            let expected = everyone.filter(keep).map(\.id)
            #expect(!expected.isEmpty, "\(query)")
            #expect(try Self.all(h, query) == expected, "\(query)")
        }
    }

    @Test func ordersSortEveryMatchAndPageByKey() throws {
        let h = try Self.populated()
        let everyone = h.everyComplaint
        let sequence = { (c: Complaint) in ComplaintBook.sequence(inID: c.id)! }
        for text in ["received", "-received", "updated", "-updated", "due", "-due"] {
            var query = ComplaintQuery(limit: 9)
            query.sort = ListSort(text)!
            let listed = try Self.all(h, query)
            let key: (Complaint) -> (Int, Double, Int) = { c in
                switch query.sort.key {
                case .received: return (0, 0, sequence(c))
                case .updated: return (0, c.updatedAt.timeIntervalSince1970, sequence(c))
                case .due: return c.nextDueAt.map { (0, $0.timeIntervalSince1970, sequence(c)) } ?? (1, 0, sequence(c))
                }
            }
            let expected = everyone.sorted { a, b in
                let (x, y) = (key(a), key(b))
                if x.0 != y.0 { return x.0 < y.0 }
                if x.1 != y.1 { return query.sort.descending ? x.1 > y.1 : x.1 < y.1 }
                return query.sort.descending ? x.2 > y.2 : x.2 < y.2
            }.map(\.id)
            #expect(listed == expected, "sort=\(text)")
        }
        var wrong = ComplaintQuery(
            cursor: try h.state.list(
                {
                    var q = ComplaintQuery(limit: 2)
                    q.sort = ListSort("due")!
                    return q
                }()
            ).get().nextCursor)
        wrong.sort = .newestFirst
        #expect(h.state.list(wrong).error?.shortKind == "validation", "a cursor of another order is refused")
    }

    @Test func aTextSearchOverManyColdComplaintsSaysAtLeast() throws {
        let h = try Self.populated()
        var query = ComplaintQuery(limit: 50)
        query.search = [.text(SearchText.fold("#"))]
        var reads = 0
        let page = try h.state.list(
            query,
            coldText: { slot in
                reads += 1
                return Harness.fold(h.book.id(ofSlot: slot), h.log)?.content
            }, coldReads: 5
        ).get()
        #expect(reads == 5 && page.totalIsLowerBound && page.nextCursor != nil && page.total >= page.slots.count)
        query.sort = ListSort("updated")!
        let refused = h.state.list(query, coldText: { _ in "#" }, coldReads: 5).error
        #expect(refused?.shortKind == "validation")
        // Named by a catalogue key (worded in the reader's language), with the budget it exceeded.
        #expect(refused?.kind == .validation([FieldError(field: "sort", rule: .searchNewestFirstOnly, values: ["limit": "5"])]))
    }

    @Test func aScopedSearchNeverShowsWhatTheScopeHides() throws {
        let h = try Self.populated()
        let everyone = h.everyComplaint
        let estateScope = AccessScope(actor: Staff.receptionist, estates: ["翠湖苑"])
        let handlerScope = AccessScope(actor: Staff.outsider, estates: [])
        for box in ["0004", "13900000004", "李伟", "3-1202", "电梯"] {
            var query = ComplaintQuery(limit: 6)
            query.search = [try #require(Self.term(h, box))]
            let all = Set(try Self.all(h, query))
            let scoped = try Self.all(h, query, within: estateScope)
            #expect(scoped == everyone.filter { all.contains($0.id) && $0.complainant.estate == "翠湖苑" }.map(\.id), "\(box)")
            #expect(try Self.all(h, query, within: handlerScope).isEmpty, "\(box): another department's handler sees none")
        }
        var mine = ComplaintQuery()
        mine.handler = .user("h2")
        let colleagueScope = AccessScope(actor: Staff.colleague, estates: [])
        #expect(try Self.all(h, mine, within: colleagueScope) == everyone.filter { $0.handler == "h2" }.map(\.id))
        #expect(try Self.all(h, ComplaintQuery(estate: "阳光花园"), within: estateScope).isEmpty)
    }

    @Test func searchIndexesAreRebuiltFromASnapshot() throws {
        let h = try Self.populated()
        let restored = ComplaintState(policy: WorkflowPolicy(), restoring: h.state.snapshot)
        for box in ["0004", "13900000004", "li wei", "3栋1202"] {
            var query = ComplaintQuery(limit: 200)
            query.search = [try #require(Self.term(h, box))]
            #expect(try restored.list(query).get().slots == h.state.list(query).get().slots, "\(box)")
        }
    }
}
