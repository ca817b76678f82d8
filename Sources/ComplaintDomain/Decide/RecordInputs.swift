import Foundation

// Request bodies of the paper trail (issue 10): the supervisor's handling opinion, the owner's
// confirmation and signature, files added to a complaint. Optional fields, as in `Inputs.swift`,
// so `decide` names every missing or bad field at once.

/// The supervisor's signed handling opinion (处理意见, source 001 V.1).
public struct OpinionInput: Sendable, Codable, Hashable {
    /// The opinion (required).
    public var text: String?

    /// Creates the input.
    public init(text: String? = nil) { self.text = text }
}

/// How the owner signs a confirmation through the tracking code: a name typed, or a signature
/// drawn on the phone screen and uploaded as a picture before (exactly one of the two).
public struct SignatureInput: Sendable, Codable, Hashable {
    /// The owner's name as typed.
    public var name: String?
    /// The SHA-256 name of the drawn signature, an image file of the complaint.
    public var attachment: String?

    /// Creates the input.
    public init(name: String? = nil, attachment: String? = nil) {
        self.name = name
        self.attachment = attachment
    }
}

/// The owner's confirmation of the result (source 001 I.5: the customer signs the form).
public struct ConfirmationInput: Sendable, Codable, Hashable {
    /// "Is it solved?" (required).
    public var solved: Bool?
    /// "Are you satisfied?" (required).
    public var satisfied: Bool?
    /// What the owner adds; an unsatisfied owner's words become the new demands.
    public var comment: String?
    /// The owner's signature (required through the tracking code; not given by staff).
    public var signature: SignatureInput?
    /// The photo of the form the owner signed on paper (required when staff record it).
    public var signedForm: String?

    /// Creates the input.
    public init(
        solved: Bool? = nil, satisfied: Bool? = nil, comment: String? = nil, signature: SignatureInput? = nil,
        signedForm: String? = nil
    ) {
        self.solved = solved
        self.satisfied = satisfied
        self.comment = comment
        self.signature = signature
        self.signedForm = signedForm
    }
}

/// Files to add to a complaint: already stored (content-addressed) by the service, which
/// refuses anything else before it gets here.
public struct AttachInput: Sendable, Hashable {
    /// The files, in the order they were sent.
    public var files: [AttachmentFile]
    /// A remark about them.
    public var note: String?

    /// Creates the input.
    public init(files: [AttachmentFile], note: String? = nil) {
        self.files = files
        self.note = note
    }
}
