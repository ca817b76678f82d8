import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

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

    func list(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        if let refusal = checkAccess(request) { throw Refusal(refusal) }
        guard let query = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        try query.refuseUnknown(["from", "to", "estate", "limit", "cursor"])
        let filter = try QueryParsing.announcementFilter(query, zone: core.policy.calendar.timeZone, now: core.clock.now()).get()
        var afterSequence: Int?
        if let cursor = query.string("cursor") {
            guard let value = PageCursor.value(cursor), value <= UInt64(Int32.max) else {
                throw Refusal(Problems.invalidParameter("cursor", Message(domain: .notACursor, [:])))
            }
            afterSequence = Int(value)
        }
        let (slots, more) = core.read { state -> ([Int], Bool) in
            let after = afterSequence.map { state.book.lowerBound(sequence: $0 + 1) - 1 }
            return state.complaints.announcedSlots(
                from: filter.from, to: filter.to, estate: filter.estate, stage: stage,
                after: after, limit: filter.limit)
        }
        // Closed complaints are read from the log and redacted here, outside the state lock,
        // once per complaint version.
        let complaints = core.complaints(slots: slots, actor: Actor.system, within: .unrestricted).map(\.complaint)
        let items = complaints.map(cache.body)
        var w = JSONWriter(capacity: 512 + items.reduce(0) { $0 + $1.count })
        w.beginObject()
        w.member("from", date: filter.from)
        w.member("to", date: filter.to)
        w.member("estate", filter.estate)
        w.member("publishWhen", stage.rawValue)
        w.memberArray("items") { w in for item in items { w.rawValue(item) } }
        w.member("truncated", more)
        let last = complaints.last.map { PageCursor.make(UInt64($0.sequence)) }
        w.member("nextCursor", more ? last : nil)
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    func one(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        if let refusal = checkAccess(request) { throw Refusal(refusal) }
        let id = request.pathParameters["id"] ?? ""
        let found = try core.complaint(id: id, actor: Actor.system, within: .unrestricted).get()
        guard let complaint = found?.complaint, stage.publishes(complaint.status) else {
            // Not yet announced reads as absent: the public learns nothing of open complaints.
            throw Refusal(Problems.notFound(Message(.noAnnouncement, ["id": .text(id), "stage": .code(.status, stage.rawValue)])))
        }
        return HTTPResponse.json(200, cache.body(complaint))
    }

    private func checkAccess(_ request: HTTPRequest) -> HTTPResponse? {
        guard !isPublic else { return nil }
        return auth.authenticated(request) == nil ? Problems.unauthorized() : nil
    }

    static func write(_ a: PublicAnnouncement, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("complaintId", a.complaintID)
        w.member("acceptedAt", date: a.acceptedAt)
        w.memberObject("scope") { w in
            w.member("estate", a.estate)
            w.member("building", a.building)
        }
        w.member("category", a.category?.rawValue)
        w.member("matter", a.matter)
        w.member("handlingMethod", a.handlingMethod)
        w.member("result", a.result)
        w.memberObject("returnVisit") { w in
            w.member("at", date: a.returnVisitAt)
            w.member("satisfied", a.returnVisitSatisfied)
        }
        w.member("precautions", a.precautions)
        w.member("timeLimit", date: a.timeLimit)
        w.member("receptionist", a.receptionist)
        w.member("followUpPerson", a.followUpPerson)
        w.member("personInCharge", a.personInCharge)
        w.member("department", a.department?.rawValue)
        w.member("status", a.status.rawValue)
        w.memberObject("ownerConfirmation") { w in
            w.member("confirmed", a.ownerConfirmedAt != nil)
            w.member("at", date: a.ownerConfirmedAt)
        }
        w.endObject()
    }
}

extension AnnouncementAPI {
    /// The route patterns readable without a token when announcements are public.
    static let publicPatterns: Set<String> = ["/v1/announcements", "/v1/complaints/{id}/announcement"]
}
