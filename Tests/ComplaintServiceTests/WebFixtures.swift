import ComplaintService
import Digest
import Foundation
import TestSupport

/// The hash text `complaintd hash-password` prints, with few iterations so tests stay fast.
func passwordHash(_ password: String, iterations: Int = 1000) -> String {
    let salt: [UInt8] = Array("test-salt-16byte".utf8)
    let key = PBKDF2SHA256.deriveKey(password: Array(password.utf8), salt: salt, iterations: iterations)
    return "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
}

/// Console passwords of the web test users.
enum Password {
    static let rita = "前台-rita-密码-2026"
    static let hank = "hank handler password"
    static let dora = "dora-director-pw"
}

/// The usual test users, three of them also with console passwords (rita keeps her token too).
let webUsersJSON = """
    [{"id":"rita","role":"receptionist","token":"\(Token.rita)","passwordHash":"\(passwordHash(Password.rita))"},
     {"id":"dora","role":"director","passwordHash":"\(passwordHash(Password.dora))"},
     {"id":"hank","role":"handler","department":"engineering","token":"\(Token.hank)","passwordHash":"\(passwordHash(Password.hank))"},
     {"id":"mona","role":"manager","token":"\(Token.mona)"},
     {"id":"web","role":"intake","token":"\(Token.web)"},
     {"id":"root","role":"admin","token":"\(Token.admin)"}]
    """

func webConfiguration(dataDirectory: String) -> ServiceConfiguration {
    var c = testConfiguration(dataDirectory: dataDirectory)
    c.usersJSON = Data(webUsersJSON.utf8)
    return c
}

/// A signed-in browser: its cookie and CSRF token.
struct Browser {
    let cookie: String
    let csrf: String

    var headers: [(String, String)] { [("Cookie", cookie)] }
    var changing: [(String, String)] { [("Cookie", cookie), ("X-CSRF-Token", csrf)] }
}

extension Running {
    /// Signs in through `POST /v1/session` and returns the cookie and CSRF token.
    func signIn(_ user: String, _ password: String) throws -> Browser {
        let r = try post("/v1/session", token: nil, body: jsonString(["userId": user, "password": password]))
        guard r.status == 200, let setCookie = r.header("Set-Cookie"), let csrf = r.json?["csrfToken"] as? String else {
            throw TestError("sign-in as \(user): \(r.status) \(r.text)")
        }
        return Browser(cookie: String(setCookie.split(separator: ";")[0]), csrf: csrf)
    }
}

/// Reads Server-Sent Events from a raw connection.
final class EventReader {
    let client: TestClient
    private var text = ""

    init(port: Int, path: String = "/v1/stream", headers: [(String, String)]) throws {
        client = try TestClient(port: port)
        var head = "GET \(path) HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        client.send(head + "\r\n")
    }

    /// Reads until an event whose text contains `marker` arrived; returns all text read so far.
    func read(until marker: String) -> String {
        let bytes = client.readRaw(untilContains: marker)
        text += String(decoding: bytes, as: UTF8.self)
        return text
    }

    /// The `id:` values of `event: complaint` blocks seen so far.
    var complaintEventIDs: [UInt64] {
        text.components(separatedBy: "\n\n").compactMap { block in
            guard block.contains("event: complaint") else { return nil }
            return block.split(separator: "\n").first { $0.hasPrefix("id: ") }.flatMap { UInt64($0.dropFirst(4)) }
        }
    }
}
