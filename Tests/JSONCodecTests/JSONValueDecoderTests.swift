import JSONCodec
import Testing

/// Decodable types from request bodies, read by our strict reader: what a client sends wrong is
/// named by its path, and nothing the reader refuses gets through.
struct JSONValueDecoderTests {
    struct Owner: Decodable, Equatable {
        var name: String
        var phone: String?
        var floors: [Int]
    }

    struct Registration: Decodable, Equatable {
        var owner: Owner
        var urgent: Bool
        var score: Double?
        var notes: [String]?
    }

    static let decoder = JSONValueDecoder()

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Array(text.utf8))
    }

    /// The dotted path of a decoding error, e.g. "owner.floors.1".
    static func path(of error: any Error) -> String? {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, let c): return (c.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        default: return nil
        }
        return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    @Test func aWellFormedBodyDecodesAndUnknownMembersAreIgnored() throws {
        let decoded = try Self.decode(Registration.self, #"{"owner":{"name":"王芳","floors":[3,12],"extra":1},"urgent":true,"score":4.5}"#)
        #expect(decoded == Registration(owner: Owner(name: "王芳", phone: nil, floors: [3, 12]), urgent: true, score: 4.5, notes: nil))
    }

    @Test(arguments: [
        (#"{"owner":{"name":"a","floors":[1,"2"]},"urgent":true}"#, "owner.floors.1"),
        (#"{"owner":{"name":"a","floors":[1,2.5]},"urgent":true}"#, "owner.floors.1"),
        (#"{"owner":{"name":"a","floors":[1e3]},"urgent":true}"#, "owner.floors.0"),
        (#"{"owner":{"name":"a","floors":[99999999999999999999]},"urgent":true}"#, "owner.floors.0"),
        (#"{"owner":{"name":null,"floors":[]},"urgent":true}"#, "owner.name"),
        (#"{"owner":{"floors":[]},"urgent":true}"#, "owner.name"),
        (#"{"owner":{"name":"a","phone":7,"floors":[]},"urgent":true}"#, "owner.phone"),
        (#"{"owner":{"name":"a","floors":[]},"urgent":"yes"}"#, "urgent"),
        (#"{"owner":[],"urgent":true}"#, "owner"),
    ])
    func aFieldOfTheWrongShapeIsNamedByItsPath(body: String, path: String) {
        do {
            _ = try Self.decode(Registration.self, body)
            Issue.record("accepted \(body)")
        } catch {
            #expect(Self.path(of: error) == path, "\(error)")
        }
    }

    @Test(arguments: [
        #"{"owner":{"name":"a","floors":[]},"urgent":true,"urgent":false}"#,
        #"{"owner":{"name":"a","floors":[]},"urgent":true,}"#,
        #"{"owner":{"name":"a","floors":[]},"urgent":true} x"#,
        "",
    ])
    func whatTheReaderRefusesIsCorruptAtTheTop(body: String) {
        Self.expectCorruptAtTheTop(Array(body.utf8))
    }

    @Test func aBodyThatIsNotUTF8IsCorruptAtTheTop() {
        Self.expectCorruptAtTheTop(Array(#"{"owner":{"name":""#.utf8) + [0xC0, 0xAF] + Array(#"","floors":[]},"urgent":true}"#.utf8))
    }

    static func expectCorruptAtTheTop(_ body: [UInt8]) {
        do {
            _ = try decoder.decode(Registration.self, from: body)
            Issue.record("accepted \(body)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.isEmpty)
            #expect(context.underlyingError is JSONError)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func anOverrideDecodesATypeItsOwnWay() throws {
        struct Stamp: Decodable, Equatable { var seconds: Int }
        struct Event: Decodable, Equatable {
            var at: Stamp
            var then: [Stamp]
        }
        let decoder = JSONValueDecoder(override: { type, value, path in
            guard type == Stamp.self else { return nil }
            guard let text = value.stringValue, let seconds = Int(text.dropLast()), text.hasSuffix("s") else {
                throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "not a stamp"))
            }
            return Stamp(seconds: seconds)
        })
        #expect(
            try decoder.decode(Event.self, from: Array(#"{"at":"5s","then":["6s","7s"]}"#.utf8))
                == Event(at: Stamp(seconds: 5), then: [Stamp(seconds: 6), Stamp(seconds: 7)]))
        do {
            _ = try decoder.decode(Event.self, from: Array(#"{"at":"5s","then":["6s","x"]}"#.utf8))
            Issue.record("accepted a bad stamp")
        } catch {
            #expect(Self.path(of: error) == "then.1")
        }
    }
}
