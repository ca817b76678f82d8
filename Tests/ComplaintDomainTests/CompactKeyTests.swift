import Testing

@testable import ComplaintDomain

/// The keys compact records are found by: a tracking code's 128 bits and a building's id within
/// its estate. Both have fast paths (bytes read in place, a side table by estate id); these
/// check they give what the plain rules say.
struct CompactKeyTests {
    @Test func trackingCodesParseInEitherCaseAndRefuseAnythingElse() throws {
        let lower = try #require(TrackingIndex.Code("0123456789abcdef0f1e2d3c4b5a6978"))
        #expect(lower.high == 0x0123_4567_89ab_cdef)
        #expect(lower.low == 0x0f1e_2d3c_4b5a_6978)
        #expect(TrackingIndex.Code("0123456789ABCDEF0F1E2D3C4B5A6978") == lower)
        // One digit short or long, a non-hex digit, a non-ASCII character, nothing.
        #expect(TrackingIndex.Code("0123456789abcdef0f1e2d3c4b5a697") == nil)
        #expect(TrackingIndex.Code("0123456789abcdef0f1e2d3c4b5a69780") == nil)
        #expect(TrackingIndex.Code("0123456789abcdeg0f1e2d3c4b5a6978") == nil)
        #expect(TrackingIndex.Code("0123456789abcdef0f1e2d3c4b5a697编") == nil)
        #expect(TrackingIndex.Code("") == nil)
        // A substring's bytes are not its own allocation: parsed all the same.
        let padded = " 0123456789abcdef0f1e2d3c4b5a6978 "
        #expect(TrackingIndex.Code(String(padded.dropFirst().dropLast())) == lower)
        // A code that is not 32 hex digits still stands for itself, and only for itself.
        #expect(TrackingIndex.Code(presented: "hand-made") == TrackingIndex.Code(legacy: "hand-made"))
        #expect(TrackingIndex.Code(presented: "hand-made") != TrackingIndex.Code(presented: "hand-madE"))
    }

    @Test func aPhoneKeyIsTheHashAndTailOfItsDigitsWhateverSurroundsThem() {
        // Separators, full-width digits and a country prefix's "+" are not digits; the key is
        // the one the digits alone give, in one pass (no array of digits is made).
        let forms = ["13800138000", "138-0013-8000", "１３８ ００１３ ８０００", "(138) 0013 8000"]
        let keys = forms.map { PhoneKey.key($0) }
        for key in keys { #expect(key.hash == keys[0].hash && key.tail == 8000) }
        #expect(keys[0].hash == PhoneKey.hash(digits: PhoneKey.digits("13800138000")))
        #expect(PhoneKey.key("+86 138 0013 8001").hash != keys[0].hash)
        #expect(PhoneKey.key("+86 138 0013 8001").tail == 8001)
        // A tail keeps its leading zeros' place: 0042 is 42, not some other four digits.
        #expect(PhoneKey.key("010-6552-0042").tail == 42)
        // Fewer than four digits: no tail; no digits: hash 0, never the hash of a number.
        #expect(PhoneKey.key("110").tail == PhoneKey.noTail)
        #expect(PhoneKey.key("110").hash == PhoneKey.hash(digits: [1, 1, 0]))
        #expect(PhoneKey.key("无").hash == 0 && PhoneKey.key("无").tail == PhoneKey.noTail)
        #expect(PhoneKey.key("0").hash != 0)
        for phone in ["13800138000", "110", "", "０１２３４５"] {
            #expect(PhoneKey.hash(phone) == PhoneKey.hash(digits: PhoneKey.digits(phone)))
            #expect(PhoneKey.tail(phone) == PhoneKey.tail(digits: PhoneKey.digits(phone)))
        }
    }

    @Test func aRegistrationReusingATrackingCodeIsDroppedAndTheFirstOwnerKeepsIt() throws {
        var harness = Harness()
        let first = try harness.register()
        let second = try harness.register()
        guard case .registered(let registered) = try #require(harness.log.first) else {
            Issue.record("the first event is the registration")
            return
        }
        // A later registration (its sequence ahead) under the first complaint's tracking code, as
        // a damaged or hand-edited log could hold: the book keeps the code for the first owner.
        var reused = registered
        reused.sequence = harness.book.nextSequence
        reused.complaintID = "C-\(reused.sequence)-reused"
        var book = harness.book
        let refused = book.evolve(.registered(reused))
        #expect(refused == nil)
        #expect(book.count == harness.book.count)
        #expect(book.complaint(trackingCode: registered.trackingCode)?.id == first)
        // A fresh code still registers, after the refused one, and every code finds its own.
        var fresh = reused
        fresh.trackingCode = "0123456789abcdef0f1e2d3c4b5a6978"
        let added = book.evolve(.registered(fresh))
        let change = try #require(added)
        #expect(change.slot == harness.book.count)
        #expect(book.complaint(trackingCode: "0123456789ABCDEF0F1E2D3C4B5A6978")?.id == fresh.complaintID)
        #expect(book.complaint(trackingCode: harness.complaint(second).trackingCode)?.id == second)
    }

