import ComplaintDomain
import Dispatch
import EventStore
import Foundation
import HTTP1
import JSONCodec
import Media

#if canImport(Glibc)
    import Glibc
#endif

/// Photos and documents as evidence (issue 10): uploads by staff (`/v1/complaints/{id}/attachments`)
/// and by the owner through the tracking code (`/v1/track/{code}/attachments`), and the files
/// served back with the same authorization as the complaint.
///
/// An upload's body arrives in a file (the route spools it); it is read, checked, stripped and
/// hashed on a worker queue, its files are synced under `pending/` before the record naming
/// them is appended, and they move into the store once that record is durable.
struct AttachmentsAPI: Sendable {
    let core: ComplaintCore
    let auth: Authenticator
    let blobs: BlobStore
    let limits: AttachmentLimits

    /// Where uploads are read and files are served from: never an event loop.
    static let queue = DispatchQueue(label: "complaintd.attachments", qos: .userInitiated, attributes: .concurrent)
    private static let owner = Actor(id: "owner", role: .owner, department: nil)

    /// How an upload route receives its body.
    var reception: BodyReception { .file(directory: blobs.temporaryDirectory, maxBytes: limits.maxRequestBytes) }

    // MARK: uploads

    /// `POST /v1/complaints/{id}/attachments`: staff of the complaint's scope, or the intake client that registered it.
    func staffUpload(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.caller(request)
        let id = request.pathParameters["id"] ?? ""
        // The console sends the version it shows (If-Match) and carries on from the ETag answered:
        // adding a photo is a change of the complaint like any other.
        let expected = Self.expectedVersion(request.headers["if-match"])
        upload(request, later, link: "/v1/complaints/\(id)/attachments/", showsAdder: true) { input, blobsToCommit, completion in
            core.submit(
                .attach(id: id, input), actor: principal.actor, scope: principal.scope, expectedVersion: expected,
                beforeApply: Self.committing(blobsToCommit, in: blobs), completion: completion)
        }
        return nil
    }

    /// `POST /v1/track/{trackingCode}/attachments`: the owner, with the tracking code only.
    func ownerUpload(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        upload(request, later, link: "/v1/track/\(code)/attachments/", showsAdder: false) { input, blobsToCommit, completion in
            core.submit(
                .attachByOwner(trackingCode: code, input), actor: Self.owner, scope: .unrestricted,
                beforeApply: Self.committing(blobsToCommit, in: blobs), completion: completion)
        }
        return nil
    }

    private typealias Submit = @Sendable (AttachInput, [StagedBlob], @escaping @Sendable (Result<CommandOutcome, CommandFailure>) -> Void) -> Void

    /// `showsAdder`: staff see who added a file; the owner never sees staff ids.
    private func upload(_ request: HTTPRequest, _ later: ResponseLater, link: String, showsAdder: Bool, submit: @escaping @Sendable Submit) {
        guard let body = request.spooledBody else {
            later.fail(Refusal(Problems.badRequest(Message(.uploadWithoutBody))))
            return
        }
        let reader = UploadReader(blobs: blobs, maxFileBytes: limits.maxFileBytes, maxFiles: limits.maxPerComplaint)
        let contentType = request.headers["content-type"]
        let name = request.queryValue("name") ?? request.headers["content-disposition"].flatMap { MediaTypeHeader($0)?.fileName }
        let blobs = self.blobs
        Self.queue.async {
            let upload: Upload
            do {
                upload = try reader.read(body, contentType: contentType, name: name)
            } catch {
                later.fail(error)
                return
            }
            CrashPoint.attachmentStaged.reach()
            submit(AttachInput(files: upload.files, note: upload.note), upload.staged) { result in
                // Refused, or every file already known (no record written): the staged copies go.
                if case .success(let outcome) = result, !outcome.events.isEmpty {} else { blobs.discard(upload.staged) }
                later.respond {
                    let complaint = try result.get().complaint
                    let records = upload.files.compactMap { complaint?.attachment($0.sha256) }
                    var w = JSONWriter(capacity: 256 * records.count + 64)
                    w.beginObject()
                    w.memberArray("files") { w in for record in records { AttachmentJSON.write(record, link: link, showsAdder: showsAdder, into: &w) }
                    }
                    w.endObject()
                    var headers = records.first.map { [("Location", link + $0.file.sha256)] } ?? []
                    if showsAdder, let complaint { headers.append(("ETag", Problems.etag(complaint.version))) }
                    return HTTPResponse.json(201, w.bytes, headers: headers)
                }
            }
        }
    }

