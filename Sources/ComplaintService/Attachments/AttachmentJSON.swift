import ComplaintDomain
import Foundation
import JSONCodec

/// The JSON shape of a complaint's file, and how it is offered for download.
enum AttachmentJSON {
    /// `{"sha256", "mediaType", "size", "name", "addedBy", "addedAt", "note", "url"}`; `link` is the
    /// path the file's hash is appended to (nil: no `url`).
    static func write(_ record: AttachmentRecord, link: String?, showsAdder: Bool = true, into w: inout JSONWriter) {
        w.beginObject()
        w.member("sha256", record.file.sha256)
        w.member("mediaType", record.file.mediaType)
        w.member("size", record.file.size)
        w.member("name", record.file.name)
        if showsAdder { w.member("addedBy", record.by) }
        w.member("addedAt", date: record.at)
        w.member("note", record.note)
        if let link { w.member("url", link + record.file.sha256) }
        w.endObject()
    }

    /// Pictures are shown in the page; a PDF is downloaded. The name is given in UTF-8 (RFC 8187)
    /// with a plain-ASCII fallback for old clients.
    static func disposition(_ file: AttachmentFile) -> String {
        let fallback = String(file.name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = file.name.addingPercentEncoding(withAllowedCharacters: .rfc8187AttributeCharacters) ?? "file"
        return "\(file.isImage ? "inline" : "attachment"); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

extension CharacterSet {
    /// RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
    static let rfc8187AttributeCharacters = CharacterSet(
        charactersIn:
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
}
