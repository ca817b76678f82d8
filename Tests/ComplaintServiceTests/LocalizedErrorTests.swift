import ComplaintService
import Foundation
import TestSupport
import Testing

/// Errors in the reader's language, over real sockets: problem+json `title` and `detail` in
/// Chinese unless `Accept-Language` prefers English (or `language` says otherwise), field names
/// as in the contract; phones, invisible names, length limits and non-UTF-8 bodies refused at the edge.
@Suite(.serialized)
struct LocalizedErrorTests {
    static func complaint(name: String = "李伟", phone: String = "13800138000") -> String {
        jsonString([
            "channel": "phone", "content": "3号楼电梯停了两次",
            "complainant": ["name": name, "phone": phone, "estate": "翠苑小区", "building": "3", "unit": "1202"],
        ])
    }

    /// POSTs raw bytes (a body in another encoding).
    static func post(_ port: Int, _ path: String, bytes: [UInt8], contentType: String, headers: [(String, String)] = []) throws -> TestResponse {
        let client = try TestClient(port: port)
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer \(Token.rita)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n\r\n"
        client.send(Array(head.utf8) + bytes)
        guard let response = client.readResponse() else { throw TestError("no response") }
        return response
    }

    @Test func problemsAreChineseByDefaultAndEnglishWhenPreferred() throws {
        let dir = try TempDir("errors-lang")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        // The server's own problem (no such route) and the API's (no such complaint) alike.
        for path in ["/v1/nowhere", "/v1/complaints/C2611-999999"] {
            let zh = try s.get(path)
            #expect(zh.status == 404 && zh.json?["title"] as? String == "未找到", "\(path): \(zh.text)")
            #expect(zh.header("Content-Language") == "zh" && zh.header("Vary")?.contains("Accept-Language") == true)
            let en = try s.get(path, headers: [("Accept-Language", "en-US,en;q=0.9,zh;q=0.1")])
            #expect(en.json?["title"] as? String == "Not Found" && en.header("Content-Language") == "en")
            #expect((en.json?["type"] as? String) == (zh.json?["type"] as? String), "the type never changes")
        }
        #expect(try s.get("/v1/complaints/C2611-999999").json?["detail"] as? String == "没有投诉 C2611-999999。")
        let unauthorized = try s.get("/v1/complaints", token: nil, headers: [("Accept-Language", "zh-CN")])
        #expect(unauthorized.json?["detail"] as? String == "请提供有效的令牌（Authorization: Bearer <令牌>）或先登录（POST /v1/session）。")
        // A refusal with the workflow's words: the status and the action in Chinese.
        let id = try #require(try s.post("/v1/complaints", body: Self.complaint()).json?["id"] as? String)
        let conflict = try s.post("/v1/complaints/\(id)/approve", token: Token.mona)
        #expect(conflict.status == 409 && conflict.json?["detail"] as? String == "投诉当前为“已受理”，不能“审核”。", "\(conflict.text)")
        #expect(conflict.json?["currentStatus"] as? String == "received", "codes stay codes")
    }

