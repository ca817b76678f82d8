import ComplaintDomain
import JSONCodec
import Synchronization

/// Encoded announcements, reused while the complaint's version is unchanged: redaction reads
/// every character of every free text, and the announcement list is public (no token), so a
/// repeated page must not redo it. Bounded: a full shard is emptied.
final class AnnouncementCache: Sendable {
    private struct Entry {
        var version: Int
        var body: [UInt8]
    }

    private final class Shard: Sendable {
        let entries = Mutex<[String: Entry]>([:])
    }
    private let shards: [Shard]
    private let perShard: Int

    init(shards: Int = 16, entriesPerShard: Int = 1024) {
        self.shards = (0..<shards).map { _ in Shard() }
        self.perShard = entriesPerShard
    }

    /// The JSON object of `complaint`'s announcement.
    func body(_ complaint: Complaint) -> [UInt8] {
        let shard = shards[Int(UInt(bitPattern: complaint.sequence) % UInt(shards.count))]
        if let entry = shard.entries.withLock({ $0[complaint.id] }), entry.version == complaint.version { return entry.body }
        var w = JSONWriter(capacity: 1024)
        AnnouncementAPI.write(PublicAnnouncement(complaint), &w)
        let entry = Entry(version: complaint.version, body: w.bytes)
        let limit = perShard
        shard.entries.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[complaint.id] = entry
        }
        return entry.body
    }
}
