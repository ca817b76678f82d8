import ComplaintDomain
import Digest
import EventStore
import HTTP1
import Media

/// One file of an upload on its way into the blob store: its kind is decided from its first
/// bytes, a picture (JPEG, PNG, WebP, HEIC) loses its location metadata, and what is kept is hashed and written
/// as it passes — never held whole in memory.
final class IncomingFile {
    private let writer: BlobWriter
    private let name: String
    private let maxBytes: Int
    private var prefix: [UInt8] = []
    private var kind: MediaKind?
    private var stripper: (any MetadataStripping)?
    private var hasher = SHA256()
    /// Bytes received (before stripping): what the size limit counts.
    private(set) var received = 0

    init(blobs: BlobStore, name: String, maxBytes: Int) throws {
        self.writer = try blobs.makeWriter()
        self.name = name
        self.maxBytes = maxBytes
    }

    /// The next bytes of the file.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        received += bytes.count
        guard received <= maxBytes else {
            throw Refusal(
                Problems.response(
                    status: 413, slug: "file-too-large",
                    detail: Message(.fileTooLarge, ["name": .text(name), "max": .text(String(maxBytes))])))
        }
        if kind != nil { return try pass(bytes) }
        prefix.append(contentsOf: bytes)
        if prefix.count >= MediaSniffer.prefixLength { try decide() }
    }

    /// The file ended: checks it, syncs it under `pending/` and describes it.
    func finish() throws -> (file: AttachmentFile, staged: StagedBlob) {
        if kind == nil { try decide() }
        if let stripper {
            do { try stripper.finish() } catch { throw malformed("\(error)") }
        }
        let sha256 = hexString(hasher.finalize())
        let staged = try writer.stage(as: sha256)
        return (AttachmentFile(sha256: sha256, mediaType: kind!.mediaType, size: writer.size, name: name), staged)
    }

    private func decide() throws {
        guard let found = prefix.withUnsafeBytes({ MediaSniffer.sniff($0) }) else {
            throw Refusal(Problems.validation([FieldError(field: "file", rule: .notAcceptedFile, values: ["name": name])]))
        }
        kind = found
        switch found {
        case .jpeg: stripper = JPEGMetadataStripper()
        case .png: stripper = ChunkMetadataStripper(.png)
        case .webp: stripper = ChunkMetadataStripper(.webp)
        case .heic, .heif: stripper = HEIFMetadataBlanker()
        case .pdf: stripper = nil
        }
        let buffered = prefix
        prefix = []
        try buffered.withUnsafeBytes { try pass($0) }
    }

    private func pass(_ bytes: UnsafeRawBufferPointer) throws {
        guard var filter = stripper else { return try keep(bytes) }
        var failure: Error?
        do {
            try filter.feed(bytes) { kept in
                guard failure == nil else { return }
                do { try keep(kept) } catch { failure = error }
            }
        } catch {
            throw malformed("\(error)")
        }
        stripper = filter
        if let failure { throw failure }
    }

    private func keep(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        try writer.write(bytes)
    }

    private func malformed(_ reason: String) -> Refusal {
        let kind = [MediaKind.jpeg: "JPEG", .png: "PNG", .webp: "WebP", .heic: "HEIC", .heif: "HEIF"][self.kind ?? .jpeg] ?? "picture"
        return Refusal(
            Problems.validation([FieldError(field: "file", rule: .malformedPicture, values: ["name": name, "kind": kind, "reason": reason])]))
    }
}
