/// A bounded map that forgets the least recently used entry.
///
/// Entries sit in a fixed array linked newest to oldest by index, so `get` and `put` cost the
/// same whatever the size: evicting by sorting every entry's age (as before) cost a page of cold
/// complaints several milliseconds every few hundred reads.
struct RecentCache<Value> {
    private struct Entry {
        var id: String
        var value: Value
        var newer: Int
        var older: Int
    }

    private var index: [String: Int] = [:]
    private var entries: [Entry] = []
    /// The most and the least recently used entry (-1 when empty).
    private var newest = -1
    private var oldest = -1
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        index.reserveCapacity(self.capacity)
    }

    /// The number of entries held.
    var count: Int { entries.count }

    /// The value cached for `id`, now the most recently used.
    mutating func get(_ id: String) -> Value? {
        guard let at = index[id] else { return nil }
        moveToFront(at)
        return entries[at].value
    }

    /// Caches `value` for `id`, forgetting the least recently used entry when full; returns the
    /// value it replaced or forgot, so the caller can free it after letting go of a lock.
    @discardableResult
    mutating func put(_ id: String, _ value: Value) -> Value? {
        if let at = index[id] {
            let replaced = entries[at].value
            entries[at].value = value
            moveToFront(at)
            return replaced
        }
        var forgotten: Value?
        let at: Int
        if entries.count < capacity {
            at = entries.count
            entries.append(Entry(id: id, value: value, newer: -1, older: -1))
        } else {
            at = oldest
            index[entries[at].id] = nil
            unlink(at)
            forgotten = entries[at].value
            entries[at].id = id
            entries[at].value = value
        }
        index[id] = at
        link(at)
        return forgotten
    }

    private mutating func moveToFront(_ at: Int) {
        guard at != newest else { return }
        unlink(at)
        link(at)
    }

    /// Takes `at` out of the order.
    private mutating func unlink(_ at: Int) {
        let newer = entries[at].newer
        let older = entries[at].older
        if newer >= 0 { entries[newer].older = older } else { newest = older }
        if older >= 0 { entries[older].newer = newer } else { oldest = newer }
        entries[at].newer = -1
        entries[at].older = -1
    }

    /// Puts `at` first in the order.
    private mutating func link(_ at: Int) {
        entries[at].older = newest
        entries[at].newer = -1
        if newest >= 0 { entries[newest].newer = at }
        newest = at
        if oldest < 0 { oldest = at }
    }
}
