import JSONCodec
import Testing

/// JSONTestSuite-style fixtures as data: `y_` documents must parse, `n_` documents must be
/// refused with the named kind. Each is checked by validation, by the tree parser and by a
/// typed read, which must all agree.
struct ConformanceFixtureTests {
    enum Expected: CustomStringConvertible {
        case accepted
        case refused(JSONError.Kind)
        var description: String {
            switch self {
            case .accepted: return "accepted"
            case .refused(let kind): return "refused(\(kind))"
            }
        }
    }

    struct Fixture: CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let expected: Expected
        var testDescription: String { name }
        init(_ name: String, _ text: String, _ expected: Expected) {
            self.init(name, Array(text.utf8), expected)
        }
        init(_ name: String, _ bytes: [UInt8], _ expected: Expected) {
            self.name = name
            self.bytes = bytes
            self.expected = expected
        }
    }

    /// `"` + bytes + `"`: a string holding raw (possibly malformed) bytes.
    static func quoted(_ bytes: [UInt8]) -> [UInt8] { [0x22] + bytes + [0x22] }

    static let accepted: [Fixture] = [
        Fixture("y_object_empty", "{}", .accepted),
        Fixture("y_array_empty", "[]", .accepted),
        Fixture("y_object_basic", #"{"a":"b"}"#, .accepted),
        Fixture("y_array_nested", "[[[]],[{}]]", .accepted),
        Fixture("y_string_empty", #""""#, .accepted),
        Fixture("y_top_level_number", "0", .accepted),
        Fixture("y_top_level_null", "null", .accepted),
        Fixture("y_top_level_true", " true ", .accepted),
        Fixture("y_number_negative_zero", "-0", .accepted),
        Fixture("y_number_integer", "[123, -45]", .accepted),
        Fixture("y_number_fraction", "[1.5, -0.25, 0.0]", .accepted),
        Fixture("y_number_exponents", "[1e10, 1E+2, 2e-3, -0.5e-3, 0e0]", .accepted),
        Fixture("y_number_big_integer", "[123456789012345678901234567890]", .accepted),
        Fixture("y_number_beyond_double_grammar_ok", "[1e400]", .accepted),
        Fixture("y_whitespace_everywhere", " \t\n\r{ \"a\" : [ 1 , 2 ] , \"b\" :\n{ } }\r\n ", .accepted),
        Fixture("y_string_escapes", #"["\"\\\/\b\f\n\r\t"]"#, .accepted),
        Fixture("y_string_unicode_escape", #"["\u00e9\u4E2D"]"#, .accepted),
        Fixture("y_string_surrogate_pair", #"["\ud83d\ude00"]"#, .accepted),
        Fixture("y_string_escaped_nul", #"["\u0000"]"#, .accepted),
        Fixture("y_string_chinese", #"["翠苑小区 3幢 业主投诉"]"#, .accepted),
        Fixture("y_string_emoji_raw", "[\"😀👍\"]", .accepted),
        Fixture("y_string_max_code_point", [0x5B] + quoted([0xF4, 0x8F, 0xBF, 0xBF]) + [0x5D], .accepted),
        Fixture("y_string_two_byte", [0x5B] + quoted([0xC2, 0x80, 0xDF, 0xBF]) + [0x5D], .accepted),
        Fixture(
            "y_string_three_byte_edges", [0x5B] + quoted([0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xEF, 0xBF, 0xBF]) + [0x5D], .accepted
        ),
        Fixture("y_string_four_byte_edges", [0x5B] + quoted([0xF0, 0x90, 0x80, 0x80, 0xF3, 0xBF, 0xBF, 0xBF]) + [0x5D], .accepted),
        Fixture("y_string_del_and_u2028_raw", "[\"\u{7F}\u{2028}\u{2029}\"]", .accepted),
        Fixture("y_string_single_quote_inside", #"["it's"]"#, .accepted),
        Fixture("y_key_escaped", #"{"\u0061b":1,"ab\n":2}"#, .accepted),
        Fixture("y_key_chinese", #"{"投诉":1,"业主":2}"#, .accepted),
        Fixture("y_same_value_different_keys", #"{"a":1,"b":1,"A":1}"#, .accepted),
        Fixture(
            "y_keys_sharing_long_prefixes",
            #"{"complaintIDentifierNumber1":1,"complaintIDentifierNumber2":2,"complaintIDentifierNumberOne_longer_than_32_bytes":3,"complaintIDentifierNumberOne_longer_than_32_bytez":4}"#,
            .accepted),
        Fixture("y_nested_mixed", #"[{"a":[null,true,false,{"b":-1.25e2,"c":""}]}]"#, .accepted),
        Fixture("y_long_string", "[\"" + String(repeating: "投诉内容 complaint ", count: 200) + "\"]", .accepted),
    ]

    static let refused: [Fixture] = [
        Fixture("n_empty", "", .refused(.unexpectedEnd)),
        Fixture("n_whitespace_only", " \n\t ", .refused(.unexpectedEnd)),
        Fixture("n_byte_order_mark", [0xEF, 0xBB, 0xBF] + Array("{}".utf8), .refused(.byteOrderMark)),
        Fixture("n_trailing_comma_array", "[1,]", .refused(.trailingComma)),
        Fixture("n_trailing_comma_object", #"{"a":1,}"#, .refused(.trailingComma)),
        Fixture("n_trailing_comma_spaced", "[1 , ]", .refused(.trailingComma)),
        Fixture("n_leading_comma", "[,1]", .refused(.unexpectedByte)),
        Fixture("n_double_comma", "[1,,2]", .refused(.unexpectedByte)),
        Fixture("n_object_leading_comma", "{,}", .refused(.unexpectedByte)),
        Fixture("n_missing_colon", #"{"a" 1}"#, .refused(.unexpectedByte)),
        Fixture("n_missing_value", #"{"a":}"#, .refused(.unexpectedByte)),
        Fixture("n_missing_comma_array", "[1 2]", .refused(.unexpectedByte)),
        Fixture("n_missing_comma_object", #"{"a":1 "b":2}"#, .refused(.unexpectedByte)),
        Fixture("n_unquoted_key", "{a:1}", .refused(.unexpectedByte)),
        Fixture("n_number_key", "{1:1}", .refused(.unexpectedByte)),
        Fixture("n_single_quoted_string", "['a']", .refused(.unexpectedByte)),
        Fixture("n_single_quoted_key", "{'a':1}", .refused(.unexpectedByte)),
        Fixture("n_colon_in_array", #"["a":1]"#, .refused(.unexpectedByte)),
        Fixture("n_line_comment", "[1]//comment", .refused(.trailingContent)),
        Fixture("n_block_comment", "[1,/*c*/2]", .refused(.unexpectedByte)),
        Fixture("n_nan", "NaN", .refused(.unexpectedByte)),
        Fixture("n_infinity", "[Infinity]", .refused(.unexpectedByte)),
        Fixture("n_minus_infinity", "[-Infinity]", .refused(.invalidNumber)),
        Fixture("n_leading_zero", "01", .refused(.invalidNumber)),
        Fixture("n_negative_leading_zero", "[-01]", .refused(.invalidNumber)),
        Fixture("n_double_zero", "[00]", .refused(.invalidNumber)),
        Fixture("n_plus_sign", "[+1]", .refused(.unexpectedByte)),
        Fixture("n_leading_dot", "[.5]", .refused(.unexpectedByte)),
        Fixture("n_trailing_dot", "[1.]", .refused(.invalidNumber)),
        Fixture("n_dot_then_exponent", "[1.e3]", .refused(.invalidNumber)),
        Fixture("n_empty_exponent", "[1e]", .refused(.invalidNumber)),
        Fixture("n_exponent_sign_only", "[1e+]", .refused(.invalidNumber)),
        Fixture("n_minus_only", "[-]", .refused(.invalidNumber)),
        Fixture("n_number_ends_input", "1.", .refused(.unexpectedEnd)),
        Fixture("n_hex_number", "[0x1F]", .refused(.unexpectedByte)),
        Fixture("n_two_values", "1 2", .refused(.trailingContent)),
        Fixture("n_two_objects", "{}{}", .refused(.trailingContent)),
        Fixture("n_unclosed_array", "[1", .refused(.unexpectedEnd)),
        Fixture("n_unclosed_object", #"{"a":1"#, .refused(.unexpectedEnd)),
        Fixture("n_unclosed_string", #"["abc"#, .refused(.unexpectedEnd)),
        Fixture("n_unclosed_key", #"{"abc"#, .refused(.unexpectedEnd)),
        Fixture("n_extra_close", "[1]]", .refused(.trailingContent)),
        Fixture("n_mismatched_close", "[1}", .refused(.unexpectedByte)),
        Fixture("n_literal_capitalized", "[True]", .refused(.unexpectedByte)),
        Fixture("n_literal_truncated", "[tru]", .refused(.unexpectedByte)),
        Fixture("n_literal_cut_by_end", "nul", .refused(.unexpectedEnd)),
        Fixture("n_raw_control_character", "[\"a\u{01}b\"]", .refused(.controlCharacter)),
        Fixture("n_raw_newline_in_string", "[\"a\nb\"]", .refused(.controlCharacter)),
        Fixture("n_raw_tab_in_string", "[\"a\tb\"]", .refused(.controlCharacter)),
        Fixture("n_raw_nul_in_key", "{\"a\u{0}\":1}", .refused(.controlCharacter)),
        Fixture("n_escape_unknown", #"["\x41"]"#, .refused(.invalidEscape)),
        Fixture("n_escape_single_quote", #"["\'"]"#, .refused(.invalidEscape)),
        Fixture("n_escape_capital_u", #"["\U0041"]"#, .refused(.invalidEscape)),
        Fixture("n_escape_short_hex", #"["\u12"]"#, .refused(.invalidEscape)),
        Fixture("n_escape_bad_hex", #"["\u00G0"]"#, .refused(.invalidEscape)),
        Fixture("n_escape_in_key", #"{"\q":1}"#, .refused(.invalidEscape)),
        Fixture("n_lone_high_surrogate", #"["\ud800"]"#, .refused(.invalidSurrogate)),
        Fixture("n_high_surrogate_then_text", #"["\ud800abc"]"#, .refused(.invalidSurrogate)),
        Fixture("n_lone_low_surrogate", #"["\udc00"]"#, .refused(.invalidSurrogate)),
        Fixture("n_reversed_surrogates", #"["\udc00\ud800"]"#, .refused(.invalidSurrogate)),
        Fixture("n_two_high_surrogates", #"["\ud800\ud800"]"#, .refused(.invalidSurrogate)),
        Fixture("n_high_surrogate_then_escape", #"["\ud800\n"]"#, .refused(.invalidSurrogate)),
        Fixture("n_surrogate_in_key", #"{"\udfff":1}"#, .refused(.invalidSurrogate)),
        Fixture("n_utf8_overlong_2", [0x5B] + quoted([0xC0, 0x80]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_overlong_2_max", [0x5B] + quoted([0xC1, 0xBF]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_overlong_3", [0x5B] + quoted([0xE0, 0x80, 0x80]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_overlong_3_max", [0x5B] + quoted([0xE0, 0x9F, 0xBF]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_overlong_4", [0x5B] + quoted([0xF0, 0x80, 0x80, 0x80]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_overlong_4_max", [0x5B] + quoted([0xF0, 0x8F, 0xBF, 0xBF]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_surrogate_high", [0x5B] + quoted([0xED, 0xA0, 0x80]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_surrogate_low", [0x5B] + quoted([0xED, 0xBF, 0xBF]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_above_max", [0x5B] + quoted([0xF4, 0x90, 0x80, 0x80]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_f5", [0x5B] + quoted([0xF5, 0x80, 0x80, 0x80]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_ff", [0x5B] + quoted([0xFF]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_lone_continuation", [0x5B] + quoted([0x61, 0x80, 0x62]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_truncated_2", [0x5B] + quoted([0xC3]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_truncated_3", [0x5B] + quoted([0xE4, 0xB8]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_truncated_4", [0x5B] + quoted([0xF0, 0x9F, 0x98]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_truncated_then_ascii", [0x5B] + quoted([0xE4, 0x41, 0x42]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_in_key", [0x7B] + quoted([0x61, 0xFF]) + Array(":1}".utf8), .refused(.invalidUTF8)),
        Fixture(
            "n_utf8_in_long_string", [0x5B] + quoted(Array(String(repeating: "业主", count: 20).utf8) + [0xED, 0xA0, 0x80]) + [0x5D],
            .refused(.invalidUTF8)),
        Fixture("n_utf8_after_escape", [0x5B] + quoted(Array(#"a\n"#.utf8) + [0xC0, 0xAF]) + [0x5D], .refused(.invalidUTF8)),
        Fixture("n_utf8_cut_by_end_of_input", [0x5B, 0x22, 0xE4, 0xB8], .refused(.unexpectedEnd)),
        Fixture("n_utf8_outside_string", [0x5B, 0xE4, 0xB8, 0xAD, 0x5D], .refused(.unexpectedByte)),
        Fixture("n_duplicate_key", #"{"a":1,"a":2}"#, .refused(.duplicateKey)),
        Fixture("n_duplicate_key_nested", #"{"x":{"b":1,"c":2,"b":3}}"#, .refused(.duplicateKey)),
        Fixture("n_duplicate_key_in_array", #"[{"a":1},{"a":1,"a":1}]"#, .refused(.duplicateKey)),
        Fixture("n_duplicate_key_by_escape", #"{"ab":1,"\u0061b":2}"#, .refused(.duplicateKey)),
        Fixture("n_duplicate_key_chinese", #"{"投诉":1,"\u6295诉":2}"#, .refused(.duplicateKey)),
        Fixture(
            "n_duplicate_long_key", #"{"a_member_name_longer_than_thirty_two_bytes":1,"a_member_name_longer_than_thirty_two_bytes":2}"#,
            .refused(.duplicateKey)),
        Fixture("n_duplicate_empty_key", #"{"":1,"":2}"#, .refused(.duplicateKey)),
        Fixture("n_unescaped_quote_in_string", #"["a"b"]"#, .refused(.unexpectedByte)),
    ]

    static func outcome(_ body: () throws -> Void) -> Expected {
        do {
            try body()
            return .accepted
        } catch let error as JSONError {
            return .refused(error.kind)
        } catch {
            Issue.record("not a JSONError: \(error)")
            return .refused(.invalidValue)
        }
    }

    /// Walks any document with the typed calls (readString, readStringAsKey for names, ...),
    /// which take other code paths than validation.
    static func walk(_ reader: inout JSONReader) throws {
        switch try reader.peekKind() {
        case .object:
            try reader.readObject { key, reader in
                _ = key.string
                try walk(&reader)
            }
        case .array: try reader.readArray { try walk(&$0) }
        case .string: _ = try reader.readString()
        case .number: _ = try reader.readNumber()
        case .bool: _ = try reader.readBool()
        case .null: #expect(try reader.readNull())
        }
    }

    static func check(_ fixture: Fixture) {
        let validation = outcome { try JSONReader.validate(fixture.bytes) }
        let tree = outcome { _ = try JSONValue(parsing: fixture.bytes) }
        let typed = outcome { try JSONReader.withReader(fixture.bytes) { try walk(&$0) } }
        #expect(validation.description == fixture.expected.description, "validate: \(fixture.name)")
        #expect(tree.description == fixture.expected.description, "JSONValue: \(fixture.name)")
        #expect(typed.description == fixture.expected.description, "typed walk: \(fixture.name)")
    }

    @Test(arguments: accepted) func documentsThatMustParse(_ fixture: Fixture) { Self.check(fixture) }

    @Test(arguments: refused) func documentsThatMustBeRefused(_ fixture: Fixture) { Self.check(fixture) }

    @Test func everyErrorKindOfTheGrammarIsExercised() {
        let kinds = Set(
            Self.refused.compactMap { fixture -> JSONError.Kind? in
                if case .refused(let kind) = fixture.expected { return kind }
                return nil
            })
        let grammarKinds: Set<JSONError.Kind> = [
            .unexpectedEnd, .unexpectedByte, .trailingComma, .trailingContent, .byteOrderMark,
            .invalidUTF8, .controlCharacter, .invalidEscape, .invalidSurrogate, .invalidNumber, .duplicateKey,
        ]
        #expect(grammarKinds.isSubset(of: kinds))
    }

    @Test func errorsPointAtTheOffendingByte() throws {
        let cases: [(String, Int)] = [("[1,]", 2), (#"{"a":1 "b":2}"#, 7), ("[1]x", 3), (#"["a\qb"]"#, 3), ("[01]", 1)]
        for (text, offset) in cases {
            let error = #expect(throws: JSONError.self) { try JSONReader.validate(Array(text.utf8)) }
            #expect(error?.offset == offset, "\(text)")
        }
        let bytes: [UInt8] = [0x5B, 0x22, 0x61, 0x62, 0xE4, 0x41, 0x22, 0x5D]
        let error = #expect(throws: JSONError.self) { try JSONReader.validate(bytes) }
        #expect(error?.offset == 5)  // the byte that is not a continuation
    }
}
