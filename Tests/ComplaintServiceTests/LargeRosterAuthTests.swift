import ComplaintService
import Foundation
import TestSupport
import Testing

/// A property group's roster of thousands: every token still finds its own user, nothing near a
/// token finds anyone, and a POST (checked by the head filter, then by its handler) is answered
/// as with a handful of users.
@Suite(.serialized)
struct LargeRosterAuthTests {
    static let rosterSize = 2000
    static let consolePassword = "console-only-密码-2026"

    /// Tokens that share a long prefix and differ in a few digits, as generated ones might: one
    /// byte changed in the digits is another user's token.
    static func token(_ index: Int) -> String { "roster-token-" + String(format: "%06d", index) + "-abcdefghij" }

    static func role(_ index: Int) -> String { ["receptionist", "manager", "intake", "director"][index % 4] }

    /// The roster: users `u0`…`u1999` with tokens, and `desk`, who only signs in to the console.
    static func configuration(dataDirectory: String) -> ServiceConfiguration {
        var users = (0..<rosterSize).map { index in
            ["id": "u\(index)", "name": "员工 \(index)", "role": role(index), "token": token(index)]
        }
        users.append(["id": "desk", "role": "receptionist", "passwordHash": passwordHash(consolePassword)])
        var c = testConfiguration(dataDirectory: dataDirectory)
        c.usersJSON = try! JSONSerialization.data(withJSONObject: users)
        return c
    }

    func withRoster(_ body: (Running) throws -> Void) throws {
        let dir = try TempDir("roster")
        defer { dir.remove() }
        let running = try Running(Self.configuration(dataDirectory: dir.path))
        defer { running.stop() }
        try body(running)
    }

    /// `GET /v1/me` on one kept-alive connection for each Authorization value, in order.
    func whoAmI(_ port: Int, _ authorizations: [String]) throws -> [TestResponse] {
        let client = try TestClient(port: port, timeoutSeconds: 30)
        return try authorizations.map { authorization in
            client.send("GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\n\r\n")
            guard let response = client.readResponse() else { throw TestError("no answer for \(authorization)") }
            return response
        }
    }

    @Test func everyTokenOfTwoThousandUsersFindsItsOwnUser() throws {
        try withRoster { running in
            let answers = try whoAmI(running.port, (0..<Self.rosterSize).map { "Bearer " + Self.token($0) })
            var wrong: [String] = []
            for (index, answer) in answers.enumerated() {
                let me = answer.json
                if answer.status != 200 || me?["id"] as? String != "u\(index)" || me?["role"] as? String != Self.role(index)
                    || me?["name"] as? String != "员工 \(index)"
                {
                    wrong.append("u\(index): \(answer.status) \(answer.text)")
                }
            }
            #expect(wrong.isEmpty, "\(wrong.prefix(5))")
            // The scheme is case-insensitive, the token is not.
            let schemes = try whoAmI(running.port, ["bearer " + Self.token(7), "BEARER " + Self.token(1999)])
            #expect(schemes.map { $0.json?["id"] as? String } == ["u7", "u1999"])
        }
    }

    @Test func aTokenNearARealOneIsRefusedLikeAnyUnknownToken() throws {
        try withRoster { running in
            let real = Self.token(1234)
            var oneByteChanged = Array(real.utf8)
            oneByteChanged[oneByteChanged.count - 1] ^= 0x01
            var firstByteChanged = Array(real.utf8)
            firstByteChanged[0] ^= 0x20
            let nearMisses = [
                String(decoding: oneByteChanged, as: UTF8.self), String(decoding: firstByteChanged, as: UTF8.self),
                String(real.dropLast()), String(real.prefix(16)), real + "k", real + real, real.uppercased(),
                "roster-token-001234-abcdefghi", "x",
            ]
            let unknown = try whoAmI(running.port, ["Bearer unknown-token-0000000000"])[0]
            #expect(unknown.status == 401)
            #expect(unknown.header("Content-Type") == "application/problem+json")
            let answers = try whoAmI(running.port, nearMisses.map { "Bearer " + $0 } + ["Bearer" + real, "Basic " + real, real])
            for (index, answer) in answers.enumerated() {
                #expect(answer.status == 401, "variant \(index): \(answer.text)")
                #expect(answer.header("Content-Type") == unknown.header("Content-Type"))
                #expect(answer.header("WWW-Authenticate") == unknown.header("WWW-Authenticate"))
                for key in ["type", "title", "status", "detail"] {
                    #expect("\(answer.json?[key] ?? "none")" == "\(unknown.json?[key] ?? "none")", "variant \(index) \(key)")
                }
            }
            // A digit changed is simply another user's token, and finds that user.
            #expect(try whoAmI(running.port, ["Bearer " + Self.token(1235)])[0].json?["id"] as? String == "u1235")
            // Nothing presented as a token reaches the user who has none.
            #expect(try whoAmI(running.port, ["Bearer " + Self.consolePassword])[0].status == 401)
        }
    }

    @Test func aPostIsRecordedForItsOwnCallerAndANearMissWritesNothing() throws {
        try withRoster { running in
            // u1996 is a receptionist, the 1,997th of 2,000 in the roster.
            let made = try running.post("/v1/complaints", token: Self.token(1996), body: registrationBody(content: "电梯停运三天"))
            #expect(made.status == 201, "\(made.text)")
            #expect(made.json?["receivedBy"] as? String == "u1996")
            let refused = try running.post("/v1/complaints", token: String(Self.token(1996).dropLast()), body: registrationBody(content: "不应记录"))
            #expect(refused.status == 401)
            let intake = try running.post("/v1/complaints", token: Self.token(2), body: registrationBody(content: "网页登记"))
            #expect(intake.status == 201, "\(intake.text)")
            let list = try running.get("/v1/complaints", token: Self.token(1))
            let contents = (list.json?["items"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
            #expect(contents?.sorted() == ["电梯停运三天", "网页登记"].sorted(), "\(list.text)")
            let trail = try running.events(try #require(made.json?["id"] as? String), token: Self.token(1))
            #expect(((trail.first?["data"] as? [String: Any])?["actor"] as? [String: Any])?["id"] as? String == "u1996", "\(trail.first ?? [:])")
        }
    }

    @Test func aConsoleOnlyUserStillSignsInAndChangesThingsWithTheCSRFToken() throws {
        try withRoster { running in
            let browser = try running.signIn("desk", Self.consolePassword)
            let body = registrationBody(content: "前台登记")
            #expect(try running.post("/v1/complaints", token: nil, body: body, headers: browser.headers).status == 403)
            let made = try running.post("/v1/complaints", token: nil, body: body, headers: browser.changing)
            #expect(made.status == 201, "\(made.text)")
            #expect(made.json?["receivedBy"] as? String == "desk")
            #expect(try running.get("/v1/me", token: nil, headers: browser.headers).json?["id"] as? String == "desk")
        }
    }
}
