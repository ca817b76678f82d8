import ComplaintDomain
import HTTP1
import Telemetry

/// Every error the API answers, mapped to HTTP in one place, each with a stable problem type.
/// Titles and details come from the catalogue in both languages; the server sends the one the
/// request prefers (`Accept-Language`, default from `language`), with `Content-Language`.
/// Field names in `errors[]` stay as in the contract.
enum Problems {
    /// A problem worded in every language: English as its own words, each language as a translation.
    static func response(
        status: Int, slug: String, detail: Message, headers: [(String, String)] = [],
        extra: [(String, [UInt8])] = [], wordedExtra: ((Language) -> [(String, [UInt8])])? = nil
    ) -> HTTPResponse {
        let title = Catalogue.title(status)
        var response = Problem.response(
            status: status, slug: slug, title: title.text(.en), detail: detail.text(.en), headers: headers,
            extra: extra + (wordedExtra?(.en) ?? []))
        for language in Language.allCases {
            response.problem?.translations[language.rawValue] = ProblemText(
                title: title.text(language), detail: detail.text(language), extra: wordedExtra.map { extra + $0(language) })
        }
        return response
    }

    static func unauthorized() -> HTTPResponse {
        response(status: 401, slug: "unauthorized", detail: Message(.unauthorized), headers: [("WWW-Authenticate", #"Bearer realm="complaintd""#)])
    }

    /// A state change made with the session cookie but without the session's CSRF token.
    static func csrfFailed() -> HTTPResponse {
        response(status: 403, slug: "csrf-token-missing", detail: Message(.csrfMissing))
    }

    static func forbidden(_ detail: Message) -> HTTPResponse {
        response(status: 403, slug: "forbidden", detail: detail)
    }

    static func notFound(_ detail: Message) -> HTTPResponse {
        response(status: 404, slug: "not-found", detail: detail)
    }

    static func badRequest(_ detail: Message, slug: String = "malformed-request") -> HTTPResponse {
        response(status: 400, slug: slug, detail: detail)
    }

    /// 400 naming a query parameter and why it was refused.
    static func invalidParameter(_ name: String, _ reason: Message) -> HTTPResponse {
        response(
            status: 400, slug: "invalid-parameter", detail: Message(.invalidParameter, ["parameter": .text(name), "reason": .message(reason)]),
            extra: [("parameter", quoted(name))])
    }

    static func unsupportedMediaType() -> HTTPResponse {
        response(status: 415, slug: "unsupported-media-type", detail: Message(.unsupportedMediaType))
    }

    /// 422 with `errors[]`: each field as in the contract and its message in the reader's language.
    static func validation(_ errors: [FieldError]) -> HTTPResponse {
        let fields = errors.map(\.field).joined(separator: ", ")
        return response(
            status: 422, slug: "validation-failed", detail: Message(.validationFailed, ["fields": .text(fields)]),
            wordedExtra: { language in [("errors", errorList(errors, language))] })
    }

    static func errorList(_ errors: [FieldError], _ language: Language) -> [UInt8] {
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (i, error) in errors.enumerated() {
            if i > 0 { list.append(UInt8(ascii: ",")) }
            list.append(contentsOf: #"{"field":"#.utf8)
            JSONText.appendString(error.field, to: &list)
            list.append(contentsOf: #","message":"#.utf8)
            JSONText.appendString(Message(domain: error.rule, error.values).text(language), to: &list)
            if let limit = error.values["limit"], let number = Int(limit) {
                list.append(contentsOf: #","limit":"#.utf8)
                JSONText.appendInteger(number, to: &list)
            }
            list.append(UInt8(ascii: "}"))
        }
        list.append(UInt8(ascii: "]"))
        return list
    }

    /// 503: Retry-After only when retrying can succeed without a restart.
    static func unavailable(_ detail: Message, retryAfterSeconds: Int?) -> HTTPResponse {
        response(status: 503, slug: "store-unavailable", detail: detail, headers: retryAfterSeconds.map { [("Retry-After", String($0))] } ?? [])
    }

    static func preconditionFailed(current: Int) -> HTTPResponse {
        response(
            status: 412, slug: "version-mismatch", detail: Message(.versionMismatch, ["current": .text(String(current))]),
            headers: [("ETag", etag(current))])
    }

    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    static func quoted(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONText.appendString(s, to: &out)
        return out
    }

    /// A domain refusal.
    static func domain(_ error: DomainError) -> HTTPResponse {
        let detail = Message(domain: error.reason, error.values)
        switch error.kind {
        case .notFound:
            return notFound(detail)
        case .forbidden:
            return forbidden(detail)
        case .invalidTransition(let current, let allowed):
            let actions = "[" + allowed.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
            return response(
                status: 409, slug: "invalid-transition", detail: detail,
                extra: [("currentStatus", quoted(current.rawValue)), ("allowedActions", Array(actions.utf8))])
        case .validation(let errors):
            return validation(errors)
        case .rateLimited(let seconds):
            return response(status: 429, slug: "rate-limited", detail: detail, headers: [("Retry-After", String(seconds))])
        case .conflict:
            return response(status: 409, slug: "conflict", detail: detail)
        case .missingStep(let step):
            return response(status: 409, slug: "missing-step", detail: detail, extra: [("missingStep", quoted(step))])
        }
    }

    static func failure(_ failure: CommandFailure) -> HTTPResponse {
        switch failure {
        case .domain(let error): return domain(error)
        case .unavailable(let detail, let retryAfter): return unavailable(detail, retryAfterSeconds: retryAfter)
        case .idempotencyMismatch:
            return response(status: 422, slug: "idempotency-key-reused", detail: Message(.idempotencyReused))
        case .idempotencyInFlight:
            return response(status: 409, slug: "idempotency-key-in-flight", detail: Message(.idempotencyInFlight), headers: [("Retry-After", "1")])
        case .versionMismatch(let current): return preconditionFailed(current: current)
        case .history(let gap): return AuditTrailProblem.response(nil, gap)
        }
    }
}

/// Words the HTTP server's own problems (unknown path, 405, 408, parse failures, the catch-all
/// 500) from the catalogue, and tells the server which languages there are (the default first).
struct ProblemWords: ProblemLocalizer {
    let languages: [String]

    init(defaultLanguage: Language) {
        languages = [defaultLanguage.rawValue] + Language.allCases.filter { $0 != defaultLanguage }.map(\.rawValue)
    }

    func text(for problem: ProblemDetails, in language: String) -> ProblemText? {
        guard let language = Language(rawValue: language), let kind = problem.arguments["problem"] else { return nil }
        let key = kind == "unparsable" ? "protocol." + problem.slug : "protocol." + kind
        guard Catalogue.template(key, language) != nil else { return nil }
        var values = problem.arguments.reduce(into: [String: Message.Value]()) { $0[$1.key] = .text($1.value) }
        if language == .zh, let reason = problem.arguments["reason"], let words = ProtocolReasons.chinese(reason) { values["reason"] = .text(words) }
        return ProblemText(title: Catalogue.title(problem.status).text(language), detail: Message(key: key, values).text(language))
    }
}
