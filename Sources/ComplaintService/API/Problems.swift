import ComplaintDomain
import HTTP1
import Telemetry

/// Every error the API answers, mapped to HTTP in one place, each with a stable problem type.
enum Problems {
    static func unauthorized() -> HTTPResponse {
        Problem.response(status: 401, slug: "unauthorized", title: "Unauthorized",
                         detail: "Send a valid token (Authorization: Bearer <token>) or sign in (POST /v1/session).",
                         headers: [("WWW-Authenticate", #"Bearer realm="complaintd""#)])
    }

    /// A state change made with the session cookie but without the session's CSRF token.
    static func csrfFailed() -> HTTPResponse {
        Problem.response(status: 403, slug: "csrf-token-missing", title: "Forbidden",
                         detail: "A change made with the session cookie needs the session's X-CSRF-Token header (from POST or GET /v1/session).")
    }

    static func forbidden(_ detail: String) -> HTTPResponse {
        Problem.response(status: 403, slug: "forbidden", title: "Forbidden", detail: detail)
    }

    static func notFound(_ detail: String) -> HTTPResponse {
        Problem.response(status: 404, slug: "not-found", title: "Not Found", detail: detail)
    }

    static func badRequest(_ detail: String, slug: String = "malformed-request") -> HTTPResponse {
        Problem.response(status: 400, slug: slug, title: "Bad Request", detail: detail)
    }

    static func invalidParameter(_ name: String, _ detail: String) -> HTTPResponse {
        Problem.response(status: 400, slug: "invalid-parameter", title: "Bad Request", detail: "Query parameter \(name): \(detail)",
                         extra: [("parameter", quoted(name))])
    }

    static func unsupportedMediaType() -> HTTPResponse {
        Problem.response(status: 415, slug: "unsupported-media-type", title: "Unsupported Media Type",
                         detail: "Send the body as application/json.")
    }

    static func validation(_ errors: [FieldError]) -> HTTPResponse {
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (i, error) in errors.enumerated() {
            if i > 0 { list.append(UInt8(ascii: ",")) }
            list.append(contentsOf: #"{"field":"#.utf8)
            JSONText.appendString(error.field, to: &list)
            list.append(contentsOf: #","message":"#.utf8)
            JSONText.appendString(error.message, to: &list)
            list.append(UInt8(ascii: "}"))
        }
        list.append(UInt8(ascii: "]"))
        let fields = errors.map(\.field).joined(separator: ", ")
        return Problem.response(status: 422, slug: "validation-failed", title: "Unprocessable Content",
                                detail: "The request breaks a rule: \(fields).", extra: [("errors", list)])
    }

    /// 503: Retry-After only when retrying can succeed without a restart.
    static func unavailable(_ detail: String, retryAfterSeconds: Int?) -> HTTPResponse {
        Problem.response(status: 503, slug: "store-unavailable", title: "Service Unavailable", detail: detail,
                         headers: retryAfterSeconds.map { [("Retry-After", String($0))] } ?? [])
    }

    static func preconditionFailed(current: Int) -> HTTPResponse {
        Problem.response(status: 412, slug: "version-mismatch", title: "Precondition Failed",
                         detail: "If-Match does not name the current version (\(current)); reload and retry.",
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
        switch error.kind {
        case .notFound:
            return Problem.response(status: 404, slug: "not-found", title: "Not Found", detail: error.message)
        case .forbidden:
            return forbidden(error.message)
        case .invalidTransition(let current, let allowed):
            let actions = "[" + allowed.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
            return Problem.response(status: 409, slug: "invalid-transition", title: "Conflict", detail: error.message,
                                    extra: [("currentStatus", quoted(current.rawValue)), ("allowedActions", Array(actions.utf8))])
        case .validation(let errors):
            return validation(errors)
        case .rateLimited(let seconds):
            return Problem.response(status: 429, slug: "rate-limited", title: "Too Many Requests", detail: error.message,
                                    headers: [("Retry-After", String(seconds))])
        case .conflict:
            return Problem.response(status: 409, slug: "conflict", title: "Conflict", detail: error.message)
        }
    }

    static func failure(_ failure: CommandFailure) -> HTTPResponse {
        switch failure {
        case .domain(let error): return domain(error)
        case .unavailable(let detail, let retryAfter): return unavailable(detail, retryAfterSeconds: retryAfter)
        case .idempotencyMismatch:
            return Problem.response(status: 422, slug: "idempotency-key-reused", title: "Unprocessable Content",
                                    detail: "This Idempotency-Key was used with a different body.")
        case .idempotencyInFlight:
            return Problem.response(status: 409, slug: "idempotency-key-in-flight", title: "Conflict",
                                    detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
                                    headers: [("Retry-After", "1")])
        case .versionMismatch(let current): return preconditionFailed(current: current)
        case .history(let gap): return AuditTrailProblem.response(nil, gap)
        }
    }
}
