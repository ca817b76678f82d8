import Foundation
import HTTP1

/// The session cookie on the wire: `HttpOnly` (scripts cannot read it), `SameSite=Strict` (no
/// other site's page can make the browser send it), `Path=/`, with `Max-Age`, and `Secure` when
/// the service is served over TLS (`web.session.secureCookie`).
enum SessionCookie {
    /// The `Set-Cookie` value that starts a session.
    static func setting(_ token: String, settings: SessionSettings) -> String {
        attributes("\(settings.cookieName)=\(token)", maxAge: Int(settings.absoluteSeconds), settings: settings)
    }

    /// The `Set-Cookie` value that removes the cookie (sign-out).
    static func clearing(settings: SessionSettings) -> String {
        attributes("\(settings.cookieName)=", maxAge: 0, settings: settings)
    }

    private static func attributes(_ pair: String, maxAge: Int, settings: SessionSettings) -> String {
        "\(pair); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (settings.secureCookie ? "; Secure" : "")
    }

    /// The value of cookie `name` in the request's `Cookie` headers, if any.
    static func value(in request: HTTPRequest, name: String) -> String? {
        for header in request.headers.values("cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let eq = trimmed.firstIndex(of: "="), trimmed[..<eq] == name else { continue }
                let value = String(trimmed[trimmed.index(after: eq)...])
                // Our tokens are 64 hex digits: anything else is not one of ours.
                guard value.utf8.count == 64, value.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
                return value
            }
        }
        return nil
    }

    /// Methods that change nothing (RFC 9110 §9.2.1) and so need no CSRF token.
    static func isSafe(_ method: HTTPMethod) -> Bool {
        method == .GET || method == .HEAD || method == .OPTIONS
    }
}
