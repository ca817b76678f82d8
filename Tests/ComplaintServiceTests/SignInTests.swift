import ComplaintService
import Foundation
import TestSupport
import Testing

/// The console's sign-in: password hashes in config, the session cookie, CSRF, limits on failures.
@Suite(.serialized)
struct SignInTests {
    @Test func aUserSignsInWithAPasswordAndGetsAStrictHttpOnlyCookie() throws {
        let dir = try TempDir("signin")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let wrong = try running.post("/v1/session", token: nil, body: jsonString(["userId": "rita", "password": "nope"]))
        #expect(wrong.status == 401)
        #expect(wrong.header("Set-Cookie") == nil)
        let r = try running.post("/v1/session", token: nil, body: jsonString(["userId": "rita", "password": Password.rita]))
        #expect(r.status == 200)
        let cookie = try #require(r.header("Set-Cookie"))
        #expect(cookie.hasPrefix("complaintd_session="))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/") && cookie.contains("Max-Age=43200"))
        #expect(!cookie.contains("Secure"))
        #expect((r.json?["user"] as? [String: Any])?["id"] as? String == "rita")
        #expect((r.json?["csrfToken"] as? String)?.count ?? 0 >= 32)
        #expect(r.header("Cache-Control") == "no-store")
        // The cookie reads like a token does.
        let browser = try running.signIn("rita", Password.rita)
        #expect(try running.get("/v1/complaints", token: nil, headers: browser.headers).status == 200)
        #expect(try running.get("/v1/session", token: nil, headers: browser.headers).json?["csrfToken"] as? String == browser.csrf)
        #expect(try running.get("/v1/complaints", token: nil).status == 401)
    }

    @Test func aChangeMadeWithTheCookieNeedsTheCSRFTokenAndABearerTokenNeedsNone() throws {
        let dir = try TempDir("csrf")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let browser = try running.signIn("rita", Password.rita)
        let body = registrationBody(content: "电梯停运")
        let bare = try running.post("/v1/complaints", token: nil, body: body, headers: browser.headers)
        #expect(bare.status == 403)
        #expect(bare.json?["type"] as? String == "https://complaintd.dev/problems/csrf-token-missing")
        let forged = try running.post(
            "/v1/complaints", token: nil, body: body, headers: browser.headers + [("X-CSRF-Token", String(repeating: "0", count: 48))])
        #expect(forged.status == 403)
        let made = try running.post("/v1/complaints", token: nil, body: body, headers: browser.changing)
        #expect(made.status == 201)
        #expect(made.json?["receivedBy"] as? String == "rita")
        #expect(try running.post("/v1/complaints", token: Token.rita, body: registrationBody(content: "另一个")).status == 201)
    }

    @Test func signingOutEndsTheSession() throws {
        let dir = try TempDir("signout")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let browser = try running.signIn("hank", Password.hank)
        #expect(try http(running.port, "DELETE", "/v1/session", headers: browser.headers).status == 403)
        let out = try http(running.port, "DELETE", "/v1/session", headers: browser.changing)
        #expect(out.status == 204)
        #expect(out.header("Set-Cookie")?.contains("Max-Age=0") == true)
        #expect(try running.get("/v1/session", token: nil, headers: browser.headers).json?["user"] is NSNull)
        #expect(try running.get("/v1/complaints", token: nil, headers: browser.headers).status == 401)
    }

    @Test func sessionsEndWhenIdleOrAtTheirAbsoluteExpiry() throws {
        let dir = try TempDir("idle")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        var c = webConfiguration(dataDirectory: dir.path)
        c.web.session.idleSeconds = 600
        c.web.session.absoluteSeconds = 1800
        let running = try Running(c, clock: clock)
        let browser = try running.signIn("dora", Password.dora)
        clock.advance(by: 500)
        func signedIn(_ browser: Browser) throws -> Bool {
            try running.get("/v1/session", token: nil, headers: browser.headers).json?["user"] is [String: Any]
        }
        #expect(try signedIn(browser))
        clock.advance(by: 500)
        #expect(try signedIn(browser))
        clock.advance(by: 599)
        #expect(try signedIn(browser))
        clock.advance(by: 300)  // 1899 s after sign-in: past the absolute expiry though used recently
        #expect(try !signedIn(browser))
        #expect(try running.get("/v1/complaints", token: nil, headers: browser.headers).status == 401)
        let again = try running.signIn("dora", Password.dora)
        clock.advance(by: 601)
        #expect(try !signedIn(again))
    }

