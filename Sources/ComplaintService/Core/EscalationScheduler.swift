import ComplaintDomain
import Foundation
import Synchronization
import Telemetry

/// Fires deadlines: wakes on a short tick, asks the book which armed deadlines are due on the
/// injected clock, and submits each as a command from the `system` actor. `decide` re-checks
/// that a deadline is still due, so a deadline never fires twice, across restarts too.
final class EscalationScheduler: Sendable {
    private let core: ComplaintCore
    private let queue = DispatchQueue(label: "complaintd.scheduler")
    // nonisolated(unsafe) is safe: set once by `start` before the timer can fire, read by `stop`
    // after; never concurrently.
    nonisolated(unsafe) private var timer: DispatchSourceTimer?
    private let inFlight = Mutex<Set<String>>([])
    private let tickSeconds: Double

    init(core: ComplaintCore, tickSeconds: Double) {
        self.core = core
        self.tickSeconds = tickSeconds
    }

    /// Starts ticking; the first tick fires what fell due while the service was down.
    func start() {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now(), repeating: tickSeconds, leeway: .milliseconds(10))
        source.setEventHandler { [weak self] in self?.tick() }
        timer = source
        source.resume()
    }

    /// Stops ticking.
    func stop() {
        timer?.cancel()
    }

    /// One pass: submit every due deadline not already on its way.
    func tick() {
        let now = core.clock.now()
        let due = core.read { state -> [DueDeadline] in
            guard let next = state.book.nextDeadline, next <= now else { return [] }
            return state.book.dueDeadlines(now: now)
        }
        for deadline in due {
            let key = "\(deadline.complaintID)|\(deadline.kind)"
            guard inFlight.withLock({ $0.insert(key).inserted }) else { continue }
            core.submit(deadline.command, actor: .system, scope: .unrestricted) { [self] result in
                self.inFlight.withLock { _ = $0.remove(key) }
                if case .failure(.unavailable(let reason, _)) = result {
                    core.log.error("escalation not recorded", [("complaint", .string(deadline.complaintID)), ("reason", .string(reason.text(.en)))])
                }
            }
        }
    }
}
