import ComplaintDomain

/// Every sentence complaintd says to a person, by key, in Chinese and English: the service's own
/// messages (`MessageKey`), the domain's refusals and field rules (`DomainMessage`), the HTTP
/// server's protocol problems, the problem titles of each status, the workflow's words
/// (`Vocabulary`) and the report tables' headers (`ReportWords`). `{name}` marks a value.
/// `CatalogueTests` checks that every key has both languages with the same values named.
enum Catalogue {
    /// The template of `key` in `language`, or nil for a key the catalogue does not have.
    static func template(_ key: String, _ language: Language) -> String? {
        guard let pair = entries[key] else { return nil }
        return language == .zh ? pair.zh : pair.en
    }

    /// All entries, by key.
    static let entries: [String: (zh: String, en: String)] = {
        var all: [String: (zh: String, en: String)] = [:]
        for (key, pair) in serviceEntries { all[key.rawValue] = pair }
        for (key, pair) in domainEntries { all[key.rawValue] = pair }
        for (key, pair) in protocolEntries { all[key] = pair }
        for (status, pair) in titleEntries { all["title.\(status)"] = pair }
        for (key, pair) in ReportWords.entries { all[key.rawValue] = pair }
        return all
    }()

    /// The keys code can ask for: every case of the key enums and every title status.
    static var expectedKeys: [String] {
        MessageKey.allCases.map(\.rawValue) + DomainMessage.allCases.map(\.rawValue)
            + protocolEntries.keys.sorted() + titleEntries.keys.sorted().map { "title.\($0)" } + ReportWords.allCases.map(\.rawValue)
    }

    /// The problem title of `status` ("未找到" / "Not Found").
    static func title(_ status: Int) -> Message {
        Message(key: titleEntries[status] == nil ? "title.500" : "title.\(status)")
    }

    static let titleEntries: [Int: (zh: String, en: String)] = [
        400: ("请求有误", "Bad Request"), 401: ("未认证", "Unauthorized"), 403: ("无权操作", "Forbidden"), 404: ("未找到", "Not Found"),
        405: ("方法不允许", "Method Not Allowed"), 408: ("请求超时", "Request Timeout"), 409: ("状态冲突", "Conflict"),
        410: ("已删除", "Gone"), 412: ("版本不符", "Precondition Failed"), 413: ("请求体过大", "Content Too Large"),
        414: ("请求行过长", "URI Too Long"), 415: ("不支持的媒体类型", "Unsupported Media Type"), 417: ("期望无法满足", "Expectation Failed"),
        422: ("内容未通过校验", "Unprocessable Content"), 429: ("请求过于频繁", "Too Many Requests"),
        431: ("请求头过大", "Request Header Fields Too Large"), 500: ("服务器内部错误", "Internal Server Error"),
        501: ("未实现", "Not Implemented"), 503: ("服务暂不可用", "Service Unavailable"), 505: ("不支持的 HTTP 版本", "HTTP Version Not Supported"),
    ]

    /// The HTTP server's own problems, by the `problem` argument it gives them (and the parse
    /// failure's slug): the technical reason of a malformed request stays as the parser says it.
    static let protocolEntries: [String: (zh: String, en: String)] = [
        "protocol.bad-request": ("请求不符合 HTTP/1.1 规范：{reason}", "{reason}"),
        "protocol.content-too-large": ("请求体超过服务器接受的大小。", "The request body is larger than the server accepts."),
        "protocol.uri-too-long": ("请求行超过服务器接受的长度。", "The request line is longer than the server accepts."),
        "protocol.header-fields-too-large": ("请求头过大：{reason}", "{reason}"),
        "protocol.not-implemented": ("服务器未实现该功能：{reason}", "{reason}"),
        "protocol.http-version-not-supported": ("只支持 HTTP/1.0 和 HTTP/1.1。", "Only HTTP/1.0 and HTTP/1.1 are supported."),
        "protocol.expectation-failed": ("只支持 100-continue 期望。", "Only the 100-continue expectation is supported."),
        "protocol.timeout": ("未在规定时间内收到完整请求。", "The request was not received in time."),
        "protocol.no-route": ("{path} 处没有资源。", "No resource at {path}."),
        "protocol.method": ("此处不允许 {method}；允许：{allowed}。", "{method} is not allowed here; allowed: {allowed}."),
        "protocol.path": ("路径中的百分号编码有误。", "The path has a malformed percent-encoding."),
        "protocol.body-not-stored": ("请求体未能保存，请稍后重试。", "The request body could not be stored; retry later."),
        "protocol.connections": ("服务器连接数已满，请稍后重试。", "The server has reached its connection limit; retry shortly."),
        "protocol.internal": (
            "服务器未能完成请求。报告问题时请提供 X-Request-Id {requestId}。",
            "The server could not complete the request. Quote the X-Request-Id {requestId} when reporting it."
        ),
    ]
}
