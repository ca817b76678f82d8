import ComplaintDomain
import Foundation
import HTTP1
import Telemetry

/// `GET /v1/complaints/export`: the complaint list with the same filters, search and order, as a
/// CSV file people open in Excel or WPS — a file of at most `maximumRows` rows; the next file is
/// one `cursor` away (`Link: rel="next"`, `X-Next-Cursor`), so a million rows never sit in memory.
///
/// Phones are masked unless the caller asks with `reveal=contact` and their role may see
/// contacts; each revealed row is then recorded in that complaint's audit trail
/// (`contact.viewed`, as a single unmasked read is) before the file is sent.
struct ComplaintExportAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    /// The language of column names and values when the request states no `Accept-Language`.
    var language = Language.zh

    /// Rows in one file, and the default.
    static let maximumRows = 10_000

    func export(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "complaints")
        guard let q = QueryReader(request) else { throw Refusal(Problems.badRequest(Message(.queryMalformed))) }
        try q.refuseUnknown(ComplaintQueryParsing.listParameters.union(["reveal"]))
        let rows = try q.int("limit", 1...Self.maximumRows).get() ?? Self.maximumRows
        var reveal = false
        if let value = q.string("reveal") {
            guard value == "contact" else { throw Refusal(Problems.invalidParameter("reveal", Message(.revealContactOnly))) }
            guard principal.mayRevealContacts else { throw Refusal(Problems.forbidden(Message(.contactsForbidden))) }
            reveal = true
        }
        let now = core.clock.now()
        // The list's own page size (at most 200) is not the file's.
        let listQuery = QueryReader(values: q.values.filter { $0.key != "limit" && $0.key != "reveal" })
        let (parsed, _) = try ComplaintListAPI(core: core, auth: auth).parseQuery(listQuery, principal: principal, now: now)
        let english = Language.preferred(by: request, fallback: language) == .en
        let selfLink = request.path + "?" + (request.query ?? "")
        // Reading thousands of closed complaints' registrations from the log is no work for an event loop.
        DispatchQueue.global(qos: .userInitiated).async { [core, reveal] in
            do {
                var query = parsed
                var slots: [Int] = []
                var total = 0
                var lowerBound = false
                var first = true
                repeat {
                    query.limit = min(200, rows - slots.count)
                    let page = try core.list(query, within: principal.scope).mapError(ComplaintListAPI.refusal).get()
                    if first {
                        total = page.total
                        lowerBound = page.totalIsLowerBound
                        first = false
                    }
                    slots += page.slots
                    query.cursor = page.nextCursor
                } while query.cursor != nil && slots.count < rows
                var found = core.exportRows(slots: slots, now: now)
                let revealed = reveal ? try Self.recordReveals(found.map(\.id), core: core, principal: principal) : []
                for index in found.indices where !revealed.contains(found[index].id) { found[index].phone = maskPhone(found[index].phone) }
                let file = ExportFile(rows: found, english: english, zone: core.policy.calendar.timeZone)
                var headers = [
                    ("Content-Disposition", file.disposition(now: now)), ("X-Total-Count", String(total)),
                    ("X-Total-Is-Lower-Bound", lowerBound ? "true" : "false"), ("Cache-Control", "no-store"),
                ]
                if let next = query.cursor {
                    headers.append(("X-Next-Cursor", next))
                    headers.append(("Link", "<\(Self.link(selfLink, cursor: next))>; rel=\"next\""))
                }
                later.respond(HTTPResponse(status: 200, contentType: "text/csv; charset=utf-8", headers: headers, body: file.bytes))
            } catch {
                later.fail(error)
            }
        }
        return nil
    }

    /// Records an unmasked read of each complaint (`viewContact`), waiting until they are durable;
    /// the ids whose read was recorded. A store that cannot write fails the whole file (503).
    static func recordReveals(_ ids: [String], core: ComplaintCore, principal: Principal) throws -> Set<String> {
        let group = DispatchGroup()
        let results = FailureList()
        let recorded = RevealedIDs()
        for id in ids {
            group.enter()
            core.submit(.viewContact(id: id), actor: principal.actor, scope: principal.scope) { result in
                switch result {
                case .success: recorded.add(id)
                case .failure(let failure): results.add(id, failure)
                }
                group.leave()
            }
        }
        group.wait()
        if let (_, failure) = results.first, case .unavailable = failure { throw failure }
        return recorded.ids
    }

    /// The export's own URL with `cursor` set to `next`.
    static func link(_ url: String, cursor next: String) -> String {
        let parts = url.split(separator: "?", maxSplits: 1)
        let kept = parts.count > 1 ? parts[1].split(separator: "&").filter { !$0.hasPrefix("cursor=") }.map(String.init) : []
        let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? next
        return String(parts[0]) + "?" + (kept + ["cursor=" + encoded]).joined(separator: "&")
    }
}

/// Ids collected from concurrent completions.
final class RevealedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<String> = []
    func add(_ id: String) {
        lock.lock()
        set.insert(id)
        lock.unlock()
    }
    var ids: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return set
    }
}
