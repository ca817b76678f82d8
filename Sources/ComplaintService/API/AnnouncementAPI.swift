import ComplaintDomain
import Foundation
import HTTP1

/// `GET /v1/announcements` and `GET /v1/complaints/{id}/announcement` (投诉公示, workflow.md §8).
///
/// Readable without a token when `announcements.public` is true (the head filter lets them
/// through); otherwise any staff token. Bodies never carry an owner's name, phone or unit.
struct AnnouncementAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    let isPublic: Bool

    static let defaultLimit = 100
    static let maxLimit = 500
    /// The default period: the last seven days.
    static let defaultSpan: Double = 7 * 86_400

    func list(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        if let refusal = checkAccess(request) { return refusal }
        guard let query = QueryReader(request) else { return Problems.badRequest("The query string is malformed.") }
        let now = core.clock.now()
        let from: Date, to: Date, limit: Int
        switch query.date("to") { case .success(let d): to = d ?? now; case .failure(let r): return r.response }
        switch query.date("from") { case .success(let d): from = d ?? to.addingTimeInterval(-Self.defaultSpan); case .failure(let r): return r.response }
        switch query.int("limit", 1...Self.maxLimit) { case .success(let n): limit = n ?? Self.defaultLimit; case .failure(let r): return r.response }
        guard from <= to else { return Problems.invalidParameter("from", "must not be after to") }
        let estate = query.string("estate")
        let (items, more) = core.read { $0.book.announcements(from: from, to: to, estate: estate, limit: limit) }
        var w = JSONWriter(capacity: 512 + items.count * 512)
        w.beginObject()
        w.member("from", date: from)
        w.member("to", date: to)
        w.member("estate", estate)
        w.memberArray("items") { w in for item in items { AnnouncementAPI.write(item, &w) } }
        w.member("truncated", more)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    func one(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        if let refusal = checkAccess(request) { return refusal }
        let id = request.pathParameters["id"] ?? ""
        guard let item = core.read({ $0.book.complaint(id: id).map(PublicAnnouncement.init) }) else {
            return Problems.notFound("No complaint \(id).")
        }
        var w = JSONWriter(capacity: 1024)
        AnnouncementAPI.write(item, &w)
        return HTTPResponse.json(200, w.bytes)
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
