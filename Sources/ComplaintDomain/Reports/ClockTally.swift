import Foundation

/// How one clock fared over the complaints of a report.
public struct ClockTally: Sendable, Hashable {
    /// Met by the (possibly extended) deadline.
    public var onTime = 0
    /// Met after the deadline.
    public var late = 0
    /// Past the deadline and still unmet.
    public var overdue = 0
    /// Not yet due and not yet met.
    public var running = 0

    /// The share met on time among those met or overdue; nil when none were.
    public var onTimeRate: Double? {
        let decided = onTime + late + overdue
        return decided == 0 ? nil : Double(onTime) / Double(decided)
    }
}
