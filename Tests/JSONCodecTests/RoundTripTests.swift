import JSONCodec
import Testing

/// SplitMix64: seeded, so a failure reproduces.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// reader ∘ writer is the identity on values, and writer output is stable.
struct RoundTripTests {
    static let alphabet: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}",
        "é", "业", "主", "投", "诉", "\u{2028}", "\u{2029}", "😀", "\u{10FFFF}", "\u{FFFD}",
    ]

    static func randomString(_ random: inout SeededRandom) -> String {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...40, using: &random) { text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)]) }
        return String(text)
    }

    static func randomNumber(_ random: inout SeededRandom) -> JSONValue {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return .number(JSONNumber(Int64.random(in: .min ... .max, using: &random)))
        case 1: return .number(JSONNumber(Int.random(in: -1000...1000, using: &random)))
        case 2: return JSONNumber(Double(bitPattern: random.next())).map(JSONValue.number) ?? .null
        default: return .number(JSONNumber(UInt64.random(in: 0 ... .max, using: &random)))
        }
    }

    static func randomValue(_ random: inout SeededRandom, depth: Int = 0) -> JSONValue {
        let kind = Int.random(in: 0..<(depth > 4 ? 4 : 6), using: &random)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return randomNumber(&random)
        case 3: return .string(randomString(&random))
        case 4: return .array((0..<Int.random(in: 0...5, using: &random)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var names = Set<String>()
            var members: [JSONMember] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let name = randomString(&random)
                if names.insert(name).inserted { members.append(JSONMember(name, randomValue(&random, depth: depth + 1))) }
            }
            return .object(members)
        }
    }

    @Test func randomValuesSurviveWriteThenRead() throws {
        var random = SeededRandom(seed: 2611)
        for _ in 0..<500 {
            let value = Self.randomValue(&random)
            let bytes = JSONWriter.encode(value)
            let read = try JSONValue(parsing: bytes)
            #expect(read == value)
            #expect(JSONWriter.encode(read) == bytes)
            // The same bytes through the typed calls and validation.
            try JSONReader.validate(bytes)
        }
    }

    @Test func randomStringsSurviveThroughTheTypedReader() throws {
        var random = SeededRandom(seed: 42)
        let strings = (0..<300).map { _ in Self.randomString(&random) }
        #expect(try JSONReader.decode([String].self, from: JSONWriter.encode(strings)) == strings)
        let map = Dictionary(strings.map { ($0, $0.unicodeScalars.count) }, uniquingKeysWith: { first, _ in first })
        #expect(try JSONReader.decode([String: Int].self, from: JSONWriter.encode(map)) == map)
    }

    @Test func treesAccessAndLiteralsWork() throws {
        let value: JSONValue = ["name": "业主", "n": 3, "list": [true, nil, 1.5], "nested": ["x": "y"]]
        #expect(value["name"]?.stringValue == "业主")
        #expect(value["n"]?.int64Value == 3)
        #expect(value["list"]?[2]?.doubleValue == 1.5)
        #expect(value["list"]?[1]?.isNull == true)
        #expect(value["nested"]?["x"] == "y")
        #expect(value["missing"] == nil)
        #expect(value.kind == .object)
        #expect(value.description == #"{"name":"业主","n":3,"list":[true,null,1.5],"nested":{"x":"y"}}"#)
        #expect(try JSONValue(parsing: value.description) == value)
    }
}
