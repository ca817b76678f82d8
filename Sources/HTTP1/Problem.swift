import Telemetry

/// An RFC 9457 problem: what went wrong, under a stable slug. The server writes it as an
/// `application/problem+json` body whose `type` is the slug under its configured base
/// (`HTTPServerConfiguration.problemTypeBase`), so every problem — the server's own and the
/// application's — names its type under the same base.
public struct ProblemDetails: Sendable {
    /// The status code (also the response's).
    public var status: Int
    /// The stable last segment of the type URI, e.g. `not-found`.
    public var slug: String
    /// A short summary of the problem type.
    public var title: String
    /// What happened to this request.
    public var detail: String
    /// Further members as (name, JSON already encoded).
    public var extra: [(String, [UInt8])]
    /// The problem in other languages, by language tag; the server picks one by `Accept-Language`.
    public var translations: [String: ProblemText] = [:]
    /// Values a `ProblemLocalizer` words the server's own problems with (`path`, `method`…).
    public var arguments: [String: String] = [:]

    /// Makes a problem.
    public init(status: Int, slug: String, title: String, detail: String, extra: [(String, [UInt8])] = []) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extra = extra
    }

    /// The JSON body in the words of `text` (nil: the problem's own).
    public func body(typeBase: String, text: ProblemText?) -> [UInt8] {
        guard let text else { return body(typeBase: typeBase) }
        var worded = self
        worded.title = text.title
        worded.detail = text.detail
        if let extra = text.extra { worded.extra = extra }
        return worded.body(typeBase: typeBase)
    }

    /// The JSON body: `type`, `title`, `status`, `detail`, then the extra members.
    public func body(typeBase: String) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(160 + detail.utf8.count)
        body.append(contentsOf: #"{"type":"#.utf8)
        JSONText.appendString(typeBase + slug, to: &body)
        body.append(contentsOf: #","title":"#.utf8)
        JSONText.appendString(title, to: &body)
        body.append(contentsOf: #","status":"#.utf8)
        JSONText.appendInteger(status, to: &body)
        body.append(contentsOf: #","detail":"#.utf8)
        JSONText.appendString(detail, to: &body)
        for (name, raw) in extra {
            body.append(UInt8(ascii: ","))
            JSONText.appendString(name, to: &body)
            body.append(UInt8(ascii: ":"))
            body.append(contentsOf: raw)
        }
        body.append(UInt8(ascii: "}"))
        return body
    }
}

/// A problem's words in one language.
public struct ProblemText: Sendable {
    /// The short summary.
    public var title: String
    /// What happened to this request.
    public var detail: String
    /// Extra members worded in this language (e.g. `errors` with their messages); nil keeps the problem's.
    public var extra: [(String, [UInt8])]?

    /// Makes the words of a problem.
    public init(title: String, detail: String, extra: [(String, [UInt8])]? = nil) {
        self.title = title
        self.detail = detail
        self.extra = extra
    }
}

/// Words problems in the language a client prefers: the languages on offer, and the words of a
/// problem that carries no translation of its own (the server's protocol problems, identified by
/// their slug and `arguments`). The server picks the language by `Accept-Language`, writes
/// `Content-Language` and `Vary: Accept-Language`.
public protocol ProblemLocalizer: Sendable {
    /// The languages offered; the first is used when a request states no preference.
    var languages: [String] { get }
    /// The words of `problem` in `language`, or nil to send its own.
    func text(for problem: ProblemDetails, in language: String) -> ProblemText?
}

/// Problem responses: every error body is `application/problem+json` with `type`, `title`,
/// `status` and `detail`.
public enum Problem {
    /// The type base used when the configuration names none.
    public static let defaultTypeBase = "https://complaintd.dev/problems/"
    /// The media type of problem bodies.
    public static let contentType = "application/problem+json"

    /// A problem response; the server renders its body with the configured type base.
    /// `extra` members are appended as JSON already encoded (name, raw JSON).
    public static func response(
        status: Int, slug: String, title: String, detail: String,
        headers: [(String, String)] = [], extra: [(String, [UInt8])] = []
    ) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: contentType, headers: headers)
        response.problem = ProblemDetails(status: status, slug: slug, title: title, detail: detail, extra: extra)
        return response
    }
}

extension HTTPResponse {
    /// The body as the server sends it: a problem rendered under `typeBase`, else `body` itself
    /// (for tests and tools that look at a response without a server).
    public func renderedBody(typeBase: String = Problem.defaultTypeBase) -> [UInt8] {
        problem?.body(typeBase: typeBase) ?? body
    }
}
