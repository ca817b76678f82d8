import ComplaintDomain
import Foundation
import JSONCodec
import Synchronization

/// Encoded staff views of complaints, reused while neither the complaint (its version) nor the
/// clock (its next deadline, which flips an `overdue` flag) has moved. Only the caller's
/// `allowedActions` is written per request. Bounded: a full shard is emptied.
final class ComplaintBodyCache: Sendable {
    private struct Entry {
        var version: Int
        var validUntil: Date
        /// The staff view up to, not including, `,"allowedActions":[...]}`.
        var prefix: [UInt8]
    }

    private final class Shard: Sendable {
        let entries = Mutex<[String: Entry]>([:])
    }
    private let shards: [Shard]
    private let perShard: Int

    init(shards: Int = 16, entriesPerShard: Int = 2048) {
        self.shards = (0..<shards).map { _ in Shard() }
        self.perShard = entriesPerShard
    }

    /// The staff view of `complaint` (phones masked) with `allowedActions`, as of `now`.
    func staffBody(_ complaint: Complaint, allowedActions: [Action], now: Date) -> [UInt8] {
        let shard = shards[Int(UInt(bitPattern: complaint.sequence) % UInt(shards.count))]
        var body: [UInt8]
        if let entry = shard.entries.withLock({ $0[complaint.id] }), entry.version == complaint.version, now < entry.validUntil {
            body = entry.prefix
        } else {
            var w = JSONWriter(capacity: 1536)
            ComplaintJSON.writeStaff(complaint, .init(allowedActions: [], now: now), into: &w)
            body = w.bytes
            // Cut the empty `,"allowedActions":[]}` written at the end.
            body.removeLast(#","allowedActions":[]}"#.utf8.count)
            let entry = Entry(version: complaint.version, validUntil: ComplaintBodyCache.nextFlip(of: complaint, after: now), prefix: body)
            let limit = perShard
            shard.entries.withLock { entries in
                if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
                entries[complaint.id] = entry
            }
        }
        body.append(contentsOf: #","allowedActions":["#.utf8)
        for (i, action) in allowedActions.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body.append(UInt8(ascii: "\""))
            body.append(contentsOf: action.rawValue.utf8)
            body.append(UInt8(ascii: "\""))
        }
        body.append(contentsOf: "]}".utf8)
        return body
    }

    /// When the view's time-dependent parts (the `overdue` flags) next change.
    static func nextFlip(of complaint: Complaint, after now: Date) -> Date {
        var next = Date.distantFuture
        for (_, deadline) in complaint.deadlines.all where deadline.metAt == nil && deadline.dueAt > now {
            next = min(next, deadline.dueAt)
        }
        return next
    }
}
