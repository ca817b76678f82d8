import JSONCodec
import Testing

/// Typed decoding straight from bytes: the values, the optional fields, and errors that say
/// which field is wrong.
struct TypedDecodingTests {
    static let document = #"""
        {"id":"C2611-000042","channel":"phone",
         "complainant":{"name":"欧阳秀英","phone":"13800138000","unit":"3幢2单元1502"},
         "content":"楼上漏水，导致我家卫生间天花板发霉。\n已多次反映未果 (\"urgent\")，请尽快处理 😡",
         "demands":null,"urgent":true,"score":4.5,
         "clocks":[{"kind":"resolve","dueAt":1764059200123},{"dueAt":1764404800123,"kind":"reply","note":"ignored"}],
         "tags":["漏水","repeat"],"unknownObject":{"deep":[1,{"x":null}]}}
        """#

    static let expected = ComplaintRecord(
        id: "C2611-000042", channel: .phone,
        complainant: Complainant(name: "欧阳秀英", phone: "13800138000", unit: "3幢2单元1502"),
        content: "楼上漏水，导致我家卫生间天花板发霉。\n已多次反映未果 (\"urgent\")，请尽快处理 😡",
        demands: nil, urgent: true, score: 4.5,
        clocks: [Clock(kind: .resolve, dueAt: 1_764_059_200_123), Clock(kind: .reply, dueAt: 1_764_404_800_123)],
        tags: ["漏水", "repeat"])

    @Test func aNestedRecordDecodesWithChineseTextOptionalsAndArraysOfObjects() throws {
        let record = try JSONReader.decode(ComplaintRecord.self, from: Array(Self.document.utf8))
        #expect(record == Self.expected)
    }

    @Test func encodingThenDecodingGivesTheSameRecord() throws {
        let bytes = JSONWriter.encode(Self.expected)
        #expect(try JSONReader.decode(ComplaintRecord.self, from: bytes) == Self.expected)
        var sparse = Self.expected
        sparse.complainant.unit = nil
        sparse.score = nil
        let sparseBytes = JSONWriter.encode(sparse)
        #expect(!String(decoding: sparseBytes, as: UTF8.self).contains("score"))
        #expect(String(decoding: sparseBytes, as: UTF8.self).contains(#""demands":null"#))
        #expect(try JSONReader.decode(ComplaintRecord.self, from: sparseBytes) == sparse)
    }

    static func error(_ text: String) -> JSONError? {
        do {
            _ = try JSONReader.decode(ComplaintRecord.self, from: Array(text.utf8))
            return nil
        } catch let error as JSONError {
            return error
        } catch {
            return nil
        }
    }

    static func replacing(_ old: String, with new: String) -> String {
        document.replacing(old, with: new)
    }

    @Test func aWrongTypeNamesTheFieldByItsPath() throws {
        let error = try #require(Self.error(Self.replacing(#""phone":"13800138000""#, with: #""phone":13800138000"#)))
        #expect(error.kind == .typeMismatch)
        #expect(error.path.description == "complainant.phone")
        #expect(error.description.hasPrefix("complainant.phone: expected a string, found a number"))
    }

    @Test func pathsIndexIntoArrays() throws {
        let error = try #require(Self.error(Self.replacing(#""kind":"reply""#, with: #""kind":"never""#)))
        #expect(error.kind == .invalidValue)
        #expect(error.path.description == "clocks[1].kind")
        let numberError = try #require(Self.error(Self.replacing("1764404800123", with: "1.5")))
        #expect(numberError.kind == .numberNotInteger)
        #expect(numberError.path == [.key("clocks"), .index(1), .key("dueAt")])
        let tagError = try #require(Self.error(Self.replacing(#""repeat""#, with: "7")))
        #expect(tagError.path.description == "tags[1]")
    }

    @Test func aMissingMemberIsNamedWhereItShouldBe() throws {
        let error = try #require(Self.error(Self.replacing(#""name":"欧阳秀英","#, with: "")))
        #expect(error.kind == .missingMember)
        #expect(error.path.description == "complainant.name")
        let top = try #require(Self.error(Self.replacing(#""content":"#, with: #""contents":"#)))
        #expect(top.path.description == "content")
    }

    @Test func duplicatesAreRefusedEvenInMembersTheDecoderSkips() throws {
        let error = try #require(Self.error(Self.replacing(#"{"x":null}"#, with: #"{"x":null,"x":1}"#)))
        #expect(error.kind == .duplicateKey)
        #expect(error.path.description == "unknownObject.deep[1].x")
        let top = try #require(Self.error(Self.replacing(#""urgent":true,"#, with: #""urgent":true,"urgent":false,"#)))
        #expect(top.path.description == "urgent")
    }

    @Test func malformedJSONInsideARecordReportsThePathToo() throws {
        let error = try #require(Self.error(Self.replacing(#""unit":"3幢2单元1502""#, with: #""unit":"3幢\x""#)))
        #expect(error.kind == .invalidEscape)
        #expect(error.path.description == "complainant.unit")
    }

    @Test func pathsQuoteNamesThatAreNotIdentifiers() {
        let path: JSONPath = [.key("items"), .index(3), .key("unit no."), .key("业主")]
        #expect(path.description == #"items[3]["unit no."].业主"#)
        #expect(JSONPath().description == "")
    }

    @Test func stringEnumsDecodeByTheDefaultAndByACaseTable() throws {
        #expect(try JSONReader.decode([Channel].self, from: Array(#"["visit","online"]"#.utf8)) == [.visit, .online])
        #expect(try JSONReader.decode([ClockKind].self, from: Array(#"["reply","dispatch"]"#.utf8)) == [.reply, .dispatch])
        let error = #expect(throws: JSONError.self) { try JSONReader.decode(Channel.self, from: Array(#""fax""#.utf8)) }
        #expect(error?.kind == .invalidValue)
        #expect(error?.detail.contains(#""phone", "visit", "online""#) == true)
        #expect(ClockKind.jsonCases.value(named: JSONKey("resolve")) == .resolve)
        #expect(ClockKind.jsonCases.value(named: JSONKey("resolved")) == nil)
    }

    @Test func dictionariesAndOptionalsDecode() throws {
        let map = try JSONReader.decode([String: Int?].self, from: Array(#"{"翠苑小区":3,"金色家园":null}"#.utf8))
        #expect(map.count == 2 && map["翠苑小区"] == .some(3) && map["金色家园"] == .some(nil))
        #expect(try JSONReader.decode(String?.self, from: Array("null".utf8)) == nil)
    }

    @Test func keysMatchLiteralsOfEveryLength() throws {
        let names = [
            "", "a", "ab", "seven77", "eight888", "fifteen15fifte", "sixteen16sixtee", "name-of-31-bytes-xxxxxxxxxxxxxx",
            "name-of-32-bytes-xxxxxxxxxxxxxxx", "a-name-of-forty-bytes-xxxxxxxxxxxxxxxxxx", "名字",
        ]
        let document = "{" + names.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        var seen: [String: Int] = [:]
        try JSONReader.withReader(Array(document.utf8)) { reader in
            try reader.readObject { key, reader in
                let value = try reader.readInt()
                switch key {
                case "": #expect(value == 0)
                case "a": #expect(value == 1)
                case "ab": #expect(value == 2)
                case "seven77": #expect(value == 3)
                case "eight888": #expect(value == 4)
                case "fifteen15fifte": #expect(value == 5)
                case "sixteen16sixtee": #expect(value == 6)
                case "name-of-31-bytes-xxxxxxxxxxxxxx": #expect(value == 7)
                case "name-of-32-bytes-xxxxxxxxxxxxxxx": #expect(value == 8)
                case "a-name-of-forty-bytes-xxxxxxxxxxxxxxxxxx": #expect(value == 9)
                case "名字": #expect(value == 10)
                default: Issue.record("unmatched \(key)")
                }
                #expect(key == key.string)
                seen[key.string] = value
            }
        }
        #expect(seen.count == names.count)
        #expect(Set(seen.keys) == Set(names))
    }

    @Test func valuesLeftUnreadAreSkippedAndTheRestStillRead() throws {
        let text = #"{"skip":{"a":[1,2,{"b":"c"}]},"keep":"yes","also":[true]}"#
        let kept = try JSONReader.withReader(Array(text.utf8)) { reader -> String? in
            var kept: String?
            try reader.readObject { key, reader in
                if key == "keep" { kept = try reader.readString() }
            }
            return kept
        }
        #expect(kept == "yes")
        let raw = try JSONReader.withReader(Array(#"{"data":{"x": [1, "二"]},"n":1}"#.utf8)) { reader -> [UInt8] in
            var raw: [UInt8] = []
            try reader.readObject { key, reader in if key == "data" { raw = try reader.readRawValue() } }
            return raw
        }
        #expect(String(decoding: raw, as: UTF8.self) == #"{"x": [1, "二"]}"#)
    }
}

/// A member-name enum of the size an event decoder switches over: the table finds each name by
/// a hashed probe, and must still refuse names that share a length, a prefix or a first word.
enum MemberName: String, CaseIterable, Sendable {
    case type, at, actor, complaintId, complaintID, incidentId, incidentID, notifyActorId, notifyActorID
    case returnVisitDueAt, notifyDepartment, previousDueAt, followUpDueAt, dueAt, replyDueAt
    case longest = "a member name longer than thirty-two bytes, kept whole"
    case chinese = "投诉编号"
}

struct CaseTableTests {
    @Test func aHashedTableFindsEveryCaseAndRefusesNearMisses() throws {
        let table = JSONCaseTable<MemberName>()
        for member in MemberName.allCases {
            #expect(table.value(named: JSONKey(member.rawValue)) == member)
            let read = try JSONReader.withReader(Array("\"\(member.rawValue)\"".utf8)) { try table.read(from: &$0) }
            #expect(read == member)
        }
        for near in [
            "", "Type", "types", "complaintid", "complaintIdx", "complaint", "incidentIDs", "returnVisitDueA", "returnVisitDueAT",
            "a member name longer than thirty-two bytes, kept whol", "a member name longer than thirty-two bytes, kept whole!",
            "a member name longer than thirty-two bytes, kept whale", "returnVisitDueAx", "投诉编",
            "dueat",
        ] {
            #expect(table.value(named: JSONKey(near)) == nil, "\(near)")
        }
        #expect(throws: JSONError.self) { try JSONReader.withReader(Array(#""notifyactorid""#.utf8)) { try table.read(from: &$0) } }
    }
}
