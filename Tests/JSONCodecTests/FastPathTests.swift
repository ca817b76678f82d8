import JSONCodec
import Testing

/// `read(fast:general:)`: a decoder's fast path over its writer's exact bytes must never change
/// what is accepted, what it decodes to, or which error (path, offset) a bad input gets.
struct FastPathTests {
    struct Pair: Equatable {
        var name: String
        var size: Int
    }

    /// `{"name":"…","size":N}` literally, or nil.
    static func fast(_ r: inout JSONReader) throws -> Pair? {
        guard r.skip(#"{"name":"#) else { return nil }
        let name = try r.readString()
        guard r.skip(#","size":"#) else { return nil }
        let size = try r.readInt()
        return r.skip("}") ? Pair(name: name, size: size) : nil
    }

    static func general(_ r: inout JSONReader) throws -> Pair {
        var name: String?
        var size: Int?
        try r.readObject { key, r in
            switch key {
            case "name": name = try r.readString()
            case "size": size = try r.readInt()
            default: break
            }
        }
        guard let name, let size else { throw r.missingMember(name == nil ? "name" : "size") }
        return Pair(name: name, size: size)
    }

    static func read(_ text: String, limits: JSONLimits = .default, fastTaken: inout Bool) throws -> Pair {
        var taken = false
        let pair = try JSONReader.withReader(Array(text.utf8), limits: limits) { reader in
            try reader.read(
                fast: { r in
                    let pair = try fast(&r)
                    taken = pair != nil
                    return pair
                }, general: general)
        }
        fastTaken = taken
        return pair
    }

    @Test func theWritersBytesTakeTheFastPathAndAnythingElseTheGeneralOne() throws {
        var taken = false
        #expect(try Self.read(#"{"name":"门禁","size":3}"#, fastTaken: &taken) == Pair(name: "门禁", size: 3))
        #expect(taken)
        for other in [#"{ "name":"门禁","size":3}"#, #"{"size":3,"name":"门禁"}"#, #"{"name":"门禁","size":3,"x":null}"#, #"{"name":"门\u7981","size":3}"#] {
            #expect(try Self.read(other, fastTaken: &taken) == Pair(name: "门禁", size: 3), "\(other)")
            #expect(!taken || other.contains("\\u"), "\(other)")
        }
    }

    @Test func errorsComeFromTheGeneralPathWithTheirPath() throws {
        var taken = false
        for (text, kind, path) in [
            (#"{"name":"a","size":1.5}"#, JSONError.Kind.numberNotInteger, "size"),
            (#"{"name":"a\u0001","size":1,"name":"b"}"#, .duplicateKey, "name"),
            (#"{"name":"a"#, .unexpectedEnd, "name"),
        ] {
            let error = try #require(throws: JSONError.self) { try Self.read(text, fastTaken: &taken) }
            #expect(error.kind == kind, "\(text): \(error)")
            #expect("\(error)".contains(path), "\(text): \(error)")
        }
    }

    @Test func limitsTheFastPathWouldNotCheckSendTheInputTheGeneralWay() throws {
        var taken = false
        var limits = JSONLimits.default
        limits.maximumDepth = 0
        #expect(throws: JSONError.self) { try Self.read(#"{"name":"a","size":1}"#, limits: limits, fastTaken: &taken) }
        #expect(!taken)
    }
}