    @Test func theServersOwnProblemsAndQueryRefusalsAreWordedToo() throws {
        let dir = try TempDir("errors-protocol")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        // A body over the limit is refused by the HTTP server before any handler runs.
        func tooLarge(_ language: String?) throws -> TestResponse {
            let client = try TestClient(port: s.port)
            let preference = language.map { "Accept-Language: \($0)\r\n" } ?? ""
            client.send(
                "POST /v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\n\(preference)Content-Type: application/json\r\nContent-Length: 99999999\r\n\r\n")
            guard let response = client.readResponse() else { throw TestError("no response") }
            return response
        }
        let zh = try tooLarge(nil)
        #expect(zh.status == 413 && zh.json?["title"] as? String == "请求体过大" && zh.json?["detail"] as? String == "请求体超过服务器接受的大小。")
        #expect(zh.header("Content-Language") == "zh")
        let en = try tooLarge("en-GB")
        #expect(
            en.status == 413 && en.json?["title"] as? String == "Content Too Large" && en.header("Content-Language") == "en",
            "\(en.text) \(en.headers)")
        // A malformed request: the parser's reason, in Chinese too (sniffed from the failed head).
        func withoutHost(_ language: String) throws -> TestResponse {
            let client = try TestClient(port: s.port)
            client.send("GET /v1/complaints HTTP/1.1\r\nAccept-Language: \(language)\r\n\r\n")
            guard let response = client.readResponse() else { throw TestError("no response") }
            return response
        }
        let noHost = try withoutHost("zh-CN")
        #expect(noHost.status == 400 && noHost.json?["detail"] as? String == "请求不符合 HTTP/1.1 规范：HTTP/1.1 请求必须带 Host 字段。", "\(noHost.text)")
        #expect(try withoutHost("en").json?["detail"] as? String == "An HTTP/1.1 request needs a Host field.")
        // A method the path does not take, named in the reader's words.
        let method = try http(s.port, "DELETE", "/v1/complaints", token: Token.rita)
        #expect(method.status == 405 && (method.json?["detail"] as? String)?.hasPrefix("此处不允许 DELETE") == true, "\(method.text)")
        // A misspelt filter and a bad report month: 400 naming the parameter, the reason in Chinese.
        let unknown = try s.get("/v1/complaints?stauts=received")
        #expect(unknown.status == 400 && unknown.json?["parameter"] as? String == "stauts")
        #expect((unknown.json?["detail"] as? String)?.contains("不是本接口的参数") == true, "\(unknown.text)")
        let month = try s.get("/v1/reports/monthly?month=2026-13", headers: [("Accept-Language", "zh-CN,zh;q=0.9")])
        #expect(month.status == 400 && month.json?["parameter"] as? String == "month" && month.header("Content-Language") == "zh")
        #expect(try s.get("/v1/reports/monthly?month=2026-11&fromat=csv").json?["parameter"] as? String == "fromat")
    }

    @Test func theDefaultLanguageComesFromConfiguration() throws {
        let dir = try TempDir("errors-default-en")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.language = .en
        let s = try Running(configuration)
        defer { s.stop() }
        #expect(try s.get("/v1/nowhere").json?["title"] as? String == "Not Found")
        #expect(try s.get("/v1/nowhere", headers: [("Accept-Language", "zh")]).json?["title"] as? String == "未找到")
    }

    @Test func phonesAreReadAsTypedAndRefusedNamingTheField() throws {
        let dir = try TempDir("errors-phone")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        for (typed, stored) in [
            ("１３８ ００１３ ８０００", "13800138000"), ("+86 138-0013-8000", "13800138000"),
            ("021-62345678", "021-62345678"), ("（０７５５）１２３４５６７", "0755-1234567"), ("021-62345678 转 802", "021-62345678-802"),
        ] {
            let r = try s.post("/v1/complaints", body: Self.complaint(phone: typed))
            #expect(r.status == 201, "\(typed): \(r.text)")
            let id = try #require(r.json?["id"] as? String)
            let revealed = try s.get("/v1/complaints/\(id)?reveal=contact", token: Token.sue)
            #expect((revealed.json?["complainant"] as? [String: Any])?["phone"] as? String == stored, "\(typed)")
        }
        for typed in ["12345678901", "1380013800", "138001380001", "62345678", "4008208820", "138-0013-800a"] {
            let r = try s.post("/v1/complaints", body: Self.complaint(phone: typed))
            #expect(r.status == 422, "\(typed) accepted: \(r.text)")
            let errors = r.json?["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["field"] as? String } == ["complainant.phone"], "\(typed): \(r.text)")
            let message = errors.first?["message"] as? String ?? ""
            #expect(message.contains("1[3-9]") || message.contains("13 至 19") || message.contains("区号"), "\(typed): \(message)")
        }
        let english = try s.post("/v1/complaints", body: Self.complaint(phone: "12345678901"), headers: [("Accept-Language", "en")])
        #expect(
            (english.json?["errors"] as? [[String: Any]])?.first?["message"] as? String
                == "is not a mobile number: mobiles start 13 to 19 (12 given)")
        let short = try s.post("/v1/complaints", body: Self.complaint(phone: "1380013800"))
        #expect(
            (short.json?["errors"] as? [[String: Any]])?.first?["message"] as? String
                == "不是有效的手机号：手机号为 1[3-9] 开头的 11 位数字（收到 10 位）")
    }

    @Test func invisibleNamesLongTextsAndOtherEncodingsAreRefused() throws {
        let dir = try TempDir("errors-text")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path, workflow: #"{"maxNoteLength": 50}"#))
        defer { s.stop() }
        for name in ["\u{200B}\u{200D}", "\u{202E}\u{2066} \u{3000}", "\u{FEFF}"] {
            let r = try s.post("/v1/complaints", body: Self.complaint(name: name))
            #expect(r.status == 422, "\(name.unicodeScalars.map { String($0.value, radix: 16) }): \(r.text)")
            #expect((r.json?["errors"] as? [[String: Any]])?.first?["field"] as? String == "complainant.name")
        }
        let id = try #require(try s.post("/v1/complaints", body: Self.complaint()).json?["id"] as? String)
        try #require(
            try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor","category":"engineering"}"#).status
                == 200)
        try #require(try s.post("/v1/complaints/\(id)/dispatch", body: #"{"department":"engineering","handler":"hank"}"#).status == 200)
        let long = try s.post("/v1/complaints/\(id)/acknowledge", token: Token.hank, body: jsonString(["note": String(repeating: "长", count: 51)]))
        #expect(long.status == 422)
        let error = try #require((long.json?["errors"] as? [[String: Any]])?.first)
        #expect(error["field"] as? String == "note" && error["limit"] as? Int == 50 && error["message"] as? String == "不能超过 50 个字符")
        #expect(
            try s.post("/v1/complaints/\(id)/acknowledge", token: Token.hank, body: jsonString(["note": String(repeating: "长", count: 50)])).status
                == 200)

        // "投诉" in GBK is C2 E4 CB DF: not UTF-8, refused saying what is needed.
        let gbk: [UInt8] = Array(#"{"channel":"phone","content":""#.utf8) + [0xC2, 0xE4, 0xCB, 0xDF] + Array(#""}"#.utf8)
        let refused = try Self.post(s.port, "/v1/complaints", bytes: gbk, contentType: "application/json")
        #expect(refused.status == 400 && (refused.json?["type"] as? String)?.hasSuffix("/body-not-utf8") == true)
        #expect((refused.json?["detail"] as? String)?.contains("UTF-8") == true && (refused.json?["detail"] as? String)?.contains("GBK") == true)
        let english = try Self.post(s.port, "/v1/complaints", bytes: gbk, contentType: "application/json", headers: [("Accept-Language", "en")])
        #expect((english.json?["detail"] as? String)?.hasPrefix("The body must be UTF-8") == true)
        let declared = try Self.post(s.port, "/v1/complaints", bytes: Array(Self.complaint().utf8), contentType: "application/json; charset=GBK")
        #expect(declared.status == 415 && (declared.json?["detail"] as? String)?.contains("charset=gbk") == true)
    }
}