    @Test func buildingsAreInternedPerEstateAndFoundByTheirJoinedKey() {
        var strings = BookStrings()
        let green = strings.estates.intern("绿城花园")
        let river = strings.estates.intern("望江花园一期")
        let greenThree = strings.internBuilding("3", estate: green, estateName: "绿城花园")
        let riverThree = strings.internBuilding("3", estate: river, estateName: "望江花园一期")
        #expect(greenThree != riverThree)
        #expect(strings.internBuilding("3", estate: green, estateName: "绿城花园") == greenThree)
        #expect(strings.buildings.count == 2)
        // Filters look a building up by its joined key: the same id.
        #expect(strings.buildings.id(of: BookStrings.buildingKey(estate: "望江花园一期", building: "3")) == riverThree)
        #expect(strings.buildingName(riverThree) == "3")

        // After a restart the table comes from a snapshot without the side table: interning
        // again finds the same ids rather than adding buildings.
        var restored = BookStrings()
        restored.estates = StringTable(adoptingWithoutLookup: strings.estates.snapshot)
        restored.buildings = StringTable(adoptingWithoutLookup: strings.buildings.snapshot)
        restored.rebuildLookups()
        #expect(restored.internBuilding("3", estate: river, estateName: "望江花园一期") == riverThree)
        #expect(restored.internBuilding("3", estate: green, estateName: "绿城花园") == greenThree)
        #expect(restored.buildings.count == 2)
    }

    @Test func stringsAreInternedByTheirBytesAndReadBackAsGiven() {
        var table = StringTable()
        let green = table.intern("绿城花园")
        // Built from pieces, not a literal: the same bytes, the same id.
        let built = ["绿城", "花园"].joined()
        #expect(table.intern(built) == green)
        #expect(table.id(of: built) == green)
        #expect(table.intern("绿城花园 ") != green)
        #expect(table.id(of: "绿城") == nil)
        // Canonically equivalent spellings with other bytes are two strings to the table, each
        // read back exactly as it was given.
        let composed = table.intern("Caf\u{E9}")
        let decomposed = table.intern("Cafe\u{301}")
        #expect(composed != decomposed)
        #expect(Array(table[decomposed].utf8) == Array("Cafe\u{301}".utf8))
        #expect(Array(table[composed].utf8) == Array("Caf\u{E9}".utf8))
        #expect(table.count == 4)

        // Rebuilt from its strings (a restart), the lookup finds the first id of each.
        var restored = StringTable(adoptingWithoutLookup: table.snapshot)
        restored.rebuildLookup()
        #expect(restored.id(of: "Cafe\u{301}") == decomposed)
        #expect(restored.intern("绿城花园") == green)
        #expect(restored.count == 4)
    }
}
