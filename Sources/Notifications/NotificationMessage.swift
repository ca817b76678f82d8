import Digest
import Foundation

/// One message to send: a single notification, or a digest folding several (those that
/// exceeded the endpoint's rate, or what quiet hours held). `id` is what the receiver
/// de-duplicates on.
struct NotificationMessage: Sendable {
    var id: String
    var endpoint: String
    var items: [QueuedNotification]
    /// The digest sent when quiet hours end.
    var heldOver: Bool
    var isDigest: Bool { items.count > 1 }

    /// A single notification keeps its own id; a digest's id is derived from its members, so a
    /// retried digest with the same members carries the same id.
    init(endpoint: String, items: [QueuedNotification], heldOver: Bool = false) {
        self.endpoint = endpoint
        self.items = items
        self.heldOver = heldOver
        if items.count == 1 {
            id = items[0].id
        } else {
            id = "dgst-" + hexString(SHA256.hash(Array(items.map(\.id).sorted().joined(separator: ",").utf8)).prefix(12))
        }
    }
}

/// Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character.
func truncatedUTF8(_ text: String, maxBytes: Int) -> String {
    guard text.utf8.count > maxBytes else { return text }
    let marker = "…"
    let budget = maxBytes - marker.utf8.count
    var used = 0
    var end = text.startIndex
    for index in text.unicodeScalars.indices {
        let size = text.unicodeScalars[index].utf8.count
        if used + size > budget { break }
        used += size
        end = text.unicodeScalars.index(after: index)
    }
    return String(text.unicodeScalars[..<end]) + marker
}
