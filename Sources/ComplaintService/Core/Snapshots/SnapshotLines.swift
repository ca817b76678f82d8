import ComplaintDomain
import Foundation
import JSONCodec

/// The snapshot payload: JSON lines, one kind per line, written chunk by chunk so neither
/// writing nor reading holds the whole state twice, and so chunks can be decoded on every core.
///
///     {"format":3,"sequence":S,"complaints":N,...}                 header
///     {"strings":"estates","values":[...]}                          string tables, 65,536 a line
///     {"records":k,"sequence":[...],"receivedAt":[...],...}         compact records, a column each
///     {"hot":slot,"complaint":{...}}                                one whole complaint a line
///     {"chains":k,"first":[...],"last":[...]}                       where each complaint's events are
///     {"unlinked":slot,"positions":[...]}                           records an older version wrote without links
///     {"incident":"...","slots":[...]}  {"worker":"...","slots":[...]}
///     {"activities":[...]}  {"balance":i,"days":[...],"open":[...]}  {"totals":[[...],...]}
///     {"idempotency":[{...},...]}
///     {"end":L}                                                     the number of lines before it
///
/// Columns of numbers parse far faster than objects with repeated names, and a chunk of a few
/// megabytes is a unit of work for one core.
enum SnapshotLines {
    static let format = 3

    /// Everything a snapshot holds.
    struct Contents: Sendable {
        var sequence: UInt64
        var state: StateSnapshot
        var chains: ChainHeads
        var idempotency: [IdempotencyRecord]
    }

    enum Kind: String {
        case header, strings, records, hot, chains, unlinked, incident, worker, activities, balance, totals, idempotency, end
    }

    /// The kind of a line, from its first member's name (every line starts `{"<kind>"`).
    static func kind(of line: UnsafeRawBufferPointer) -> Kind? {
        guard line.count > 3, line[0] == UInt8(ascii: "{"), line[1] == UInt8(ascii: "\"") else { return nil }
        var end = 2
        while end < line.count && end < 20 && line[end] != UInt8(ascii: "\"") { end += 1 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[2..<end]), as: UTF8.self)
        return name == "format" ? .header : Kind(rawValue: name)
    }
}

struct SnapshotError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
