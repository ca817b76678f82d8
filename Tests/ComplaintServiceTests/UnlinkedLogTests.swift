import ComplaintService
import Foundation
import Testing

/// A data directory written before records carried `prev` links (an older version) keeps working:
/// every complaint's history, closed ones read back from the log included, is served whole, and
/// new events continue it — after a full replay and after a restart from a snapshot.
@Suite(.serialized)
struct UnlinkedLogTests {
    /// Removes every `"prev":[…]` from the log's lines, as an older version wrote them (the
    /// checksum covers only `data`, so the records stay valid).
    static func unlinkLog(_ directory: String) throws {
        let logDirectory = directory + "/log"
        for name in try FileManager.default.contentsOfDirectory(atPath: logDirectory) where name.hasSuffix(".jsonl") {
            let path = logDirectory + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let unlinked = text.replacingOccurrences(of: #","prev":\[[0-9]+,[0-9]+,[0-9]+\]"#, with: "", options: .regularExpression)
            try Data(unlinked.utf8).write(to: URL(fileURLWithPath: path))
        }
        try? FileManager.default.removeItem(atPath: logDirectory + "/MANIFEST")
        try? FileManager.default.removeItem(atPath: directory + "/snapshots")
    }

    static func history(_ running: Running, _ id: String) throws -> [String] {
        try running.events(id).map { "\($0["sequence"] ?? "") \($0["type"] ?? "")" }
    }

    @Test func historiesWrittenWithoutLinksAreStillReadWhole() throws {
        let dir = try TempDir("unlinked")
        defer { dir.remove() }
        var before: [String: [String]] = [:]
        let closed: String
        let open: String
        do {
            let first = try Running(testConfiguration(dataDirectory: dir.path))
            closed = try #require(first.register(content: "Not ours: the city's water main", unit: "1101").json?["id"] as? String)
            open = try #require(first.register(content: "The lift stops between floors", unit: "1102").json?["id"] as? String)
            try AnnouncementEndpointTests.advance(first, closed, through: "close")
            #expect(
                try first.post(
                    "/v1/complaints/\(open)/assess", token: Token.dora,
                    body: #"{"valid":true,"inScope":true,"severity":"important"}"#
                ).status == 200)
            #expect(try first.post("/v1/complaints/\(open)/opinion", token: Token.sue, body: #"{"text":"电梯公司今日到场"}"#).status == 200)
            for id in [closed, open] { before[id] = try Self.history(first, id) }
            #expect(try first.get("/v1/complaints/\(closed)").json?["status"] as? String == "closed")
            first.stop()
        }
        try Self.unlinkLog(dir.path)
        #expect(try !String(contentsOfFile: dir.path + "/log/0000000001.jsonl", encoding: .utf8).contains(#""prev""#))

        // A full replay of the unlinked log: the closed complaint is read back from it.
        let second = try Running(testConfiguration(dataDirectory: dir.path))
        for id in [closed, open] { #expect(try Self.history(second, id) == before[id], "\(id)") }
        #expect(try second.get("/v1/complaints/\(closed)").json?["status"] as? String == "closed")
        // A new event links to the newest unlinked record; the history stays whole.
        #expect(
            try second.post(
                "/v1/complaints/\(open)/dispatch", token: Token.rita,
                body: #"{"department":"engineering","handler":"hank"}"#
            ).status == 200)
        let continued = try Self.history(second, open)
        #expect(continued.count == before[open]!.count + 1)
        second.stop()  // writes a snapshot that must keep where the unlinked records are

        let third = try Running(testConfiguration(dataDirectory: dir.path))
        #expect(try Self.history(third, closed) == before[closed])
        #expect(try Self.history(third, open) == continued)
        third.stop()
    }
}
