/// The HTTP parser's reasons for refusing a request, in Chinese. HTTP1 knows no languages and
/// words its reasons in English; a Chinese reader gets them here, by the exact English text.
/// A reason not listed (one naming a value, e.g. an unknown method) stays in English.
enum ProtocolReasons {
    /// The Chinese words of `reason`, or nil when it has none.
    static func chinese(_ reason: String) -> String? { table[reason] }

    static let table: [String: String] = [
        "A header field has an empty name.": "有一个头字段名为空。",
        "A header field value contains a control character.": "头字段的值含有控制字符。",
        "An HTTP/1.1 request needs a Host field.": "HTTP/1.1 请求必须带 Host 字段。",
        "Bare CR before the request line.": "请求行之前有单独的 CR。",
        "Bare CR in a trailer field.": "尾部字段中有单独的 CR。",
        "Both Content-Length and Transfer-Encoding are present.": "不能同时给出 Content-Length 和 Transfer-Encoding。",
        "Chunk data must be followed by CRLF.": "分块数据之后必须是 CRLF。",
        "Chunk size line must end with CRLF.": "分块大小行必须以 CRLF 结束。",
        "Chunk size too long.": "分块大小的位数过多。",
        "Control character in a chunk extension.": "分块扩展中含有控制字符。",
        "Control character in a trailer field.": "尾部字段中含有控制字符。",
        "Differing Content-Length values.": "Content-Length 的值前后不一致。",
        "Invalid chunk size.": "分块大小无效。",
        "Malformed HTTP version.": "HTTP 版本格式有误。",
        "Malformed request line.": "请求行格式有误。",
        "Malformed request target.": "请求目标格式有误。",
        "Missing chunk size.": "缺少分块大小。",
        "More than one Host field.": "Host 字段不止一个。",
        "Obsolete line folding is not accepted.": "不接受已废弃的折行写法。",
        "The Content-Length field is malformed.": "Content-Length 字段格式有误。",
        "The Host field is malformed.": "Host 字段格式有误。",
        "The Transfer-Encoding field is malformed.": "Transfer-Encoding 字段格式有误。",
        "The asterisk form is only for OPTIONS.": "星号形式的请求目标只能用于 OPTIONS。",
        "The chunked body must end with CRLF.": "分块请求体必须以 CRLF 结束。",
        "The request target is not valid UTF-8.": "请求目标不是有效的 UTF-8。",
        "Too many empty lines before the request line.": "请求行之前的空行过多。",
        "Transfer-Encoding is not allowed in HTTP/1.0.": "HTTP/1.0 不允许使用 Transfer-Encoding。",
        "Unterminated header line.": "头字段行没有结束。",
        "Whitespace between a field name and the colon.": "字段名和冒号之间有空白。",
        "chunked may be applied only once.": "chunked 只能使用一次。",
        "The header section is larger than the server accepts.": "请求头部分超过服务器接受的大小。",
        "Trailer section too large.": "尾部字段部分过大。",
    ]
}
