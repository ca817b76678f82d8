import ComplaintDomain
import Foundation
import HTTP1
import Notifications

/// The route table: every endpoint declared in one place.
struct Routes: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    let configuration: ServiceConfiguration
    /// The `/readyz` answer of the moment.
    let readiness: @Sendable () -> HTTPResponse
    let metrics: @Sendable () -> String
    /// The notification outbox, when endpoints are configured.
    var notifications: NotificationOutbox? = nil
    /// The live event stream.
    var live: LiveHub? = nil
    /// The pages, when a `web/` folder was found.
    var assets: WebAssets? = nil

    func table() -> [Route] {
        let complaints = ComplaintAPI(core: core, auth: auth)
        let lists = ComplaintListAPI(core: core, auth: auth)
        let owner = OwnerAPI(core: core)
        let queues = WorkQueueAPI(core: core, auth: auth)
        let reports = ReportsAPI(core: core, auth: auth, language: configuration.language)
        let users = UsersAPI(auth: auth, policy: core.policy)
        let announcements = AnnouncementAPI(
            core: core, auth: auth, isPublic: configuration.publicAnnouncements,
            stage: configuration.announcementsPublishWhen)
        let spec = OpenAPIDocument.load()
        let declared =
            fileRoutes(owner: owner) + [
                Route(.GET, "/healthz") { _, _ in HealthRoutes.healthy },
                Route(.GET, "/readyz") { [readiness] _, _ in readiness() },
                Route(.GET, "/metrics") { [metrics] _, _ in
                    HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metrics().utf8))
                },
                Route(.GET, "/openapi.yaml") { _, _ in
                    guard let spec else { return Problems.notFound(Message(.openAPIMissing)) }
                    return HTTPResponse(status: 200, contentType: "application/yaml", body: spec)
                },
                Route(.POST, "/v1/complaints", complaints.register),
                Route(.GET, "/v1/complaints", lists.list),
                Route(.GET, "/v1/complaints/export", ComplaintExportAPI(core: core, auth: auth, language: configuration.language).export),
                Route(.GET, "/v1/complaints/{id}", complaints.get),
                Route(.GET, "/v1/complaints/{id}/events", lists.events),
                Route(.POST, "/v1/complaints/{id}/{action}", complaints.act),
                Route(.GET, "/v1/track/{trackingCode}", redactsPath: true, owner.track),
                Route(.POST, "/v1/track/{trackingCode}/remind", redactsPath: true, owner.remind),
                Route(.GET, "/v1/visits", queues.visits),
                Route(.GET, "/v1/escalations", queues.escalations),
                Route(.POST, "/v1/incidents", queues.createIncident),
                Route(.GET, "/v1/notifications", NotificationsAPI(outbox: notifications, auth: auth, core: core).list),
                Route(.GET, "/v1/me", users.me),
                Route(.GET, "/v1/users", users.list),
                Route(.GET, "/v1/reports/daily", reports.daily),
                Route(.GET, "/v1/reports/weekly", reports.weekly),
                Route(.GET, "/v1/reports/monthly", reports.monthly),
                Route(.GET, "/v1/announcements", announcements.list),
                Route(.GET, "/v1/complaints/{id}/announcement", announcements.one),
            ]
        return declared
            + WebRoutes(
                core: core, auth: auth, configuration: configuration, live: live, assets: assets,
                notifications: notifications
            ).table(after: declared)
    }

    /// The paper trail's routes: uploads (bodies spooled to files), downloads, the owner's confirmation.
    private func fileRoutes(owner: OwnerAPI) -> [Route] {
        var routes = [Route(.POST, "/v1/track/{trackingCode}/confirm", redactsPath: true, owner.confirm)]
        guard let files = attachments else { return routes }
        routes += [
            Route(.POST, "/v1/complaints/{id}/attachments", body: files.reception, files.staffUpload),
            Route(.GET, "/v1/complaints/{id}/attachments/{sha256}", files.staffDownload),
            Route(.POST, "/v1/track/{trackingCode}/attachments", redactsPath: true, body: files.reception, files.ownerUpload),
            Route(.GET, "/v1/track/{trackingCode}/attachments/{sha256}", redactsPath: true, files.ownerDownload),
        ]
        return routes
    }

    /// The files API, when the core has a blob store.
    private var attachments: AttachmentsAPI? {
        core.blobs.map { AttachmentsAPI(core: core, auth: auth, blobs: $0, limits: configuration.attachments) }
    }

    /// Refuses unauthenticated staff requests before their body is read (so a client that sent
    /// `Expect: 100-continue` never uploads it), and uploads that cannot be taken.
    func headFilter() -> HeadFilter {
        { [auth, configuration, core] (request: inout HTTPRequest) in
            // Bodiless reads are authenticated by their handlers (every one does); checking here too
            // would do it twice on the hottest path.
            guard request.method != .GET, request.method != .HEAD else { return nil }
            let pattern = request.routePattern
            guard pattern.hasPrefix("/v1/") else { return nil }
            if pattern.hasSuffix("/attachments") { return UploadAdmission.check(&request, auth: auth, core: core) }
            guard !pattern.hasPrefix("/v1/track/"), !WebRoutes.openPatterns.contains(pattern) else { return nil }
            if configuration.publicAnnouncements && AnnouncementAPI.publicPatterns.contains(pattern) { return nil }
            // A cookie without its CSRF token is refused here too (403), before the body is read.
            // The caller found is handed to the handler in `request.context`: authenticated once.
            if case .failure(let refusal) = auth.admit(&request) { return refusal.response }
            return nil
        }
    }
}

/// The `/healthz` body, encoded once (`/readyz`: `Readiness`).
enum HealthRoutes {
    static let healthy = HTTPResponse.json(200, Array(#"{"status":"ok"}"#.utf8))
}

/// Finds `openapi.yaml`: $COMPLAINTD_OPENAPI, the working directory, beside the binary, or the
/// package root above `.build/`.
enum OpenAPIDocument {
    static func load() -> [UInt8]? {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["COMPLAINTD_OPENAPI"] { candidates.append(explicit) }
        candidates.append(FileManager.default.currentDirectoryPath + "/openapi.yaml")
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("openapi.yaml").path)
        var directory = executable
        for _ in 0..<4 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("openapi.yaml").path)
        }
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path) { return Array(data) }
        }
        return nil
    }
}
