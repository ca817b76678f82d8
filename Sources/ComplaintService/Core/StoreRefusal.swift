import EventStore

/// How a refused append is told to the client: what happened, and whether and when to retry.
/// A write failure the store recovers from by itself promises a retry (Retry-After = its probe
/// interval); one that needs a restart says so and promises nothing.
enum StoreRefusal {
    static func failure(_ error: StoreError, retryEverySeconds: Double) -> CommandFailure {
        switch error {
        case .writeFailed(_, _, let restartRequired) where restartRequired:
            return .unavailable(Message(.storeHalted, ["error": .text("\(error)")]), retryAfterSeconds: nil)
        case .writeFailed:
            let retry = Readiness.retryAfterSeconds(retryEverySeconds)
            return .unavailable(Message(.storeSuspended, ["error": .text("\(error)"), "seconds": .text(String(retry))]), retryAfterSeconds: retry)
        case .closed:
            return .unavailable(Message(.storeShuttingDown), retryAfterSeconds: 5)
        default:
            return .unavailable(Message(.storeRefused, ["error": .text("\(error)")]), retryAfterSeconds: nil)
        }
    }
}
