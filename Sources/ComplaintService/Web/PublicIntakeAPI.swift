import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec
import Telemetry

/// What the owner's page may do without a token: read a few public settings, and — when the
/// company enables it (`web.publicIntake`, off by default) — file a complaint.
///
/// A public filing is an intake client's registration (the intake rules apply: the answer is the
/// owner's view of their own complaint with its tracking code, no other complaint's data, no
/// resolution on the spot, an incident key only a hint), made as the built-in client
/// `public-web`, channel `online`, and limited per client address per hour.
struct PublicIntakeAPI: Sendable {
    let core: ComplaintCore
    let complaints: ComplaintAPI
    let settings: WebSettings
    let announcementsArePublic: Bool
    let limiter: AttemptLimiter
    /// The report periods the service offers (`daily`, `weekly`, …), for the console's picker.
    var reportPeriods: [String] = []
    /// Whether this build takes the owner's confirmation and photos through the tracking code
    /// (the record endpoints): the owner's page offers them only then.
    var ownerConfirms = false, ownerAddsPhotos = false
    /// Whether staff can add files to a complaint (the console's photo field on resolve and progress).
    var staffAddsFiles = false

    /// The principal public filings are made as.
    static let client = Principal(actor: Actor(id: "public-web", role: .intake, department: nil), name: "Public web form")

    init(core: ComplaintCore, auth: Authenticator, settings: WebSettings, announcementsArePublic: Bool) {
        self.core = core
        self.complaints = ComplaintAPI(core: core, auth: auth)
        self.settings = settings
        self.announcementsArePublic = announcementsArePublic
        self.limiter = AttemptLimiter(windowSeconds: 3600, clock: core.clock)
    }

    // MARK: GET /v1/public/settings

    func publicSettings(_ request: HTTPRequest, _ later: ResponseLater) -> HTTPResponse? {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.member("publicIntake", settings.publicIntake)
        w.member("announcementsPublic", announcementsArePublic)
        w.member("timeZone", core.policy.timeZone)
        w.member("reminderIntervalSeconds", Int(core.policy.reminderInterval))
        w.member("maxContentLength", core.policy.maxContentLength)
        w.member("reportPeriods", strings: reportPeriods)
        w.member("ownerConfirm", ownerConfirms)
        w.member("ownerPhotos", ownerAddsPhotos)
        w.member("staffFiles", staffAddsFiles)
        w.endObject()
        return HTTPResponse.json(200, w.bytes, headers: [("Cache-Control", "no-cache")])
    }

    // MARK: POST /v1/public/complaints

    func file(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        guard settings.publicIntake else {
            throw Refusal(Problems.response(status: 404, slug: "public-intake-disabled", detail: Message(.publicIntakeDisabled)))
        }
        let address = ClientAddress.of(request, trustedProxies: settings.trustedProxies)
        if let wait = limiter.retryAfter(address, allowance: settings.publicIntakePerHour) {
            core.log.warn("public filing refused", [("address", .string(address)), ("reason", .string("rate-limited"))])
            throw Refusal(
                Problems.response(
                    status: 429, slug: "too-many-filings", detail: Message(.publicIntakeLimited, ["seconds": .text(String(wait))]),
                    headers: [("Retry-After", String(wait))]))
        }
        limiter.record(address)
        var input = try RequestDecoding.decode(RegistrationInput.self, from: request).get()
        input.channel = .online
        core.submit(
            .register(input, sequence: 0, trackingCode: TrackingCode.make()), actor: Self.client.actor, scope: Self.client.scope,
            completion: complaints.respond(later, as: Self.client, status: 201, includeTrackingCode: true))
        return nil
    }
}
