import ComplaintService
import Foundation
import TestSupport
import Testing

/// Staff uploads from the console: the session cookie counts as a bearer token does, and, being
/// a state change, needs the session's CSRF token (a forged cross-site form must not add files);
/// If-Match and the ETag answered let the console add a photo and then act on the same version.
@Suite struct ConsoleUploadTests {
    @Test func theConsoleUploadsWithItsCookieAndCSRFTokenButNotWithTheCookieAlone() throws {
        let dir = try TempDir("console-upload")
        defer { dir.remove() }
        let s = try Running(webConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, _) = try s.newComplaint()
        let browser = try s.signIn("rita", Password.rita)
        let path = "/v1/complaints/\(id)/attachments"
        let body = Multipart.body([("note", nil, Array("整改后".utf8)), ("file", "after.png", Files.png(seed: 3))])

        let bare = try send(s.port, "POST", path, body: body, contentType: Multipart.contentType, headers: browser.headers)
        #expect(bare.status == 403, "\(bare.text)")
        #expect(bare.json?["type"] as? String == "https://complaintd.dev/problems/csrf-token-missing")
        let forged = try send(
            s.port, "POST", path, body: body, contentType: Multipart.contentType,
            headers: browser.headers + [("X-CSRF-Token", String(repeating: "0", count: 48))])
        #expect(forged.status == 403)
        let nobody = try send(s.port, "POST", path, body: body, contentType: Multipart.contentType)
        #expect(nobody.status == 401)
        #expect((try s.get("/v1/complaints/\(id)").json?["attachments"] as? [Any])?.isEmpty != false, "nothing was added by the refused ones")

        let made = try send(s.port, "POST", path, body: body, contentType: Multipart.contentType, headers: browser.changing)
        #expect(made.status == 201, "\(made.text)")
        let file = try #require((made.json?["files"] as? [[String: Any]])?.first)
        #expect(file["addedBy"] as? String == "rita" && file["note"] as? String == "整改后" && file["mediaType"] as? String == "image/png")
        // The answer carries the complaint's new version, which the console sends with the action next.
        let etag = try #require(made.header("ETag"))
        #expect(try s.get("/v1/complaints/\(id)").header("ETag") == etag)
        let again = Multipart.body([("file", "second.png", Files.png(seed: 4))])
        let stale = try send(
            s.port, "POST", path, body: again, contentType: Multipart.contentType, headers: browser.changing + [("If-Match", "\"1\"")])
        #expect(stale.status == 412, "a photo is not added to a complaint changed since the page showed it")
        let current = try send(
            s.port, "POST", path, body: again, contentType: Multipart.contentType, headers: browser.changing + [("If-Match", etag)])
        #expect(current.status == 201 && current.header("ETag") != etag, "\(current.text)")
        // The console shows it back with the same cookie (a read: no CSRF token needed).
        let sha = try #require(file["sha256"] as? String)
        let shown = try s.get("/v1/complaints/\(id)/attachments/\(sha)", token: nil, headers: browser.headers)
        #expect(shown.status == 200 && shown.body == Files.png(seed: 3))
    }
}
