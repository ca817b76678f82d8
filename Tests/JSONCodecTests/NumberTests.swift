import JSONCodec
import Testing

/// Numbers land in the requested type exactly or are refused with a named reason.
struct NumberTests {
    static func read<T>(_ text: String, _ body: (inout JSONReader) throws -> T) throws -> T {
        try JSONReader.withReader(Array(text.utf8), body)
    }

    static func kind(_ body: () throws -> Void) -> JSONError.Kind? {
        do {
            try body()
            return nil
        } catch let error as JSONError { return error.kind } catch { return nil }
    }

    @Test func integersAtEachTypesBoundsAreAccepted() throws {
        #expect(try Self.read("9223372036854775807") { try $0.readInt64() } == .max)
        #expect(try Self.read("-9223372036854775808") { try $0.readInt64() } == .min)
        #expect(try Self.read("18446744073709551615") { try $0.readUInt64() } == .max)
        #expect(try Self.read("2147483647") { try $0.readInt32() } == .max)
        #expect(try Self.read("-2147483648") { try $0.readInt32() } == .min)
        #expect(try Self.read("4294967295") { try $0.readUInt32() } == .max)
        #expect(try Self.read("255") { try $0.readInteger(UInt8.self) } == .max)
        #expect(try Self.read("-128") { try $0.readInteger(Int8.self) } == .min)
        #expect(try Self.read("-32768") { try $0.readInteger(Int16.self) } == .min)
        #expect(try Self.read("-0") { try $0.readUInt64() } == 0)
        #expect(try Self.read("1763800000123") { try $0.readInt64() } == 1_763_800_000_123)
    }

    @Test func integersOneBeyondEachBoundAreOutOfRange() {
        let cases: [(String, (inout JSONReader) throws -> Void)] = [
            ("9223372036854775808", { _ = try $0.readInt64() }),
            ("-9223372036854775809", { _ = try $0.readInt64() }),
            ("18446744073709551616", { _ = try $0.readUInt64() }),
            ("99999999999999999999999", { _ = try $0.readUInt64() }),
            ("2147483648", { _ = try $0.readInt32() }),
            ("-2147483649", { _ = try $0.readInt32() }),
            ("4294967296", { _ = try $0.readUInt32() }),
            ("256", { _ = try $0.readInteger(UInt8.self) }),
            ("-129", { _ = try $0.readInteger(Int8.self) }),
            ("-1", { _ = try $0.readUInt64() }),
            ("-1", { _ = try $0.readUInt32() }),
        ]
        for (text, read) in cases {
            #expect(Self.kind { _ = try Self.read(text, read) } == .numberOutOfRange, "\(text)")
        }
    }

