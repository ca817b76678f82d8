import EventStore

/// How a refused append is told to the client: what happened, and whether and when to retry.
/// A write failure the store recovers from by itself promises a retry (Retry-After = its probe
/// interval); one that needs a restart says so and promises nothing.
enum StoreRefusal {
    static func failure(_ error: StoreError, retryEverySeconds: Double) -> CommandFailure {
        switch error {
        case .writeFailed(_, _, let restartRequired) where restartRequired:
            return .unavailable("The event log could not be written (\(error)) and could not be put back to its last durable record. Nothing was recorded; writes are refused until the service is restarted, reads go on.",
                                retryAfterSeconds: nil)
        case .writeFailed:
            let retry = Readiness.retryAfterSeconds(retryEverySeconds)
            return .unavailable("The event log cannot be written right now (\(error)). Nothing was recorded; writes resume by themselves once the disk takes writes again (checked every \(retry) s), reads go on.",
                                retryAfterSeconds: retry)
        case .closed:
            return .unavailable("The service is shutting down; nothing was recorded.", retryAfterSeconds: 5)
        default:
            return .unavailable("The event log refused the write (\(error)); nothing was recorded.", retryAfterSeconds: nil)
        }
    }
}