    /// The version an `If-Match` names (`"7"`, `W/"7"`, `7`); nil without one or for `*`; -1
    /// (never a version: 412) for anything else.
    static func expectedVersion(_ header: String?) -> Int? {
        guard let match = header?.trimmingCharacters(in: .whitespaces), match != "*" else { return nil }
        let digits = match.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return Int(digits) ?? -1
    }

    /// Moves an upload's files into the store once its record is durable.
    private static func committing(_ staged: [StagedBlob], in blobs: BlobStore) -> @Sendable () -> Void {
        {
            CrashPoint.attachmentAppended.reach()
            blobs.commit(staged)
        }
    }

    // MARK: downloads

    /// `GET /v1/complaints/{id}/attachments/{sha256}`: whoever may read the complaint.
    func staffDownload(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let principal = try auth.staffReader(request, reading: "complaints")
        let id = request.pathParameters["id"] ?? ""
        guard let found = try core.complaint(id: id, actor: principal.actor, within: principal.scope).get() else {
            throw Refusal(Problems.notFound(Message(domain: .noComplaint, ["id": id])))
        }
        return try serve(found.complaint.attachment(request.pathParameters["sha256"] ?? ""), request, later)
    }

    /// `GET /v1/track/{trackingCode}/attachments/{sha256}`: the files the owner may see.
    func ownerDownload(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        guard let complaint = try core.complaint(trackingCode: code).get() else {
            throw Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:])))
        }
        let sha256 = request.pathParameters["sha256"] ?? ""
        return try serve(complaint.ownerVisibleAttachments.first { $0.file.sha256 == sha256 }, request, later)
    }

    /// The file's bytes with its type, a strong ETag (its hash) and `Cache-Control: private`.
    private func serve(_ record: AttachmentRecord?, _ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        guard let record else { throw Refusal(Problems.notFound(Message(.noSuchFile))) }
        let etag = "\"\(record.file.sha256)\""
        let headers = [
            ("ETag", etag), ("Cache-Control", "private, max-age=86400"), ("X-Content-Type-Options", "nosniff"),
            ("Content-Disposition", AttachmentJSON.disposition(record.file)),
            ("Content-Security-Policy", "default-src 'none'; sandbox"),
        ]
        if let match = request.headers["if-none-match"],
            match.split(separator: ",").contains(where: {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == etag || tag == "*"
            })
        {
            return HTTPResponse(status: 304, headers: headers)
        }
        guard let path = blobs.path(of: record.file.sha256) else { throw AttachmentMissing(sha256: record.file.sha256) }
        Self.queue.async {
            guard let bytes = Self.contents(of: path, size: record.file.size) else {
                later.fail(AttachmentMissing(sha256: record.file.sha256))
                return
            }
            later.respond(HTTPResponse(status: 200, contentType: record.file.mediaType, headers: headers, body: bytes))
        }
        return nil
    }

    /// The file's bytes read straight into the response body (one copy of a 10 MiB photo in
    /// memory, not the two of `Data` then `Array`); nil unless exactly `size` bytes are there.
    private static func contents(of path: String, size: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    failed = true
                    return
                }
                initialized += count
            }
        }
        return failed ? nil : bytes
    }
}

/// A recorded file is not in the store (never expected: files are synced before their record);
/// a 500 naming the request id, with the hash in the log.
struct AttachmentMissing: Error, CustomStringConvertible {
    let sha256: String
    var description: String { "the recorded file \(sha256) is missing from the attachment store" }
}
