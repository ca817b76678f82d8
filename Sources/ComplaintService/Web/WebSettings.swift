import Foundation

/// The `web` section: the pages complaintd serves, the console's sign-in, public intake.
public struct WebSettings: Sendable {
    /// Where the pages are; empty: `web/` in the working directory, beside the binary, or in the
    /// package root above `.build/` (so `swift run` and the Docker image both find them).
    public var directory = ""
    /// Whether owners may file complaints from the owner's page without a token.
    public var publicIntake = false
    /// Public filings accepted per client address per hour.
    public var publicIntakePerHour = 5
    /// Roles that may send a failed notification again (`POST /v1/notifications/{id}/retry`).
    public var notificationRetryRoles = ["supervisor", "manager", "admin"]
    /// The console's "due soon" tab: clocks due within this many seconds.
    public var dueSoonSeconds = 7_200.0
    /// Proxies whose `X-Forwarded-For` names the client (the last address it adds); empty: none.
    public var trustedProxies: [String] = []
    /// The session cookie.
    public var session = SessionSettings()
    /// Limits on failed sign-ins.
    public var signIn = SignInLimits()

    /// The defaults.
    public init() {}
}

/// How a console session lives.
public struct SessionSettings: Sendable {
    /// The cookie's name.
    public var cookieName = "complaintd_session"
    /// Add `Secure` to the cookie: set it when complaintd is reached over TLS (a proxy in front).
    public var secureCookie = false
    /// A session ends this long after sign-in, whatever happens.
    public var absoluteSeconds = 43_200.0
    /// A session ends after this long without a request.
    public var idleSeconds = 7_200.0

    /// The defaults.
    public init() {}
}

/// Failed sign-ins allowed before further attempts are refused (429) for the rest of the window.
public struct SignInLimits: Sendable {
    /// Failures per user id within the window.
    public var maxFailuresPerUser = 5
    /// Failures per client address within the window.
    public var maxFailuresPerAddress = 20
    /// The window, in seconds.
    public var windowSeconds = 900.0
    /// Password checks running at once (each holds a core for a fraction of a second); more wait for 503.
    public var maxConcurrentChecks = 2

    /// The defaults.
    public init() {}
}

/// The `live` section: the Server-Sent Events stream of `/v1/stream`.
public struct LiveSettings: Sendable {
    /// Streams open at once; more are refused with 503.
    public var maxStreams = 10_000
    /// A comment line is sent this often, so proxies and browsers keep an idle stream open.
    public var heartbeatSeconds = 15.0
    /// Bytes that may wait for a slow reader before its stream is dropped.
    public var bufferBytes = 65_536
    /// Recent events kept for `Last-Event-ID` resumption; an older id gets a `reset` event.
    public var replayEvents = 10_000
    /// The reconnection delay a browser is told (`retry:`), in milliseconds.
    public var retryMilliseconds = 3_000

    /// The defaults.
    public init() {}
}
