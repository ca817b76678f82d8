import ComplaintDomain
import EventStore
import HTTP1
import Telemetry

/// The one mapping from what a handler throws to what the client gets. Handlers throw; this
/// turns every error into problem+json: a refusal is already an answer, a domain or command
/// failure maps through `Problems`, a damaged history through `AuditTrailProblem`, and anything
/// else is a 500 that names only the request id (`ProtocolError.internalError`, which logs it).
enum ErrorMapping {
    /// The answer for `error` thrown while serving `request`; nil for errors the server's own
    /// catch-all 500 handles.
    static func response(for error: any Error) -> HTTPResponse? {
        switch error {
        case let refusal as Refusal: return refusal.response
        case let domain as DomainError: return Problems.domain(domain)
        case let failure as CommandFailure: return Problems.failure(failure)
        case let gap as HistoryGap: return AuditTrailProblem.response(nil, gap)
        default: return nil
        }
    }

    /// The server's error responder: the mapping above, else the catch-all 500.
    static func responder(log: Telemetry.Log) -> ErrorResponder {
        { error, request in response(for: error) ?? InternalError.response(error, request: request, log: log) }
    }
}
