import Digest
import Foundation
import Telemetry

/// One message to send: a single notification, or a digest folding several that exceeded the
/// endpoint's rate. `id` is what the receiver de-duplicates on.
struct NotificationMessage: Sendable {
    var id: String
    var endpoint: String
    var items: [QueuedNotification]
    var isDigest: Bool { items.count > 1 }

    /// A single notification keeps its own id; a digest's id is derived from its members, so a
    /// retried digest with the same members carries the same id.
    init(endpoint: String, items: [QueuedNotification]) {
        self.endpoint = endpoint
        self.items = items
        if items.count == 1 {
            id = items[0].id
        } else {
            id = "dgst-" + hexString(SHA256.hash(Array(items.map(\.id).sorted().joined(separator: ",").utf8)).prefix(12))
        }
    }

    /// The human-readable text (plain, one fact per line).
    func text(markdown: Bool = false) -> String {
        if items.count == 1 { return NotificationMessage.describe(items[0].facts, markdown: markdown) + "\n\(items[0].id)" }
        var lines = [markdown ? "### 投诉通知汇总 Digest: \(items.count) notices" : "【投诉通知汇总 Digest】\(items.count) notices"]
        for item in items { lines.append("- " + NotificationMessage.summary(item.facts)) }
        lines.append(id)
        return lines.joined(separator: "\n")
    }

    static func title(_ trigger: NotificationTrigger) -> String {
        switch trigger {
        case .major: return "重大投诉 Major complaint"
        case .escalation: return "超时升级 Escalation"
        case .upgrade: return "自动升级 Upgraded"
        case .reminder: return "业主催办 Owner reminder"
        }
    }

    /// One line: trigger, complaint, the essentials.
    static func summary(_ facts: NotificationFacts) -> String {
        var parts = ["[\(title(facts.trigger))] \(facts.complaintID)"]
        if let clock = facts.clock { parts.append("clock \(clock)") }
        if let late = facts.lateBySeconds { parts.append("late \(lateText(late))") }
        if let severity = facts.severity { parts.append("severity \(severity)") }
        if let status = facts.status { parts.append("status \(status)") }
        return parts.joined(separator: " · ")
    }

    /// The full notice: never the owner's name, phone or unit — estate and building at most.
    static func describe(_ facts: NotificationFacts, markdown: Bool) -> String {
        var lines = [markdown ? "### \(title(facts.trigger)) \(facts.complaintID)" : "【\(title(facts.trigger))】\(facts.complaintID)"]
        func add(_ label: String, _ value: String?) {
            guard let value else { return }
            lines.append(markdown ? "> \(label): **\(value)**" : "\(label): \(value)")
        }
        add("status", facts.status)
        add("severity", facts.severity)
        add("clock", facts.clock)
        add("due", facts.dueAt.map(iso8601))
        add("late", facts.lateBySeconds.map(lateText))
        add("reason", facts.reason)
        add("department", facts.department)
        add("estate", facts.estate)
        add("building", facts.building)
        add("notify", facts.roles.isEmpty ? nil : facts.roles.map(\.rawValue).joined(separator: ", "))
        add("at", iso8601(facts.at))
        return lines.joined(separator: "\n")
    }

    /// "25 min", "3 h", "9 d"; total for any value (a hand-made log may hold anything).
    static func lateText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "? d" }
        let minutes = (seconds / 60).rounded()
        if minutes < 120 { return "\(wholeNumber(minutes)) min" }
        let hours = (seconds / 3600).rounded()
        return hours < 48 ? "\(wholeNumber(hours)) h" : "\(wholeNumber((seconds / 86400).rounded())) d"
    }

    /// A whole number as text without `Int(_:)`, which traps beyond its range.
    private static func wholeNumber(_ value: Double) -> String {
        abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.0f", value)
    }

    /// RFC 3339 UTC with milliseconds, the same writer as the API's (total, four-digit years).
    static func iso8601(_ date: Date) -> String {
        Timestamp.iso8601(millisecondsSinceEpoch: Timestamp.milliseconds(fromSeconds: date.timeIntervalSince1970))
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
