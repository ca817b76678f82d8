import ComplaintService
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Photos and documents as evidence, over loopback: judged by their bytes, stripped of their
/// position, stored by content, served with the complaint's authorization.
@Suite struct AttachmentTests {
    static func files(_ r: TestResponse) -> [[String: Any]] { r.json?["files"] as? [[String: Any]] ?? [] }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    static func entries(_ path: String) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }

    /// Whether `pending/` and `tmp/` are empty. A request's spooled body is removed when the
    /// connection lets the request go, just after the answer is written: wait for it.
    static func leftNothingBehind(_ dataDirectory: String) -> Bool {
        eventually { entries(dataDirectory + "/attachments/pending").isEmpty && entries(dataDirectory + "/attachments/tmp").isEmpty }
    }

    @Test func aPhotoLosesItsPositionIsStoredByContentAndServedBack() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, _) = try s.newComplaint()

        let r = try s.upload(id, Files.photoWithLocation, name: "楼道漏水.jpg", note: "整改前")
        #expect(r.status == 201, "\(r.text)")
        let file = try #require(Self.files(r).first)
        let sha = Files.sha256(Files.photoStored)
        #expect(file["sha256"] as? String == sha, "the name is the SHA-256 of what is stored: the stripped file")
        #expect(file["mediaType"] as? String == "image/jpeg" && file["size"] as? Int == Files.photoStored.count)
        #expect(file["name"] as? String == "楼道漏水.jpg" && file["note"] as? String == "整改前" && file["addedBy"] as? String == "rita")
        #expect(r.header("Location") == "/v1/complaints/\(id)/attachments/\(sha)")

        // On disk: content-addressed, owner-only, nothing left pending.
        let stored = dir.path + "/attachments/objects/\(sha.prefix(2))/\(sha)"
        #expect(FileManager.default.contents(atPath: stored).map(Array.init) == Files.photoStored)
        #expect(Self.mode(stored) == 0o600)
        for sub in ["", "/objects", "/objects/\(sha.prefix(2))", "/pending", "/tmp"] {
            #expect(Self.mode(dir.path + "/attachments" + sub) == 0o700, "\(sub)")
        }
        #expect(Self.leftNothingBehind(dir.path))

        let got = try s.get("/v1/complaints/\(id)/attachments/\(sha)")
        #expect(got.status == 200 && got.body == Files.photoStored)
        #expect(!got.text.contains("GPS") && !got.text.contains("31.2304"))
        #expect(got.header("Content-Type") == "image/jpeg" && got.header("ETag") == "\"\(sha)\"")
        #expect(got.header("Cache-Control")?.hasPrefix("private") == true && got.header("X-Content-Type-Options") == "nosniff")
        #expect(got.header("Content-Disposition")?.contains("filename*=UTF-8''%E6%A5%BC%E9%81%93%E6%BC%8F%E6%B0%B4.jpg") == true)
        let cached = try s.get("/v1/complaints/\(id)/attachments/\(sha)", headers: [("If-None-Match", "\"\(sha)\"")])
        #expect(cached.status == 304 && cached.body.isEmpty)

        // The complaint and its audit trail name the file: hash, type, size, name.
        let listed = try #require(try s.get("/v1/complaints/\(id)").json?["attachments"] as? [[String: Any]])
        #expect(listed.map { $0["sha256"] as? String } == [sha] && listed.first?["url"] as? String == "/v1/complaints/\(id)/attachments/\(sha)")
        let added = try #require(try s.events(id).first { $0["type"] as? String == "complaint.attachments_added" })
        let recorded = try #require(((added["data"] as? [String: Any])?["files"] as? [[String: Any]])?.first)
        #expect(recorded["sha256"] as? String == sha && recorded["mediaType"] as? String == "image/jpeg")
        #expect(recorded["size"] as? Int == Files.photoStored.count && recorded["name"] as? String == "楼道漏水.jpg")

        // The same bytes again are not recorded twice.
        #expect(try s.upload(id, Files.photoWithLocation).status == 201)
        #expect((try s.get("/v1/complaints/\(id)").json?["attachments"] as? [Any])?.count == 1)
        #expect(try s.get("/v1/complaints/\(id)/attachments/\(String(repeating: "0", count: 64))").status == 404)
    }

    @Test func aRawBodyIsOneFileAndItsKindComesFromItsBytes() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, _) = try s.newComplaint()
        let png = try send(
            s.port, "POST", "/v1/complaints/\(id)/attachments?name=form.png", token: Token.rita, body: Files.png(), contentType: "image/png")
        #expect(
            png.status == 201 && Self.files(png).first?["mediaType"] as? String == "image/png"
                && Self.files(png).first?["name"] as? String == "form.png")
        // A PNG's Exif and text chunks go too; the picture stays as it was.
        let tagged = Files.png(seed: 8, extra: Files.chunk("eXIf", Files.exif) + Files.chunk("tEXt", Array("Location\0上海市静安区".utf8)))
        let stripped = try send(s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: tagged, contentType: "image/png")
        #expect(stripped.status == 201 && Self.files(stripped).first?["sha256"] as? String == Files.sha256(Files.png(seed: 8)), "\(stripped.text)")
        // An iPhone's HEIC keeps every byte but its Exif item's, zeroed where iloc puts them.
        let heic = try send(
            s.port, "POST", "/v1/complaints/\(id)/attachments?name=IMG_0001.HEIC", token: Token.rita, body: Files.heic(),
            contentType: "image/heic")
        let zeroed = Files.heic(exif: [UInt8](repeating: 0, count: Files.heic().count - Files.heic(exif: []).count))
        #expect(heic.status == 201 && Self.files(heic).first?["sha256"] as? String == Files.sha256(zeroed), "\(heic.text)")
        #expect(Self.files(heic).first?["mediaType"] as? String == "image/heic")
        let cut = try send(
            s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Array(Files.png(seed: 9).dropLast(6)),
            contentType: "image/png")
        #expect(cut.status == 422 && cut.text.contains("不是完好的 PNG 文件"), "\(cut.text)")
        // Declared as a JPEG, named .jpg: still a PDF.
        let pdf = try send(
            s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Files.pdf, contentType: "image/jpeg",
            headers: [("Content-Disposition", "inline; filename=\"scan.jpg\"")])
        #expect(pdf.status == 201 && Self.files(pdf).first?["mediaType"] as? String == "application/pdf", "\(pdf.text)")
        let served = try s.get("/v1/complaints/\(id)/attachments/\(Files.sha256(Files.pdf))")
        #expect(served.header("Content-Type") == "application/pdf" && served.header("Content-Disposition")?.hasPrefix("attachment") == true)
        // Not a picture or a PDF, whatever its name says.
        let exe = try s.upload(id, Array("MZ\u{90}\u{0}this is a program".utf8), name: "photo.jpg")
        #expect(exe.status == 422 && exe.text.contains("photo.jpg 不是 JPEG、PNG、WebP、HEIC 或 PDF 文件"), "\(exe.text)")
        // Declared as something that is not a file at all: refused before the body is read.
        let json = try send(
            s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Array("{}".utf8), contentType: "application/json")
        #expect(json.status == 415)
        let broken = try send(
            s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita,
            body: Array("--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n\r\nno end".utf8),
            contentType: "multipart/form-data; boundary=x")
        #expect(broken.status == 400 && broken.json?["type"] as? String == "https://complaintd.dev/problems/malformed-multipart")
        #expect(try send(s.port, "POST", "/v1/complaints/\(id)/attachments", token: nil, body: Files.png(), contentType: "image/png").status == 401)
        #expect(Self.leftNothingBehind(dir.path))
    }

    @Test func sizeAndCountLimitsHold() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.attachments.maxFileBytes = 4096
        configuration.attachments.maxPerComplaint = 2
        configuration.attachments.maxRequestBytes = 20_000
        let s = try Running(configuration)
        defer { s.stop() }
        let (id, _) = try s.newComplaint()
        let big = try s.upload(id, Files.png(5000))
        #expect(big.status == 413 && big.json?["type"] as? String == "https://complaintd.dev/problems/file-too-large", "\(big.text)")
        let huge = try send(s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Files.png(30_000), contentType: "image/png")
        #expect(huge.status == 413)
        let three = Multipart.body([("a", "1.png", Files.png(seed: 1)), ("b", "2.png", Files.png(seed: 2)), ("c", "3.png", Files.png(seed: 3))])
        let tooMany = try send(s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: three, contentType: Multipart.contentType)
        #expect(tooMany.status == 422 && tooMany.text.contains("一次请求不能超过 2 个文件"), "\(tooMany.text)")
        #expect(try s.upload(id, Files.png(seed: 4)).status == 201)
        #expect(try s.upload(id, Files.png(seed: 5)).status == 201)
        let full = try s.upload(id, Files.png(seed: 6))
        #expect(full.status == 422 && full.text.contains("该投诉已有 2 个文件"), "\(full.text)")
        #expect(Self.leftNothingBehind(dir.path))
    }

    @Test func theOwnerCannotUseUpTheRoomStaffNeed() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.attachments.maxFromOwner = 2
        let s = try Running(configuration)
        defer { s.stop() }
        let web = try #require(try s.register(token: Token.web).json)
        let id = try #require(web["id"] as? String)
        let code = try #require(web["trackingCode"] as? String)
        #expect(try s.upload(id, Files.png(seed: 1), token: Token.web).status == 201, "the intake form's photo is the owner's")
        let two = Multipart.body([("a", "1.png", Files.png(seed: 5)), ("b", "2.png", Files.png(seed: 6))])
        let over = try send(s.port, "POST", "/v1/track/\(code)/attachments", body: two, contentType: Multipart.contentType)
        #expect(over.status == 422 && over.text.contains("会使业主上传的文件达到 3 个，业主最多可上传 2 个"), "\(over.text)")
        #expect(try s.ownerUpload(code, Files.png(seed: 2)).status == 201)
        let third = try s.ownerUpload(code, Files.png(seed: 3))
        #expect(third.status == 422 && third.text.contains("业主已为该投诉上传 2 个文件"), "\(third.text)")
        #expect(try s.upload(id, Files.png(seed: 3), token: Token.web).status == 422)
        #expect(try s.upload(id, Files.png(seed: 4), token: Token.rita).status == 201, "staff still have room")
        #expect(Self.leftNothingBehind(dir.path))
    }

    @Test func theOwnerAddsFilesWithTheCodeAndSeesOnlyWhatIsTheirsOrShownToThem() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let (id, code) = try s.newComplaint()
        let mine = try s.ownerUpload(code, Files.photoWithLocation, contentType: "image/jpeg", name: "leak.jpg")
        #expect(mine.status == 201, "\(mine.text)")
        #expect(Self.files(mine).first?["url"] as? String == "/v1/track/\(code)/attachments/\(Files.sha256(Files.photoStored))")
        #expect(Self.files(mine).first?["addedBy"] == nil, "the owner sees no staff ids")
        let staffPhoto = Files.png(seed: 9)
        #expect(try s.upload(id, staffPhoto, name: "contractor-invoice.png", token: Token.rita).status == 201)
        var view = try s.get("/v1/track/\(code)", token: nil)
        #expect((view.json?["attachments"] as? [[String: Any]])?.map { $0["name"] as? String } == ["leak.jpg"])
        #expect(try s.get("/v1/track/\(code)/attachments/\(Files.sha256(Files.photoStored))", token: nil).body == Files.photoStored)
        #expect(try s.get("/v1/track/\(code)/attachments/\(Files.sha256(staffPhoto))", token: nil).status == 404)
        // Shown in a public progress note, the staff's photo becomes the owner's to see.
        try s.toInProgress(id)
        try s.step(id, "progress", Token.hank, ["text": "已到场", "public": true, "attachments": [Files.sha256(staffPhoto)]])
        view = try s.get("/v1/track/\(code)", token: nil)
        #expect((view.json?["attachments"] as? [[String: Any]])?.count == 2)
        #expect(try s.get("/v1/track/\(code)/attachments/\(Files.sha256(staffPhoto))", token: nil).status == 200)
        // A file named that is not the complaint's is refused.
        let stranger = try s.post(
            "/v1/complaints/\(id)/progress", token: Token.hank,
            body: jsonString(["text": "x", "attachments": [String(repeating: "ab", count: 32)]]))
        #expect(stranger.status == 422 && stranger.text.contains("attachments.0"))
        #expect(try s.ownerUpload("not-a-code", Files.png()).status == 404)
        let other = try s.newComplaint(unit: "0801")
        #expect(try s.get("/v1/track/\(other.code)/attachments/\(Files.sha256(Files.photoStored))", token: nil).status == 404)
    }

    @Test func filesFollowTheComplaintsScopes() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        let users = testUsersJSON.replacingOccurrences(
            of: "]", with: #", {"id":"gus","role":"handler","department":"cleaning_greening","token":"gus-handler-token-0000"}]"#)
        configuration.usersJSON = Data(users.utf8)
        let s = try Running(configuration)
        defer { s.stop() }
        let web = try s.register(token: Token.web)
        let webID = try #require(web.json?["id"] as? String)
        #expect(try s.upload(webID, Files.png(), token: Token.web).status == 201, "the intake client adds photos to what it registered")
        let (staffID, _) = try s.newComplaint(unit: "0101")
        #expect(try s.upload(staffID, Files.png(), token: Token.web).status == 404, "and to nothing else")
        #expect(try s.get("/v1/complaints/\(webID)/attachments/\(Files.sha256(Files.png()))", token: Token.web).status == 403)
        #expect(try s.upload(staffID, Files.png(seed: 3), token: Token.rita).status == 201)
        try s.toInProgress(staffID)
        let sha = Files.sha256(Files.png(seed: 3))
        #expect(try s.get("/v1/complaints/\(staffID)/attachments/\(sha)", token: Token.hank).status == 200)
        #expect(try s.get("/v1/complaints/\(staffID)/attachments/\(sha)", token: "gus-handler-token-0000").status == 404)
        #expect(try s.upload(staffID, Files.png(seed: 4), token: "gus-handler-token-0000").status == 404)
    }

    @Test func anAfterRepairPhotoIsRequiredWhereConfigured() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path, workflow: #"{"afterRepairPhotoRequiredFor": ["engineering"]}"#))
        defer { s.stop() }
        let (id, _) = try s.newComplaint()
        try s.toInProgress(id)
        let bare = try s.post("/v1/complaints/\(id)/resolve", token: Token.hank, body: #"{"measures":"m","result":"r"}"#)
        #expect(bare.status == 422 && bare.text.contains("类别为 engineering 的投诉须附整改后照片"), "\(bare.text)")
        #expect((bare.json?["errors"] as? [[String: Any]])?.first?["field"] as? String == "attachments")
        #expect(try s.upload(id, Files.pdf, name: "report.pdf", token: Token.hank).status == 201)
        let document = try s.post(
            "/v1/complaints/\(id)/resolve", token: Token.hank,
            body: jsonString(["measures": "m", "result": "r", "attachments": [Files.sha256(Files.pdf)]]))
        #expect(document.status == 422, "a PDF is not a photo")
        #expect(try s.upload(id, Files.photoWithLocation, name: "after.jpg", token: Token.hank).status == 201)
        let resolved = try s.step(id, "resolve", Token.hank, ["measures": "m", "result": "r", "attachments": [Files.sha256(Files.photoStored)]])
        #expect((resolved["resolution"] as? [String: Any])?["attachments"] as? [String] == [Files.sha256(Files.photoStored)])
    }

    @Test func filesSurviveARestartAndNeverReachTheAnnouncement() throws {
        let dir = try TempDir("files")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.announcementsPublishWhen = .replied
        var s = try Running(configuration)
        let (id, code) = try s.newComplaint()
        #expect(try s.ownerUpload(code, Files.png(seed: 7)).status == 201)
        try s.toReplied(id)
        s.stop()
        s = try Running(configuration)
        let sha = Files.sha256(Files.png(seed: 7))
        #expect(try s.get("/v1/complaints/\(id)/attachments/\(sha)").body == Files.png(seed: 7))
        let announcement = try s.get("/v1/complaints/\(id)/announcement", token: nil)
        #expect(announcement.status == 200)
        for leak in [sha, "attachments", "signature.png", "/v1/track"] { #expect(!announcement.text.contains(leak), "announcement shows \(leak)") }
        let upload = try send(s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Files.png(), contentType: "image/png")
        #expect(upload.status == 201, "a replied complaint still takes evidence")
        try s.step(id, "visit", Token.sue, ["solved": true, "satisfied": true, "method": "phone"])
        try s.step(id, "close", Token.rita)
        let late = try send(s.port, "POST", "/v1/complaints/\(id)/attachments", token: Token.rita, body: Files.png(seed: 2), contentType: "image/png")
        #expect(late.status == 409, "\(late.text)")
        // Closed and restarted, the complaint is read back from the log: its files are still served.
        s.stop()
        let cold = try Running(configuration)
        defer { cold.stop() }
        #expect(try cold.get("/v1/complaints/\(id)/attachments/\(sha)").body == Files.png(seed: 7))
        #expect(try cold.get("/v1/track/\(code)/attachments/\(sha)", token: nil).body == Files.png(seed: 7))
    }
}

extension Running {
    /// Assessed (minor), dispatched to hank and taken up: ready for progress notes and the result.
    func toInProgress(_ id: String) throws {
        try step(id, "assess", Token.dora, ["valid": true, "severity": "minor", "category": "engineering"])
        try step(id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
        try step(id, "acknowledge", Token.hank)
    }
}
