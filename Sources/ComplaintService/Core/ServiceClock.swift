import Foundation
import Synchronization

/// Where the service gets "now": the wall clock in production, a movable clock in tests.
public protocol ServiceClock: Sendable {
    /// The current time, truncated to whole milliseconds (what the event log records).
    func now() -> Date
}

/// The system clock.
public struct SystemClock: ServiceClock {
    /// Makes the system clock.
    public init() {}

    public func now() -> Date {
        let ms = (Date().timeIntervalSince1970 * 1000).rounded(.down)
        return Date(timeIntervalSince1970: ms / 1000)
    }
}

/// A clock tests move by hand.
public final class ManualClock: ServiceClock {
    private let current: Mutex<Date>

    /// Starts at `start`.
    public init(start: Date) { current = Mutex(start) }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves time forward.
    public func advance(by seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
