import EventStore
import HTTP1

/// The answer for `/events` of a complaint whose history cannot be read in full.
enum AuditTrailProblem {
    /// The answer for a complaint whose history cannot be read in full: damaged (500), deleted on
    /// purpose after a snapshot (410), or a read error that may pass (503).
    static func response(_ complaintID: String?, _ gap: HistoryGap) -> HTTPResponse {
        let id = complaintID ?? "this complaint"
        let ranges = "[" + gap.sequences.map { "\"\(Readiness.text($0))\"" }.joined(separator: ",") + "]"
        var extra = [("sequences", Array(ranges.utf8)),
                     ("files", Array(("[" + gap.files.map { "\"\($0)\"" }.joined(separator: ",") + "]").utf8))]
        if let complaintID { extra.insert(("complaint", Problems.quoted(complaintID)), at: 0) }
        switch gap.kind {
        case .damaged:
            return Problem.response(status: 500, slug: "audit-trail-damaged", title: "Internal Server Error",
                                    detail: "The audit trail of \(id) is incomplete: \(gap.description). Its history is not shown rather than shown short.",
                                    extra: extra)
        case .pruned:
            return Problem.response(status: 410, slug: "audit-trail-pruned", title: "Gone",
                                    detail: "Part of the audit trail of \(id) was deleted on purpose: \(gap.description).", extra: extra)
        case .unreadable:
            return Problem.response(status: 503, slug: "store-unavailable", title: "Service Unavailable",
                                    detail: "The audit trail of \(id) could not be read just now: \(gap.description).",
                                    headers: [("Retry-After", "1")], extra: extra)
        }
    }
}
