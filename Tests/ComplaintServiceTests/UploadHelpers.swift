import Digest
import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// One request with a binary body on a fresh connection.
func send(
    _ port: Int, _ method: String, _ path: String, token: String? = nil, body: [UInt8], contentType: String?,
    headers: [(String, String)] = []
) throws -> TestResponse {
    let client = try TestClient(port: port, timeoutSeconds: 30)
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
    if let token { head += "Authorization: Bearer \(token)\r\n" }
    if let contentType { head += "Content-Type: \(contentType)\r\n" }
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    client.send(Array((head + "\r\n").utf8) + body)
    guard let response = client.readResponse() else { throw TestError("no response to \(method) \(path)") }
    return response
}

/// A `multipart/form-data` body as a browser sends it; each part a field or a file.
struct Multipart {
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    static let contentType = "multipart/form-data; boundary=\(boundary)"

    static func body(_ parts: [(name: String, filename: String?, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream" }
            out += Array((head + "\r\n\r\n").utf8) + part.bytes + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }
}

/// Files as phones and browsers produce them (structure only: nothing here decodes pictures).
enum Files {
    static func segment(_ code: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, code, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    /// Exif with a GPS latitude, as a phone writes it (big-endian TIFF, one IFD0 entry pointing at the GPS IFD).
    static let exif: [UInt8] =
        Array("Exif".utf8) + [
            0, 0, 0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26,
            0, 0, 0, 0,
        ] + Array("GPSLatitude 31.2304N GPSLongitude 121.4737E".utf8)
    static let tables = segment(0xDB, [0] + Array(repeating: 1, count: 64)) + segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
    static let scan = segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56, 0x78]

    /// A JPEG photo carrying its position in Exif and XMP.
    static let photoWithLocation: [UInt8] =
        [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        + segment(0xE1, exif) + segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<exif:GPSLatitude>31,13.8N</exif:GPSLatitude>".utf8))
        + tables + scan + [0xFF, 0xD9]
    /// What is stored of it.
    static let photoStored: [UInt8] =
        [0xFF, 0xD8] + segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]) + tables + scan
        + [0xFF, 0xD9]

    /// A PNG chunk: length, type, data, a CRC (nothing here checks it).
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let n = data.count
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data + [0, 0, 0, 0]
    }

    /// A well-formed PNG of about `size` bytes whose picture data depends on `seed`; `extra`
    /// chunks (metadata) go before the picture data.
    static func png(_ size: Int = 200, seed: UInt8 = 1, extra: [UInt8] = []) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", [0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0]) + extra
            + chunk("IDAT", (0..<max(1, size - 57)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }) + chunk("IEND", [])
    }

    /// A HEIC photo: ftyp, a meta box whose iloc puts a picture and an Exif item with a GPS
    /// position in mdat; `exif` replaces the Exif bytes (zeros: what is stored of it).
    static func heic(exif: [UInt8]? = nil) -> [UInt8] {
        func be(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * (n - 1 - $0))) & 0xFF) } }
        func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be(8 + body.count, 4) + Array(type.utf8) + body }
        let original = Array("Exif\0\0MM\0*GPSLatitude 31.2304N GPSLongitude 121.4737E".utf8)
        let data = exif ?? original
        let pixels = [UInt8](repeating: 0x5A, count: 64)
        let ftyp = box("ftyp", Array("heic\0\0\0\0mif1heic".utf8))
        let infe = { (id: Int, type: String) in box("infe", [2, 0, 0, 0] + be(id, 2) + [0, 0] + Array(type.utf8) + [0]) }
        let iinf = box("iinf", [0, 0, 0, 0] + be(2, 2) + infe(1, "hvc1") + infe(2, "Exif"))
        let metaSize = 8 + 4 + iinf.count + 8 + 4 + 4 + 2 * 14
        let mdat = ftyp.count + metaSize + 8
        let iloc = box(
            "iloc",
            [0, 0, 0, 0, 0x44, 0] + be(2, 2) + be(1, 2) + [0, 0] + be(1, 2) + be(mdat, 4) + be(pixels.count, 4)
                + be(2, 2) + [0, 0] + be(1, 2) + be(mdat + pixels.count, 4) + be(original.count, 4))
        return ftyp + box("meta", [0, 0, 0, 0] + iinf + iloc) + box("mdat", pixels + data)
    }

    static let pdf: [UInt8] = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    static func sha256(_ bytes: [UInt8]) -> String { hexString(SHA256.hash(bytes)) }
}

extension Running {
    /// Uploads `bytes` as one multipart file to a complaint (staff) and returns the response.
    func upload(
        _ id: String, _ bytes: [UInt8], name: String = "photo.jpg", token: String = Token.rita,
        note: String? = nil
    ) throws -> TestResponse {
        var parts: [(name: String, filename: String?, bytes: [UInt8])] = []
        if let note { parts.append(("note", nil, Array(note.utf8))) }
        parts.append(("file", name, bytes))
        return try send(
            port, "POST", "/v1/complaints/\(id)/attachments", token: token, body: Multipart.body(parts), contentType: Multipart.contentType)
    }

    /// Uploads `bytes` through the tracking code, as the owner's phone does (raw body).
    func ownerUpload(_ code: String, _ bytes: [UInt8], contentType: String = "image/png", name: String = "signature.png") throws -> TestResponse {
        try send(port, "POST", "/v1/track/\(code)/attachments?name=\(name)", body: bytes, contentType: contentType)
    }

    /// Registers a complaint and returns its id and tracking code.
    func newComplaint(content: String = "楼道漏水，墙面发霉", unit: String = "1201") throws -> (id: String, code: String) {
        let r = try register(content: content, unit: unit)
        guard r.status == 201, let id = r.json?["id"] as? String, let code = r.json?["trackingCode"] as? String else {
            throw TestError("register: \(r.status) \(r.text)")
        }
        return (id, code)
    }

    /// Posts `action` with a JSON body, expecting `status`.
    @discardableResult
    func step(_ id: String, _ action: String, _ token: String, _ body: [String: Any] = [:], status: Int = 200) throws -> [String: Any] {
        let r = try post("/v1/complaints/\(id)/\(action)", token: token, body: jsonString(body))
        guard r.status == status else { throw TestError("\(action): expected \(status), got \(r.status) \(r.text)") }
        return r.json ?? [:]
    }

    /// Takes a complaint of `severity` to `replied` (opinion signed where asked, approval where needed).
    func toReplied(_ id: String, severity: String = "minor", resolve: [String: Any] = ["measures": "更换水管", "result": "不漏了"]) throws {
        try step(id, "assess", Token.dora, ["valid": true, "severity": severity, "category": "engineering"])
        if severity != "minor" { try step(id, "opinion", Token.sue, ["text": "工程部今日到场"]) }
        try step(id, "dispatch", Token.rita, ["department": "engineering", "handler": "hank"])
        try step(id, "acknowledge", Token.hank)
        try step(id, "resolve", Token.hank, resolve)
        if severity != "minor" { try step(id, "approve", Token.mona) }
        try step(id, "reply", Token.rita, ["content": "已修复"])
    }
}