    @Test func digitCountsAroundTheWordBoundariesParseExactly() throws {
        var value: UInt64 = 0
        for digits in 1...19 {
            value = value * 10 + UInt64(digits % 10)
            #expect(try Self.read(String(value)) { try $0.readUInt64() } == value)
            #expect(
                try Self.read("[\(value),1]") { reader -> UInt64 in
                    var first: UInt64 = 0
                    var index = 0
                    try reader.readArray {
                        if index == 0 { first = try $0.readUInt64() }
                        index += 1
                    }
                    return first
                } == value)
        }
    }

    /// Decision: an integer type accepts only integer literals, so `1.0` and `1e2` are refused
    /// (our writer never writes integers that way; accepting them would make `1.5` a rounding
    /// question).
    @Test func fractionsAndExponentsAreNotIntegersEvenWhenWhole() {
        for text in ["1.0", "1e2", "1E0", "-0.0", "12.5", "1.5e3"] {
            #expect(Self.kind { _ = try Self.read(text) { try $0.readInt() } } == .numberNotInteger, "\(text)")
            #expect(Self.kind { _ = try Self.read(text) { try $0.readInt64() } } == .numberNotInteger, "\(text)")
        }
        // A malformed fraction is reported as malformed, not as "not an integer".
        #expect(Self.kind { _ = try Self.read("[1.]") { try $0.readArray { _ = try $0.readInt() } } } == .invalidNumber)
    }

    @Test func doublesConvertCorrectlyRounded() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("1.5", 1.5), ("-2.25e2", -225), ("1e22", 1e22), ("1e23", 1e23),
            ("0.1", 0.1), ("0.30000000000000004", 0.30000000000000004), ("123456789012345678901234567890", 1.2345678901234568e29),
            ("2.2250738585072014e-308", 2.2250738585072014e-308), ("4.9e-324", 4.9e-324), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("9007199254740993", 9_007_199_254_740_992), ("0.000001234", 0.000001234), ("1763800000123", 1_763_800_000_123),
            ("1e-400", 0),
        ]
        for (text, expected) in cases {
            let value = try Self.read(text) { try $0.readDouble() }
            #expect(value == expected && value.sign == expected.sign, "\(text) read as \(value)")
        }
    }

    @Test func doublesBeyondTheFiniteRangeAreRefused() {
        for text in ["1e400", "-1e400", "1.8e308", "1e99999999999"] {
            #expect(Self.kind { _ = try Self.read(text) { try $0.readDouble() } } == .numberOutOfRange, "\(text)")
        }
    }

    @Test func numbersWhereOtherKindsAreExpectedAreTypeMismatches() {
        #expect(Self.kind { _ = try Self.read("\"12\"") { try $0.readInt() } } == .typeMismatch)
        #expect(Self.kind { _ = try Self.read("null") { try $0.readDouble() } } == .typeMismatch)
        #expect(Self.kind { _ = try Self.read("12") { try $0.readString() } } == .typeMismatch)
        #expect(Self.kind { _ = try Self.read("true") { try $0.readInt64() } } == .typeMismatch)
        #expect(Self.kind { _ = try Self.read("[]") { try $0.readBool() } } == .typeMismatch)
    }

    @Test func treeNumbersKeepTheirTextAndConvertOnDemand() throws {
        let value = try JSONValue(parsing: "[1.50, 12345678901234567890, -0, 7]")
        guard case .array(let elements) = value else {
            Issue.record("not an array")
            return
        }
        #expect(elements.map { $0.description } == ["1.50", "12345678901234567890", "-0", "7"])
        #expect(elements[0].doubleValue == 1.5)
        #expect(elements[0].int64Value == nil)
        #expect(elements[1].int64Value == nil)
        #expect(elements[3].int64Value == 7)
        #expect(JSONNumber(" 1") == nil)
        #expect(JSONNumber("01") == nil)
        #expect(JSONNumber("-1.5e3")?.doubleValue == -1500)
    }
    /// The bulk column reader must accept and refuse exactly what the element-by-element one does.
    @Test func aColumnOfIntegersReadsAsElementByElementWould() throws {
        let cases = [
            "[]", " [ 0 , 1,18446744073709551615 ] ", "[1763800000123,7,99999999,123456789012345678]", "[-0]",
            "[1,]", "[,1]", "[1 2]", "[01]", "[1.5]", "[1e2]", "[-1]", "[18446744073709551616]", "[\"1\"]", "[null]",
            "[[1]]", "[1", "1", "{}",
            // Around the spelling the bulk reader takes without the general number reader.
            "[0,0]", "[00]", "[0 ]", "[9999999999999999999,1000000000000000000]", "[10000000000000000000]",
            "[99999999999999999999]", "[12345678,123456789,1234567890123456]", "[7\n]", "[1,\t2]", "[3]x", "[4,",
            "[123456789012345678.5]", "[1234567890123456789e1]",
            "[1,12,123,1234,12345,123456,1234567,12345678,123456789,0,10,100,7]", "[18446744073709551615,12345678901234567890]",
            "[18446744073709551616,1]", "[99999999999999999999,1]", "[123456789012345678901,1]", "[12a]", "[12}", "[1.0,2]",
            "[1\u{E9}]", "[12\u{E9}345678901]", "[1,2\u{E9}3456789]", "[1234567\u{E9},1]", "[01234567,1]", "[00000000000]",
            "[1234567,\"x\"]", "[12345678]", "[1234]", "[0]",
        ]
        // Bytes that are not UTF-8 right after digits (the reader meets them before validating anything).
        let raw: [[UInt8]] = [
            [0x5B, 0x31, 0xC3, 0x2C, 0x32, 0x32, 0x32, 0x32, 0x32, 0x32, 0x5D], [0x5B, 0x31, 0x32, 0xFF, 0x5D, 0x20, 0x20, 0x20, 0x20, 0x20],
            [0x5B, 0x39, 0xBA, 0x2C, 0x31, 0x31, 0x31, 0x31, 0x31, 0x31, 0x5D],
        ]
        let tight = JSONLimits(maximumArrayElements: 2)
        let shortNumbers = JSONLimits(maximumNumberBytes: 8)
        for input in cases.map({ Array($0.utf8) }) + raw {
            let text = String(decoding: input, as: UTF8.self)
            for limits in [JSONLimits.default, tight, shortNumbers] {
                func outcome(_ body: (inout JSONReader, inout [UInt64]) throws -> Void) -> String {
                    do {
                        var values: [UInt64] = []
                        try JSONReader.withReader(input, limits: limits) { try body(&$0, &values) }
                        return "\(values)"
                    } catch let error as JSONError { return "\(error.kind) at \(error.offset) \(error.path)" } catch { return "\(error)" }
                }
                let bulk = outcome { r, values in try r.readUInt64Array(into: &values) }
                let single = outcome { r, values in try r.readArray { values.append(try $0.readUInt64()) } }
                #expect(bulk == single, "\(text)")
            }
        }
        let appended = try Self.read("[5,18446744073709551615]") { r -> [UInt64] in
            var values: [UInt64] = [9]
            try r.readUInt64Array(into: &values)
            return values
        }
        #expect(appended == [9, 5, .max])
        // More values than the reader gathers at a time arrive whole and in order.
        let many = (0..<1000).map { UInt64($0) * 1_000_003 }
        let text = "[" + many.map(String.init).joined(separator: ",") + "]"
        #expect(
            try Self.read(text) { r -> [UInt64] in
                var values: [UInt64] = []
                try r.readUInt64Array(into: &values)
                return values
            } == many)
    }
}
