import JSONCodec
import Testing

/// Each limit refuses the document with its own kind at the first byte past it, and a document
/// exactly at the limit passes.
struct LimitTests {
    static func kind(_ text: String, _ limits: JSONLimits) -> JSONError.Kind? {
        do {
            _ = try JSONValue(parsing: Array(text.utf8), limits: limits)
            return nil
        } catch let error as JSONError {
            return error.kind
        } catch {
            return nil
        }
    }

    @Test func nestingDepth() {
        let limits = JSONLimits(maximumDepth: 5)
        #expect(Self.kind(String(repeating: "[", count: 5) + String(repeating: "]", count: 5), limits) == nil)
        #expect(Self.kind(String(repeating: "[", count: 6) + String(repeating: "]", count: 6), limits) == .depthLimitExceeded)
        #expect(Self.kind(#"{"a":{"b":{"c":{"d":{"e":{}}}}}}"#, limits) == .depthLimitExceeded)
        #expect(Self.kind("1", JSONLimits(maximumDepth: 0)) == nil)
        #expect(Self.kind("[]", JSONLimits(maximumDepth: 0)) == .depthLimitExceeded)
        // The default refuses a deep attack long before the stack is in danger.
        #expect(Self.kind(String(repeating: "[", count: 100_000), .default) == .depthLimitExceeded)
        #expect(JSONLimits(maximumDepth: 1_000_000).maximumDepth == JSONLimits.depthCeiling)
    }

    @Test func inputSize() {
        let limits = JSONLimits(maximumInputBytes: 10)
        #expect(Self.kind("[1,2,3,45]", limits) == nil)
        #expect(Self.kind("[1,2,3,456]", limits) == .inputTooLarge)
    }

    @Test func stringLength() {
        let limits = JSONLimits(maximumStringBytes: 6)
        #expect(Self.kind(#"["abcdef"]"#, limits) == nil)
        #expect(Self.kind(#"["abcdefg"]"#, limits) == .stringTooLong)
        #expect(Self.kind(#"["业主"]"#, limits) == nil)  // 6 bytes
        #expect(Self.kind(#"["业主a"]"#, limits) == .stringTooLong)
        #expect(Self.kind(#"{"abcdefg":1}"#, limits) == .stringTooLong)
        // The limit counts the bytes as written, escapes included.
        #expect(Self.kind(#"["\n\n\n\n"]"#, limits) == .stringTooLong)
        let long = JSONLimits(maximumStringBytes: 40)
        #expect(Self.kind("[\"" + String(repeating: "x", count: 40) + "\"]", long) == nil)
        #expect(Self.kind("[\"" + String(repeating: "x", count: 41) + "\"]", long) == .stringTooLong)
    }

    @Test func membersAndElements() {
        let limits = JSONLimits(maximumObjectMembers: 3, maximumArrayElements: 4)
        #expect(Self.kind(#"{"a":1,"b":2,"c":3}"#, limits) == nil)
        #expect(Self.kind(#"{"a":1,"b":2,"c":3,"d":4}"#, limits) == .tooManyMembers)
        #expect(Self.kind("[1,2,3,4]", limits) == nil)
        #expect(Self.kind("[1,2,3,4,5]", limits) == .tooManyElements)
        #expect(Self.kind("[[1,2,3,4],[1,2,3,4]]", limits) == nil)  // per array, not per document
    }

    @Test func numberLength() {
        let limits = JSONLimits(maximumNumberBytes: 5)
        #expect(Self.kind("[-1234]", limits) == nil)
        #expect(Self.kind("[123456]", limits) == .numberTooLong)
        #expect(Self.kind("[1.2345]", limits) == .numberTooLong)
        let typed = try? JSONReader.withReader(Array("123456".utf8), limits: limits) { try $0.readInt() }
        #expect(typed == nil)
    }

    @Test func objectsBiggerThanTheStackedNameListStillCatchDuplicates() {
        let names = (0..<200).map { "\"member\($0)\":\($0)" }
        #expect(Self.kind("{" + names.joined(separator: ",") + "}", .default) == nil)
        #expect(Self.kind("{" + names.joined(separator: ",") + ",\"member57\":0}", .default) == .duplicateKey)
        #expect(Self.kind("{" + names.joined(separator: ",") + ",\"member199\":0}", .default) == .duplicateKey)
    }
}
