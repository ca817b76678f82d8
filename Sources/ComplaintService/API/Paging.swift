import Foundation
import HTTP1

/// One page of a list ordered by a key: `limit` (1…200, default 50) and `cursor` (the key of the
/// last item of the previous page, opaque to clients). Every list of the API pages the same way:
/// `{"items": [...], "nextCursor": "…" | null}`.
struct Paging {
    static let defaultLimit = 50
    static let maximumLimit = 200

    let limit: Int
    let after: (time: Int64, name: String)?

    init(_ q: QueryReader) throws {
        limit = try q.int("limit", 1...Self.maximumLimit).get() ?? Self.defaultLimit
        guard let cursor = q.string("cursor") else {
            after = nil
            return
        }
        guard let decoded = Self.decode(cursor) else { throw Refusal(Problems.invalidParameter("cursor", Message(domain: .notACursor, [:]))) }
        after = decoded
    }

    /// The page of `items`, ordered by `key`, after the cursor, and the next cursor.
    func page<Item>(_ unsorted: [Item], key: (Item) -> (Int64, String)) -> (items: ArraySlice<Item>, next: String?) {
        let items = unsorted.sorted { key($0) < key($1) }
        var start = 0
        if let after {
            start =
                items.firstIndex { item in
                    let k = key(item)
                    return k.0 > after.time || (k.0 == after.time && k.1 > after.name)
                } ?? items.count
        }
        let end = min(items.count, start + limit)
        let next = end < items.count ? items[end - 1] : nil
        return (items[start..<end], next.map { Self.encode(key($0)) })
    }

    static func encode(_ key: (Int64, String)) -> String {
        "k" + String(key.0, radix: 36) + "."
            + Data(key.1.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> (time: Int64, name: String)? {
        guard cursor.first == "k", cursor.utf8.count <= 512, let dot = cursor.firstIndex(of: ".") else { return nil }
        guard let time = Int64(cursor[cursor.index(after: cursor.startIndex)..<dot], radix: 36) else { return nil }
        var base64 = String(cursor[cursor.index(after: dot)...]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let name = String(data: data, encoding: .utf8) else { return nil }
        return (time, name)
    }
}
