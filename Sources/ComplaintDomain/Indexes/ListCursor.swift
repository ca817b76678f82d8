/// The opaque cursors of the complaint list. Both are keys, never offsets, so new registrations
/// never shift later pages.
///
/// - newest first: `s<sequence>.<count>` — continue with sequences below `sequence`; `count`
///   matches came before (so every page reports the same total).
/// - other orders: `k<sort>.<group>.<key>.<sequence>` — continue after this sort key.
enum ListCursor: Equatable {
    case below(sequence: Int, countBefore: Int)
    case after(sort: String, group: Int, key: Int64, sequence: Int)

    var text: String {
        switch self {
        case .below(let sequence, let count):
            return "s" + String(sequence, radix: 36) + "." + String(count, radix: 36)
        case .after(let sort, let group, let key, let sequence):
            return "k" + sort + "." + String(group) + "." + String(key, radix: 36) + "." + String(sequence, radix: 36)
        }
    }

    init?(_ text: String) {
        guard text.utf8.count <= 64, let first = text.first else { return nil }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        switch first {
        case "s":
            guard parts.count <= 2, let sequence = Int(parts[0], radix: 36), sequence >= 0 else { return nil }
            let count = parts.count == 2 ? Int(parts[1], radix: 36) : 0
            guard let count, count >= 0 else { return nil }
            self = .below(sequence: sequence, countBefore: count)
        case "k":
            guard parts.count == 4, ListSort(String(parts[0])) != nil, let group = Int(parts[1]), (0...1).contains(group),
                let key = Int64(parts[2], radix: 36), let sequence = Int(parts[3], radix: 36)
            else { return nil }
            self = .after(sort: String(parts[0]), group: group, key: key, sequence: sequence)
        default:
            return nil
        }
    }
}

/// A match of an ordered listing with its sort key: complaints without a key (no deadline) form
/// group 1, after group 0 whatever the direction.
struct SortedMatch {
    var group: Int
    var key: Int64
    var sequence: Int
    var slot: Int

    /// Whether `self` comes before `other` in `sort`.
    func precedes(_ other: SortedMatch, descending: Bool) -> Bool {
        if group != other.group { return group < other.group }
        if key != other.key { return descending ? key > other.key : key < other.key }
        return descending ? sequence > other.sequence : sequence < other.sequence
    }
}
