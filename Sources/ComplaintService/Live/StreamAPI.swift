import ComplaintDomain
import HTTP1

/// `GET /v1/stream`: Server-Sent Events for the caller's scope (session cookie — what a browser's
/// EventSource sends — or a bearer token). Resumes after `Last-Event-ID` (the header a browser
/// sends when it reconnects, or `?lastEventId=` for the first connection).
struct StreamAPI: Sendable {
    let auth: Authenticator
    let hub: LiveHub

    func open(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "the live stream")
        var lastEventID: UInt64?
        if let raw = request.headers["last-event-id"] ?? request.queryValue("lastEventId"), !raw.isEmpty {
            guard let value = UInt64(raw.trimmingCharacters(in: .whitespaces)) else {
                throw Refusal(Problems.badRequest(Message(.lastEventIdExpected), slug: "invalid-last-event-id"))
            }
            lastEventID = value
        }
        guard let stream = hub.subscribe(scope: principal.scope, lastEventID: lastEventID) else {
            return Problems.response(status: 503, slug: "too-many-streams", detail: Message(.tooManyStreams), headers: [("Retry-After", "10")])
        }
        return .stream(
            stream, contentType: "text/event-stream; charset=utf-8",
            headers: [("Cache-Control", "no-store"), ("X-Accel-Buffering", "no")])
    }
}
