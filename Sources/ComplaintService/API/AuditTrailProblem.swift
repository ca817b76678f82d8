import EventStore
import HTTP1

/// The answer for `/events` of a complaint whose history cannot be read in full.
enum AuditTrailProblem {
    /// The answer for a complaint whose history cannot be read in full: damaged (500), deleted on
    /// purpose after a snapshot (410), or a read error that may pass (503).
    static func response(_ complaintID: String?, _ gap: HistoryGap) -> HTTPResponse {
        let id: Message.Value = complaintID.map { .text($0) } ?? .message(Message(.thisComplaint))
        let values: [String: Message.Value] = ["id": id, "gap": .text(gap.description)]
        let ranges = "[" + gap.sequences.map { "\"\(Readiness.text($0))\"" }.joined(separator: ",") + "]"
        var extra = [
            ("sequences", Array(ranges.utf8)),
            ("files", Array(("[" + gap.files.map { "\"\($0)\"" }.joined(separator: ",") + "]").utf8)),
        ]
        if let complaintID { extra.insert(("complaint", Problems.quoted(complaintID)), at: 0) }
        switch gap.kind {
        case .damaged:
            return Problems.response(status: 500, slug: "audit-trail-damaged", detail: Message(.auditDamaged, values), extra: extra)
        case .pruned:
            return Problems.response(status: 410, slug: "audit-trail-pruned", detail: Message(.auditPruned, values), extra: extra)
        case .unreadable:
            return Problems.response(
                status: 503, slug: "store-unavailable", detail: Message(.auditUnreadable, values),
                headers: [("Retry-After", "1")], extra: extra)
        }
    }
}
