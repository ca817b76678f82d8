import Telemetry

/// RFC 9457 problem details: every error body is `application/problem+json`
/// with `type`, `title`, `status` and `detail`.
public enum Problem {
    /// Where problem type URIs live; each error has a stable slug under it.
    public static let typeBase = "https://complaintd.dev/problems/"
    /// The media type of problem bodies.
    public static let contentType = "application/problem+json"

    /// Makes a problem response. `extra` members are appended as JSON already encoded (name, raw JSON).
    public static func response(status: Int, slug: String, title: String, detail: String,
                                headers: [(String, String)] = [], extra: [(String, [UInt8])] = []) -> HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(160 + detail.utf8.count)
        body.append(contentsOf: #"{"type":"#.utf8)
        JSONText.appendString(typeBase + slug, to: &body)
        body.append(contentsOf: #","title":"#.utf8)
        JSONText.appendString(title, to: &body)
        body.append(contentsOf: #","status":"#.utf8)
        JSONText.appendInteger(status, to: &body)
        body.append(contentsOf: #","detail":"#.utf8)
        JSONText.appendString(detail, to: &body)
        for (name, raw) in extra {
            body.append(UInt8(ascii: ","))
            JSONText.appendString(name, to: &body)
            body.append(UInt8(ascii: ":"))
            body.append(contentsOf: raw)
        }
        body.append(UInt8(ascii: "}"))
        return HTTPResponse(status: status, contentType: contentType, headers: headers, body: body)
    }
}
