import ComplaintService
import Foundation
import TestSupport
import Testing

/// The `users` section: every entry checked, errors naming the key and the value, exit code 2
/// before the event log is opened, and never a token in any message.
@Suite(.serialized)
struct UserConfigurationTests {
    static let tokens = ["tok-AAAA-1111-secret", "tok-BBBB-2222-secret", "tok-CCCC-3333-secret", "tok-ENV-4444-secret"]

    /// The key a `users` section is refused with, and the whole message; nil when accepted.
    func refusal(_ users: String, environment: [String: String] = [:]) throws -> (key: String, message: String)? {
        let dir = try TempDir("users-config")
        defer { dir.remove() }
        let path = dir.path + "/c.json"
        try Data(#"{"users": \#(users)}"#.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ConfigurationLoader.load(arguments: ["--config", path], environment: environment)
            return nil
        } catch let error as ConfigurationError {
            return (error.key, error.description)
        }
    }

    static let cases: [(users: String, key: String, names: String)] = [
        (#"{"id":"a","role":"receptionist","token":"tok-AAAA-1111-secret"}"#, "users", "(an object, not shown)"),
        (#"[{"id":"a","role":"receptionist","token":"tok-AAAA-1111-secret"}, "tok-BBBB-2222-secret"]"#, "users[1]", "(a string, not shown)"),
        (#"[{"id":"a","role":"boss","token":"tok-AAAA-1111-secret"}]"#, "users[0].role", "\"boss\""),
        (#"[{"role":"receptionist","token":"tok-AAAA-1111-secret"}]"#, "users[0].id", "(missing)"),
        (#"[{"id":"a b","role":"receptionist","token":"tok-AAAA-1111-secret"}]"#, "users[0].id", "\"a b\""),
        (#"[{"id":"h","role":"handler","token":"tok-AAAA-1111-secret"}]"#, "users[0].department", "(missing)"),
        (#"[{"id":"h","role":"handler","department":"plumbing","token":"tok-AAAA-1111-secret"}]"#, "users[0].department", "\"plumbing\""),
        (#"[{"id":"r","role":"receptionist","department":"engineering","token":"tok-AAAA-1111-secret"}]"#, "users[0].department", "\"engineering\""),
        (#"[{"id":"r","role":"receptionist","estates":"翠苑小区","token":"tok-AAAA-1111-secret"}]"#, "users[0].estates", "\"翠苑小区\""),
        (#"[{"id":"r","role":"receptionist","estates":["翠苑小区"," "],"token":"tok-AAAA-1111-secret"}]"#, "users[0].estates[1]", "\" \""),
        (#"[{"id":"r","role":"receptionist","estates":[7],"token":"tok-AAAA-1111-secret"}]"#, "users[0].estates[0]", "7"),
        (#"[{"id":"r","role":"receptionist","token":"short"}]"#, "users[0].token", "(hidden)"),
        (#"[{"id":"r","role":"receptionist"}]"#, "users[0].token", "(missing)"),
        (#"[{"id":"r","role":"receptionist","tokenEnv":"NO_SUCH_VARIABLE"}]"#, "users[0].tokenEnv", "\"NO_SUCH_VARIABLE\""),
        (#"[{"id":"r","role":"receptionist","token":"tok-AAAA-1111-secret","tokenEnv":"TOKEN_ENV"}]"#, "users[0].token", "(hidden)"),
        (
            #"[{"id":"r","role":"receptionist","tokn":"tok-BBBB-2222-secret","token":"tok-AAAA-1111-secret"}]"#, "users[0].tokn",
            "(a string, not shown)"
        ),
        (#"[{"id":"r","role":"receptionist","estate":["翠苑小区"],"token":"tok-AAAA-1111-secret"}]"#, "users[0].estate", "(a list, not shown)"),
        (
            #"[{"id":"r","role":"receptionist","token":"tok-AAAA-1111-secret"},{"id":"r","role":"manager","token":"tok-BBBB-2222-secret"}]"#,
            "users[1].id", "\"r\""
        ),
        (
            #"[{"id":"r","role":"receptionist","token":"tok-ENV-4444-secret"},{"id":"m","role":"manager","tokenEnv":"TOKEN_ENV"}]"#,
            "users[1].tokenEnv", "users[0]"
        ),
        (#"[{"id":"r","role":"tok-CCCC-3333-secret","token":"tok-CCCC-3333-secret"}]"#, "users[0].role", "(hidden)"),
    ]

    @Test func everyMalformedUserIsNamedWithoutItsToken() throws {
        for (users, key, names) in Self.cases {
            let refused = try refusal(users, environment: ["TOKEN_ENV": "tok-ENV-4444-secret"])
            #expect(refused?.key == key, "\(users): \(refused?.message ?? "accepted")")
            #expect(refused?.message.contains(names) == true, "\(refused?.message ?? "accepted") does not name \(names)")
            for token in Self.tokens { #expect(refused?.message.contains(token) != true, "\(refused?.message ?? "") prints a token") }
        }
        let fine = #"""
            [{"id":"cui","name":"崔","role":"receptionist","estates":["翠苑小区","金色家园"],"token":"tok-AAAA-1111-secret"},
             {"id":"hank","role":"handler","department":"engineering","tokenEnv":"TOKEN_ENV","_comment":"ok"},
             {"id":"web","role":"intake","estates":[],"token":"tok-BBBB-2222-secret"}]
            """#
        #expect(try refusal(fine, environment: ["TOKEN_ENV": "tok-ENV-4444-secret"]) == nil)
    }

    @Test func aServiceWithABadUserStopsBeforeOpeningTheLog() throws {
        let dir = try TempDir("users-start")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.usersJSON = Data(
            #"[{"id":"r","role":"receptionist","token":"tok-AAAA-1111-secret"},{"id":"x","role":"owner","token":"tok-BBBB-2222-secret"}]"#.utf8)
        let service = Service(configuration: configuration)
        do {
            _ = try service.start()
            service.shutdown()
            Issue.record("started with an owner among the users")
        } catch let error as ConfigurationError {
            #expect(error.key == "users[1].role" && error.value == "\"owner\"")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/log"), "the event log was opened")
    }

    /// The real binary with a malformed users section holding tokens: exit 2, the key named on
    /// stderr, no token on stderr or stdout (the log), no event log created.
    @Test func theBinaryExitsWithTwoAndPrintsNoToken() throws {
        guard let binary = CrashTests.binary else {
            print("complaintd binary not built: skipping")
            return
        }
        let sections = [
            (
                #"[{"id":"a","role":"receptionist","token":"tok-AAAA-1111-secret"}, "tok-BBBB-2222-secret", {"id":"c","role":"manager","token":"tok-CCCC-3333-secret"}]"#,
                "users[1]"
            ),
            (
                #"[{"id":"a","role":"receptionist","token":"tok-AAAA-1111-secret"}, {"id":"c","role":"boss","token":"tok-CCCC-3333-secret"}]"#,
                "users[1].role"
            ),
            (#"{"a": "tok-AAAA-1111-secret"}"#, "users"),
        ]
        for (users, key) in sections {
            let dir = try TempDir("users-binary")
            defer { dir.remove() }
            let config = dir.path + "/c.json"
            try Data(#"{"users": \#(users)}"#.utf8).write(to: URL(fileURLWithPath: config))
            let process = try ChildProcess(
                binary, ["--config", config, "--data-dir", dir.path + "/data", "--port", "0"],
                stdout: .file(dir.path + "/out"), stderr: .file(dir.path + "/err"))
            let status = process.exitStatus(within: 30)
            let out = fileText(dir.path + "/out")
            let err = fileText(dir.path + "/err")
            #expect(status == 2, "\(users): exit \(status.map(String.init) ?? "still running")\n\(err)")
            #expect(err.contains(key), "stderr does not name \(key): \(err)")
            for token in Self.tokens { #expect(!err.contains(token) && !out.contains(token), "a token was printed:\n\(err)\n\(out)") }
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/data/log"), "the event log was opened")
        }
    }
}
