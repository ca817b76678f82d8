import ComplaintService
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `complaintd hash-password`, and the sign-in log of the real binary.
@Suite(.serialized)
struct HashPasswordCommandTests {
    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func printsAHashThatVerifiesTheTypedPasswordAndNothingElse() throws {
        let dir = try TempDir("hashpw")
        defer { dir.remove() }
        let input = dir.path + "/in"
        let output = dir.path + "/out"
        try Data("物业 pass 2026\n".utf8).write(to: URL(fileURLWithPath: input))
        let process = try ChildProcess(CrashTests.binary!, ["hash-password", "--iterations", "2000"], stdin: input, stdout: .file(output))
        #expect(process.exitStatus(within: 60) == 0)
        let printed = fileText(output).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed.hasPrefix("pbkdf2-sha256$2000$"))
        #expect(PasswordHashing.verify(password: "物业 pass 2026", against: printed))
        #expect(!PasswordHashing.verify(password: "物业 pass 2026\n", against: printed))
        #expect(!printed.contains("pass 2026"))
        let bad = try ChildProcess(CrashTests.binary!, ["hash-password", "--iterations", "10"], stdin: input)
        #expect(bad.exitStatus(within: 30) == 2)
    }

    @Test(.enabled(if: CrashTests.binary != nil, "complaintd binary not found: run `swift build` or set COMPLAINTD_BIN"))
    func signInAttemptsAreLoggedWithoutThePassword() throws {
        let dir = try TempDir("signinlog")
        defer { dir.remove() }
        let config = dir.path + "/config.json"
        let log = dir.path + "/log"
        let users = #"[{"id":"rita","role":"receptionist","passwordHash":"\#(passwordHash(Password.rita))"}]"#
        try Data(#"{"users":\#(users)}"#.utf8).write(to: URL(fileURLWithPath: config))
        let port = try CrashTests.freePort()
        let process = try ChildProcess(
            CrashTests.binary!, ["--config", config, "--data-dir", dir.path + "/data", "--port", String(port)],
            stdout: .file(log))
        defer { process.stop() }
        #expect(eventually { (try? http(port, "GET", "/healthz"))?.status == 200 })
        let typo = "rita-typo-password-XYZ"
        #expect(try http(port, "POST", "/v1/session", body: jsonString(["userId": "rita", "password": typo])).status == 401)
        #expect(try http(port, "POST", "/v1/session", body: jsonString(["userId": "rita", "password": Password.rita])).status == 200)
        process.signal(SIGTERM)
        #expect(process.exitStatus(within: 20) == 0)
        let text = fileText(log)
        #expect(text.contains(#""msg":"sign-in failed","userId":"rita""#))
        #expect(text.contains(#""msg":"signed in","userId":"rita""#))
        #expect(!text.contains(typo) && !text.contains(Password.rita))
    }
}
