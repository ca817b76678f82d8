import HTTP1

/// The address a request came from, for per-client limits: the socket's peer, or — when the
/// peer is a configured trusted proxy — the last address that proxy appended to `X-Forwarded-For`
/// (earlier entries are whatever the client claimed, so they are never believed).
enum ClientAddress {
    static func of(_ request: HTTPRequest, trustedProxies: [String]) -> String {
        let peer = request.remoteAddress
        guard !trustedProxies.isEmpty, trustedProxies.contains(peer), let forwarded = request.headers.values("x-forwarded-for").last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64
        else {
            return peer
        }
        return last
    }
}
