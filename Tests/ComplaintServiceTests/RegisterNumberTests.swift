import ComplaintService
import Foundation
import TestSupport
import Testing

/// Register numbers have no gaps: a refused registration uses up no id (auditors read a gap
/// in a register as a deletion), one at a time and under concurrency.
@Suite(.serialized)
struct RegisterNumberTests {
    static func sequence(of id: String) -> Int? {
        id.split(separator: "-").last.flatMap { Int($0) }
    }

    @Test func aRefusedRegistrationUsesUpNoNumber() throws {
        let dir = try TempDir("numbers")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let first = try #require(Self.sequence(of: try s.registered(estate: "Sunny Gardens", unit: "1")))
        let refusals: [(String, String, Int)] = [
            (Token.rita, complaintBody(estate: "Sunny Gardens", unit: "2", phone: "not-a-phone"), 422),
            (Token.rita, complaintBody(estate: "Sunny Gardens", unit: "2", content: String(repeating: "长", count: 5_001)), 422),
            (Token.rita, #"{"channel":"fax"}"#, 422),
            (Token.web, complaintBody(estate: "Sunny Gardens", unit: "2", extra: ["resolvedOnSpot": ["measures": "m", "result": "r"]]), 403),
            (Token.hank, #"{"channel": "phone", "content": "#, 400),
        ]
        for (token, body, status) in refusals {
            let r = try s.post("/v1/complaints", token: token, body: body)
            #expect(r.status == status, "\(r.status) \(r.text)")
        }
        let second = try #require(Self.sequence(of: try s.registered(estate: "Sunny Gardens", unit: "3")))
        #expect(second == first + 1)
    }

    @Test func acceptedIDsStayConsecutiveUnderConcurrentRefusals() throws {
        let dir = try TempDir("numbers-race")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let attempts = 48
        let results = ResultBox()
        let port = s.port
        let group = DispatchGroup()
        // One thread per request, so the registrations really are in flight together.
        let threads = (0..<attempts).map { index in
            Thread {
                defer { group.leave() }
                // Every third one is refused: a bad phone, or text over the limit.
                let body: String
                switch index % 3 {
                case 0:
                    body = complaintBody(
                        estate: "Sunny Gardens", unit: "9\(index)",
                        content: index % 2 == 0 ? "bad phone" : String(repeating: "x", count: 5_001),
                        phone: index % 2 == 0 ? "call me" : "13800138000")
                default: body = complaintBody(estate: "Sunny Gardens", unit: "9\(index)")
                }
                do {
                    let r = try http(port, "POST", "/v1/complaints", token: Token.rita, body: body)
                    results.add(r.status, r.json?["id"] as? String)
                } catch {
                    results.add(-1, nil)
                }
            }
        }
        for thread in threads {
            group.enter()
            thread.start()
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        let all = results.values
        #expect(all.count == attempts)
        #expect(all.filter { $0.status == 422 }.count == attempts / 3)
        let accepted = all.compactMap { $0.status == 201 ? $0.id.flatMap(Self.sequence(of:)) : nil }.sorted()
        #expect(accepted.count == attempts - attempts / 3)
        #expect(accepted == Array(1...accepted.count), "gaps in \(accepted)")
        // The register after the burst continues without a gap.
        #expect(Self.sequence(of: try s.registered(estate: "Sunny Gardens", unit: "after")) == accepted.count + 1)
    }
}

/// Statuses and ids collected from concurrent requests.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(status: Int, id: String?)] = []
    func add(_ status: Int, _ id: String?) {
        lock.lock()
        items.append((status, id))
        lock.unlock()
    }
    var values: [(status: Int, id: String?)] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
