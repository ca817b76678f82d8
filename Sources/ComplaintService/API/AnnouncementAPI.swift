import ComplaintDomain
import Foundation
import HTTP1

/// `GET /v1/announcements` and `GET /v1/complaints/{id}/announcement` (投诉公示, workflow.md §8).
///
/// Readable without a token when `announcements.public` is true (the head filter lets them
/// through); otherwise any staff token. Only complaints at `announcements.publishWhen` or later
/// are announced, and bodies carry no personal data (`RedactionRules`).
struct AnnouncementAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    let isPublic: Bool
    /// When a complaint's announcement becomes public (`announcements.publishWhen`).
    var stage: AnnouncementStage = .closed
    /// Redacted announcements by complaint version.
    let cache = AnnouncementCache()

    func list(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        if let refusal = checkAccess(request) { return refusal }
        guard let query = QueryReader(request) else { return Problems.badRequest("The query string is malformed.") }
        let filter: QueryParsing.AnnouncementFilter
        switch QueryParsing.announcementFilter(query, zone: core.policy.calendar.timeZone, now: core.clock.now()) {
        case .success(let parsed): filter = parsed
        case .failure(let refusal): return refusal.response
        }
        let (complaints, more) = core.read {
            $0.book.announced(from: filter.from, to: filter.to, estate: filter.estate, stage: stage, limit: filter.limit)
        }
        // Redaction runs here, outside the state lock, once per complaint version.
        let items = complaints.map(cache.body)
        var w = JSONWriter(capacity: 512 + items.reduce(0) { $0 + $1.count })
        w.beginObject()
        w.member("from", date: filter.from)
        w.member("to", date: filter.to)
        w.member("estate", filter.estate)
        w.member("publishWhen", stage.rawValue)
        w.memberArray("items") { w in for item in items { w.raw(item) } }
        w.member("truncated", more)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    func one(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        if let refusal = checkAccess(request) { return refusal }
        let id = request.pathParameters["id"] ?? ""
        guard let complaint = core.read({ $0.book.complaint(id: id) }), stage.publishes(complaint.status) else {
            // Not yet announced reads as absent: the public learns nothing of open complaints.
            return Problems.notFound("No announcement of complaint \(id); complaints are announced once \(stage.rawValue).")
        }
        return HTTPResponse.json(200, cache.body(complaint))
    }

    private func checkAccess(_ request: HTTPRequest) -> HTTPResponse? {
        guard !isPublic else { return nil }
        return auth.authenticate(request.headers["authorization"]) == nil ? Problems.unauthorized() : nil
    }

    static func write(_ a: PublicAnnouncement, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("complaintId", a.complaintID)
        w.member("acceptedAt", date: a.acceptedAt)
        w.memberObject("scope") { w in w.member("estate", a.estate); w.member("building", a.building) }
        w.member("category", a.category?.rawValue)
        w.member("matter", a.matter)
        w.member("handlingMethod", a.handlingMethod)
        w.member("result", a.result)
        w.memberObject("returnVisit") { w in w.member("at", date: a.returnVisitAt); w.member("satisfied", a.returnVisitSatisfied) }
        w.member("precautions", a.precautions)
        w.member("timeLimit", date: a.timeLimit)
        w.member("receptionist", a.receptionist)
        w.member("followUpPerson", a.followUpPerson)
        w.member("personInCharge", a.personInCharge)
        w.member("department", a.department?.rawValue)
        w.member("status", a.status.rawValue)
        w.endObject()
    }
}

extension AnnouncementAPI {
    /// The route patterns readable without a token when announcements are public.
    static let publicPatterns: Set<String> = ["/v1/announcements", "/v1/complaints/{id}/announcement"]
}