    @Test func failedSignInsAreLimitedPerUserAndPerAddress() throws {
        let dir = try TempDir("throttle")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_790_000_000))
        var c = webConfiguration(dataDirectory: dir.path)
        c.web.signIn.maxFailuresPerUser = 3
        c.web.signIn.maxFailuresPerAddress = 5
        c.web.signIn.windowSeconds = 600
        let running = try Running(c, clock: clock)
        func attempt(_ user: String, _ password: String) throws -> TestResponse {
            try running.post("/v1/session", token: nil, body: jsonString(["userId": user, "password": password]))
        }
        for _ in 0..<3 { #expect(try attempt("rita", "guess").status == 401) }
        let limited = try attempt("rita", Password.rita)
        #expect(limited.status == 429)
        #expect(Int(limited.header("Retry-After") ?? "") == 600)
        // Another user from the same address still may, until the address has used its allowance.
        #expect(try attempt("hank", Password.hank).status == 200)
        #expect(try attempt("nobody", "x").status == 401)
        #expect(try attempt("nobody2", "x").status == 401)
        #expect(try attempt("dora", Password.dora).status == 429)
        clock.advance(by: 601)
        #expect(try attempt("rita", Password.rita).status == 200)
    }

    @Test func theCookieIsSecureWhenConfigured() throws {
        let dir = try TempDir("secure")
        defer { dir.remove() }
        var c = webConfiguration(dataDirectory: dir.path)
        c.web.session.secureCookie = true
        let running = try Running(c)
        let r = try running.post("/v1/session", token: nil, body: jsonString(["userId": "dora", "password": Password.dora]))
        #expect(r.header("Set-Cookie")?.hasSuffix("; Secure") == true)
    }

    @Test func theGeneratedAdminSignsInWithThePasswordFileAndNoUsersConfigured() throws {
        let dir = try TempDir("bootstrap")
        defer { dir.remove() }
        var c = testConfiguration(dataDirectory: dir.path)
        c.usersJSON = nil
        let running = try Running(c)
        let path = dir.path + "/admin.password"
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let password = try #require(String(data: FileManager.default.contents(atPath: path) ?? Data(), encoding: .utf8))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(password.count == 16)
        let browser = try running.signIn("admin", password)
        #expect(try running.get("/v1/me", token: nil, headers: browser.headers).json?["role"] as? String == "admin")
        #expect(try running.post("/v1/session", token: nil, body: jsonString(["userId": "admin", "password": "x" + password])).status == 401)
    }

    @Test func aBadPasswordHashInConfigurationStopsStartUpWithoutShowingIt() throws {
        let users = #"[{"id":"rita","role":"receptionist","passwordHash":"my-secret-password"}]"#
        #expect {
            try ConfigurationLoader.load(arguments: [], environment: [:], usersJSON: users)
        } throws: { error in
            let text = "\(error)"
            return text.contains("users[0].passwordHash") && !text.contains("my-secret-password")
        }
    }
}

extension ConfigurationLoader {
    /// Loads a configuration file holding only `users`.
    static func load(arguments: [String], environment: [String: String], usersJSON: String) throws -> ServiceConfiguration {
        let path = NSTemporaryDirectory() + "complaintd-users-\(UUID().uuidString.prefix(8)).json"
        try Data(#"{"users":\#(usersJSON)}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try load(arguments: ["--config", path] + arguments, environment: environment)
    }
}
