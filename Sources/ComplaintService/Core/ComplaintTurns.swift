/// Commands on one complaint take turns: while one waits for its events to become durable, the
/// next is parked, so two commands on one complaint can never both pass; commands on other
/// complaints go on and share the same group commit. Guarded by the core's lock.
struct ComplaintTurns {
    private var busy: Set<String> = []
    private var parked: [String: [PendingCommand]] = [:]

    /// Whether `id` has a command waiting for the store.
    func isBusy(_ id: String) -> Bool { busy.contains(id) }

    /// Marks `id` busy until `finish`.
    mutating func start(_ id: String) { busy.insert(id) }

    /// Parks `command` until the complaint it names is free.
    mutating func park(_ command: PendingCommand, on id: String) { parked[id, default: []].append(command) }

    /// Frees `id`; returns the commands parked on it, oldest first, to run again.
    mutating func finish(_ id: String) -> [PendingCommand] {
        busy.remove(id)
        return parked.removeValue(forKey: id) ?? []
    }
}
