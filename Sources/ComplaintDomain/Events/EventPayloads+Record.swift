import Foundation

// Payloads of the paper trail (issue 10): files added, the handling opinion signed, the owner's
// confirmation.

extension DomainEvent {
    /// Files were added to the complaint. They were stored (and synced) before this event was
    /// written, so no recorded event names a missing file.
    public struct AttachmentsAdded: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// Who added them: staff, the intake client, or the owner.
        public var actor: Actor
        /// The files, in the order sent.
        public var files: [AttachmentFile]
        /// A remark sent with them.
        public var note: String?
    }

    /// The supervisor signed the handling opinion.
    public struct OpinionSigned: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The supervisor.
        public var actor: Actor
        /// The opinion.
        public var text: String
    }

    /// The owner confirmed the result and signed (through the tracking code, or on paper as
    /// staff recorded it). An unsolved or unsatisfied confirmation is followed by `Reprocessed`.
    public struct OwnerConfirmed: Sendable, Hashable {
        /// The complaint.
        public var complaintID: String
        /// When.
        public var at: Date
        /// The owner, or the staff member who recorded the paper form.
        public var actor: Actor
        /// "Is it solved?"
        public var solved: Bool
        /// "Are you satisfied?"
        public var satisfied: Bool
        /// What the owner added.
        public var comment: String?
        /// The signature.
        public var signature: Signature
    }
}
