import ComplaintDomain
import EventStore
import Foundation
import HTTP1
import Media

#if canImport(Glibc)
    import Glibc
#endif

/// What an upload request carried: its files, written and synced under `pending/`, and its note.
struct Upload: Sendable {
    var files: [AttachmentFile]
    var staged: [StagedBlob]
    var note: String?
}

/// Reads a spooled upload body — `multipart/form-data` (browsers, WeChat's `wx.uploadFile`) or
/// the raw bytes of one image or PDF — a block at a time into the blob store. Anything refused
/// (wrong type, malformed, too large) leaves no file behind: writers not staged remove their
/// files, and files already staged are discarded here.
struct UploadReader {
    let blobs: BlobStore
    let maxFileBytes: Int
    let maxFiles: Int

    /// The media types an upload may be declared as (checked before the body is read).
    static func acceptsDeclaredType(_ contentType: String?) -> Bool {
        guard let contentType, let header = MediaTypeHeader(contentType) else { return false }
        return header.type == "multipart/form-data" || header.type.hasPrefix("image/") || header.type == "application/pdf"
            || header.type == "application/octet-stream"
    }

    /// Reads `body`; `name` names a raw file (multipart parts carry their own names).
    func read(_ body: SpooledBody, contentType: String?, name: String?) throws -> Upload {
        var upload = Upload(files: [], staged: [], note: nil)
        do {
            if let contentType, let parser = MultipartParser(contentType: contentType) {
                try readMultipart(body, parser, into: &upload)
            } else {
                let file = try IncomingFile(blobs: blobs, name: Self.cleanName(name), maxBytes: maxFileBytes)
                try Self.forEachBlock(of: body) { try file.feed($0) }
                let (described, staged) = try file.finish()
                upload.files.append(described)
                upload.staged.append(staged)
            }
        } catch {
            blobs.discard(upload.staged)
            throw error
        }
        guard !upload.files.isEmpty else {
            throw Refusal(Problems.validation([FieldError(field: "file", rule: .fileRequired)]))
        }
        return upload
    }

    private func readMultipart(_ body: SpooledBody, _ parser: MultipartParser, into upload: inout Upload) throws {
        var parser = parser
        var current: IncomingFile?
        var field: (name: String, value: [UInt8])?
        try Self.forEachBlock(of: body) { block in
            do {
                try parser.feed(block) { event in
                    switch event {
                    case .begin(let part) where part.isFile:
                        guard upload.files.count < maxFiles else {
                            throw Refusal(Problems.validation([FieldError(field: "file", rule: .filesPerRequest, values: ["max": String(maxFiles)])]))
                        }
                        current = try IncomingFile(blobs: blobs, name: Self.cleanName(part.filename), maxBytes: maxFileBytes)
                    case .begin(let part):
                        field = (part.name ?? "", [])
                    case .data(let bytes):
                        if let current {
                            try current.feed(bytes)
                        } else if field != nil {
                            field!.value.append(contentsOf: bytes)
                            guard field!.value.count <= 8192 else {
                                throw Refusal(
                                    Problems.badRequest(Message(.formFieldTooLong, ["name": .text(field!.name)]), slug: "malformed-multipart"))
                            }
                        }
                    case .end:
                        if let file = current {
                            let (described, staged) = try file.finish()
                            upload.files.append(described)
                            upload.staged.append(staged)
                        }
                        if let text = field, text.name == "note" { upload.note = String(decoding: text.value, as: UTF8.self) }
                        current = nil
                        field = nil
                    }
                }
            } catch let malformed as MultipartParser.Malformed {
                throw Refusal(Problems.badRequest(Message(.multipartMalformed, ["reason": .text("\(malformed)")]), slug: "malformed-multipart"))
            }
        }
        do { try parser.finish() } catch {
            throw Refusal(Problems.badRequest(Message(.multipartMalformed, ["reason": .text("\(error)")]), slug: "malformed-multipart"))
        }
    }

    /// Calls `body` with the spooled body's bytes, 64 KiB at a time.
    static func forEachBlock(of spooled: SpooledBody, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor = open(spooled.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw UploadFailure.unreadable(spooled.path, errno) }
        defer { close(descriptor) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { block.deallocate() }
        while true {
            let count = Glibc.read(descriptor, block.baseAddress, block.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw UploadFailure.unreadable(spooled.path, errno) }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: block[0..<count]))
        }
    }

    /// A file name as shown: the last path component, no control characters, at most 120
    /// characters; `file` when nothing is left.
    static func cleanName(_ raw: String?) -> String {
        var name = raw ?? ""
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        name = String(
            String.UnicodeScalarView(
                name.unicodeScalars.filter {
                    !$0.properties.isDefaultIgnorableCodePoint
                        && $0.properties.generalCategory != .control && $0.properties.generalCategory != .format
                }))
        name = name.trimmingCharacters(in: .whitespaces)
        if name.count > 120 { name = String(name.prefix(120)) }
        return name.isEmpty || name == "." || name == ".." ? "file" : name
    }
}

/// An upload that failed on the server's side (→ 500 with the request id; logged).
enum UploadFailure: Error, CustomStringConvertible {
    case unreadable(String, Int32)

    var description: String {
        switch self {
        case .unreadable(let path, let code): return "cannot read the spooled body \(path): errno \(code)"
        }
    }
}
