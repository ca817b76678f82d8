import ComplaintDomain
import HTTP1
import Notifications

/// The routes of the pages and of what they need beyond the complaint API: sign-in, the live
/// stream, the console's work queue and duplicate hints, public intake.
struct WebRoutes: Sendable {
    /// Patterns a request may reach without a token or session (the handler decides).
    static let openPatterns: Set<String> = ["/v1/session", "/v1/public/complaints", "/v1/public/settings"]

    let core: ComplaintCore
    let auth: Authenticator
    let configuration: ServiceConfiguration
    let live: LiveHub?
    let assets: WebAssets?
    let notifications: NotificationOutbox?

    /// The routes, given those of the API already declared (to tell which report periods exist).
    func table(after declared: [Route] = []) -> [Route] {
        var routes: [Route] = []
        if let sessions = auth.sessions {
            let session = SessionAPI(auth: auth, sessions: sessions, settings: configuration.web, clock: core.clock, log: core.log)
            routes += [
                Route(.POST, "/v1/session", session.signIn),
                Route(.GET, "/v1/session", session.current),
                Route(.DELETE, "/v1/session", session.signOut),
            ]
        }
        if let live {
            routes.append(Route(.GET, "/v1/stream", StreamAPI(auth: auth, hub: live).open))
        }
        let queue = WorkQueueTabsAPI(core: core, auth: auth, dueSoonSeconds: configuration.web.dueSoonSeconds)
        var publicAPI = PublicIntakeAPI(
            core: core, auth: auth, settings: configuration.web, announcementsArePublic: configuration.publicAnnouncements)
        publicAPI.reportPeriods = declared.compactMap {
            $0.method == .GET && $0.pattern.hasPrefix("/v1/reports/") ? String($0.pattern.dropFirst(12)) : nil
        }
        let posts = Set(declared.filter { $0.method == .POST }.map(\.pattern))
        publicAPI.ownerConfirms = posts.contains("/v1/track/{trackingCode}/confirm")
        publicAPI.ownerAddsPhotos = posts.contains("/v1/track/{trackingCode}/attachments")
        publicAPI.staffAddsFiles = posts.contains("/v1/complaints/{id}/attachments")
        let retry = NotificationRetryAPI(
            outbox: notifications, auth: auth, core: core,
            roles: Set(configuration.web.notificationRetryRoles.compactMap(Role.init(rawValue:))))
        routes += [
            Route(.GET, "/v1/queue", queue.queue),
            Route(.GET, "/v1/duplicates", DuplicateHintsAPI(core: core, auth: auth).hints),
            Route(.POST, "/v1/notifications/{id}/retry", retry.retry),
            Route(.GET, "/v1/public/settings", publicAPI.publicSettings),
            Route(.POST, "/v1/public/complaints", publicAPI.file),
        ]
        if let assets { routes += StaticPages(assets: assets).routes() }
        return routes
    }
}
