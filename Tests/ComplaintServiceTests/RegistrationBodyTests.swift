import ComplaintDomain
import Foundation
import HTTP1
import Testing

@testable import ComplaintService

/// The create path reads plain registration bodies directly; whatever it reads must be exactly
/// what the general decoder gives, and every other body must get the general decoder's answer.
@Suite("Registration bodies read directly")
struct RegistrationBodyTests {
    static let full = #"""
        {"channel":"phone","complainant":{"name":"李伟","phone":"13800000000","estate":"绿城花园","building":"3","unit":"1202"},
         "content":"电梯本周停了两次\n\"急\" \u00e9","demands":"修好","incidentTime":"2026-11-30T08:15:00+08:00",
         "incidentPlace":"3号楼","complaintObject":"电梯","category":"engineering","incidentKey":"lift-3",
         "requestedBy":"2026-12-05T18:00:00Z","resolvedOnSpot":{"measures":"重启","result":"恢复"}}
        """#

    /// Bodies the direct reader takes: all the members, nulls, members left out, escapes.
    static let plain = [
        full,
        #"{"channel":"phone","complainant":{"name":"Li Wei","phone":"13800000000","building":"3","unit":"1202"},"content":"Elevator"}"#,
        #"{"channel":null,"complainant":null,"content":null,"incidentTime":null,"category":null,"resolvedOnSpot":null}"#,
        #"{"complainant":{"name":null,"phone":" 138 0013 8000 ","estate":"A\u0000B"},"resolvedOnSpot":{}}"#,
        #"  {}  "#,
    ]

    /// Bodies left to the general decoder: its answer (a value or a refusal) must stand.
    static let general = [
        "",
        #"{"channel":"pigeon","content":"x"}"#,
        #"{"channel":"phone","extra":1}"#,
        #"{"complainant":{"name":"a","nickname":"b"}}"#,
        #"{"resolvedOnSpot":{"measures":"a","when":"now"}}"#,
        #"{"content":42}"#,
        #"{"complainant":"李伟"}"#,
        #"{"incidentTime":"yesterday"}"#,
        #"{"requestedBy":"1900-01-01T00:00:00Z"}"#,
        #"{"category":"plumbing"}"#,
        #"{"content":"a","content":"b"}"#,
        #"[{"content":"a"}]"#,
        #"{"content":"a"} x"#,
        #"{"content":"a""#,
    ]

    static func request(_ body: [UInt8], type: String = "application/json") -> HTTPRequest {
        HTTPRequest(method: .POST, path: "/v1/complaints", headers: HTTPHeaders([("content-type", type)]), body: body)
    }

    /// The same value, or refusals with the same status and body.
    static func same(_ a: Result<RegistrationInput, Refusal>, _ b: Result<RegistrationInput, Refusal>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)): return x == y
        case (.failure(let x), .failure(let y)):
            return x.response.status == y.response.status && x.response.renderedBody() == y.response.renderedBody()
        default: return false
        }
    }

    @Test(arguments: plain)
    func plainBodiesAreReadDirectlyAsTheGeneralDecoderReadsThem(body: String) throws {
        let bytes = Array(body.utf8)
        let direct = try #require(RegistrationBody.read(bytes), "the direct reader left a plain body: \(body)")
        let general = try RequestDecoding.decode(RegistrationInput.self, from: Self.request(bytes)).get()
        #expect(direct == general)
    }

    @Test func theFullBodyKeepsEveryMember() throws {
        let input = try #require(RegistrationBody.read(Array(Self.full.utf8)))
        #expect(input.channel == .phone && input.category == .engineering)
        #expect(input.complainant?.name == "李伟" && input.complainant?.unit == "1202")
        #expect(input.content == "电梯本周停了两次\n\"急\" é")
        #expect(input.incidentTime == Date(timeIntervalSince1970: 1_795_997_700))
        #expect(input.requestedBy == Date(timeIntervalSince1970: 1_796_493_600))
        #expect(input.resolvedOnSpot == OnSpotInput(measures: "重启", result: "恢复"))
    }

    @Test(arguments: general)
    func otherBodiesGetTheGeneralDecodersAnswer(body: String) {
        let bytes = Array(body.utf8)
        #expect(RegistrationBody.read(bytes) == nil, "read directly: \(body)")
        let request = Self.request(bytes)
        #expect(Self.same(RegistrationBody.decode(request), RequestDecoding.decode(RegistrationInput.self, from: request)), "\(body)")
    }

    /// GBK text, an encoded UTF-16 surrogate, an overlong slash, a code point past U+10FFFF.
    @Test(arguments: [[0xB5, 0xE7, 0xCC, 0xDD], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func aBodyThatIsNotUTF8IsStillRefusedAsSuch(malformed: [UInt8]) throws {
        let bytes = Array(#"{"content":""#.utf8) + malformed + Array(#""}"#.utf8)
        #expect(RegistrationBody.read(bytes) == nil)
        guard case .failure(let refusal) = RegistrationBody.decode(Self.request(bytes)) else {
            Issue.record("a body that is not UTF-8 was accepted: \(malformed)")
            return
        }
        #expect(refusal.response.status == 400)
        #expect(String(decoding: refusal.response.renderedBody(), as: UTF8.self).contains("body-not-utf8"))
    }

    @Test func anotherMediaTypeIsStillRefused() {
        let request = Self.request(Array(Self.full.utf8), type: "text/plain")
        guard case .failure(let refusal) = RegistrationBody.decode(request) else {
            Issue.record("a text/plain body was accepted")
            return
        }
        #expect(refusal.response.status == 415)
    }
}
