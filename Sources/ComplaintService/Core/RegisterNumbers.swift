/// Hands out register numbers (complaint sequences) without gaps: auditors read a gap in a
/// register as a deletion. A number is taken only by a registration `decide` accepted, and one
/// whose events never became durable gives its number back.
///
/// Registrations run concurrently (they name no complaint to wait for), so a number is reserved
/// while its events wait for the store. Guarded by the core's lock.
struct RegisterNumbers {
    /// The highest number handed out and not given back.
    private(set) var reserved = 0
    /// Numbers whose registrations wait for the store.
    private var inFlight: Set<Int> = []

    /// The number the next registration would take, given the last durable one.
    func next(afterDurable last: Int) -> Int {
        max(last, reserved) + 1
    }

    /// Reserves `number` for an accepted registration.
    mutating func take(_ number: Int) {
        reserved = max(reserved, number)
        inFlight.insert(number)
    }

    /// The registration holding `number` finished; when it failed, its number (and any above it
    /// not still waiting) becomes free again.
    mutating func finish(_ number: Int, durable: Bool, lastDurable: Int) {
        inFlight.remove(number)
        if !durable { reserved = max(lastDurable, inFlight.max() ?? 0) }
    }

    /// Starts over from the last durable number (after recovery).
    mutating func reset(lastDurable: Int) {
        reserved = lastDurable
        inFlight.removeAll()
    }
}
