import Foundation

// The paper trail a complaint keeps (issue 10): files as evidence, the supervisor's signed
// handling opinion, the owner's confirmation and signature.

/// A stored file as events name it: the SHA-256 of its bytes (which is where it is stored),
/// its media type (decided from its bytes), its size and the name the client gave.
public struct AttachmentFile: Sendable, Hashable {
    /// 64 lower-case hexadecimal digits.
    public var sha256: String
    /// `image/jpeg`, `image/png`, `image/webp`, `image/heic`, `image/heif` or `application/pdf`.
    public var mediaType: String
    /// Bytes stored (for a JPEG, after its location metadata was removed).
    public var size: Int
    /// The file name sent with it (display only; never a path).
    public var name: String

    /// Creates a file description.
    public init(sha256: String, mediaType: String, size: Int, name: String) {
        self.sha256 = sha256
        self.mediaType = mediaType
        self.size = size
        self.name = name
    }

    /// Whether it is a picture (a photo, a drawn signature) rather than a document.
    public var isImage: Bool { mediaType.hasPrefix("image/") }

    /// Whether `text` has the shape of a SHA-256 name.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}

/// A file added to a complaint: what, by whom, when.
public struct AttachmentRecord: Sendable, Hashable {
    /// The file.
    public var file: AttachmentFile
    /// Who added it (the owner's files have the id `owner`).
    public var by: String
    /// The adder's role: the owner and the intake client add what the owner sent.
    public var role: Role
    /// When.
    public var at: Date
    /// A remark sent with it.
    public var note: String?

    /// Whether a file added by `role` is the owner's: through the tracking code or the intake form.
    public static func isOwners(_ role: Role) -> Bool { role == .owner || role == .intake }
}

/// The supervisor's signed handling opinion (客服主管处理意见, source 001 V.1, VI.1).
public struct HandlingOpinion: Sendable, Hashable {
    /// The opinion.
    public var text: String
    /// Who signed it.
    public var by: String
    /// When.
    public var at: Date
}

/// How an owner's confirmation was signed.
public enum SignatureKind: String, Codable, Sendable, CaseIterable {
    /// Drawn on a phone screen and uploaded as a picture.
    case drawn
    /// The owner's name typed.
    case typed
    /// Signed on the paper form; staff recorded it with a photo of the form.
    case paper
}

/// A signature: how it was given and what it is (a typed name, or a file of the complaint).
public struct Signature: Sendable, Hashable {
    /// How it was given.
    public var kind: SignatureKind
    /// The typed name (typed only).
    public var name: String?
    /// The SHA-256 name of the drawn signature or of the photo of the signed form.
    public var attachment: String?

    /// Creates a signature.
    public init(kind: SignatureKind, name: String? = nil, attachment: String? = nil) {
        self.kind = kind
        self.name = name
        self.attachment = attachment
    }
}

/// The owner's confirmation of the result (source 001 I.5).
public struct OwnerConfirmation: Sendable, Hashable {
    /// "Is it solved?"
    public var solved: Bool
    /// "Are you satisfied?"
    public var satisfied: Bool
    /// What the owner added.
    public var comment: String?
    /// The signature.
    public var signature: Signature
    /// Who recorded it: `owner` through the tracking code, else the staff member.
    public var by: String
    /// When.
    public var at: Date

    /// Solved and satisfied: the owner signed the result off.
    public var isSignOff: Bool { solved && satisfied }
}

extension Complaint {
    /// The file of this complaint named `sha256`, if it has one.
    public func attachment(_ sha256: String) -> AttachmentRecord? {
        attachments.first { $0.file.sha256 == sha256 }
    }

    /// The files the owner may see through the tracking code: what the owner (or the intake
    /// form) sent, and what staff showed them — files of public progress notes, of the result,
    /// of the owner's own confirmations. Internal evidence stays with staff.
    public var ownerVisibleAttachments: [AttachmentRecord] {
        var shown = Set<String>()
        for note in progressNotes where note.isPublic { shown.formUnion(note.attachments) }
        shown.formUnion(resolution?.attachments ?? [])
        for confirmation in confirmations { if let file = confirmation.signature.attachment { shown.insert(file) } }
        return attachments.filter { AttachmentRecord.isOwners($0.role) || shown.contains($0.file.sha256) }
    }

    /// The latest confirmation, when it answers the latest reply.
    public var currentConfirmation: OwnerConfirmation? { confirmedSinceReply ? confirmations.last : nil }
}
