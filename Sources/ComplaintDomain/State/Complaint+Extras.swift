import Foundation

/// The rarely filled or late parts of a complaint, boxed so a fresh complaint stays small.
struct ComplaintExtras: Sendable, Hashable {
    var incidentTime: Date?
    var incidentPlace: String?
    var complaintObject: String?
    var requestedBy: Date?
    var repeatOf: String?
    var incidentHint: String?
    var reclassifiedFrom: Nature?
    var explanation: String?
    var resolution: Resolution?
    var approval: Approval?
    var reply: Reply?
    var visitDueAt: Date?
    var followUpDueAt: Date?
    var unsatisfiedCount: Int = 0
    var reminderCount: Int = 0
    var lastReminderAt: Date?
    var extensionCount: Int = 0
    var closing: ClosingSummary?
    var attachments: [AttachmentRecord] = []
    var handlingOpinion: HandlingOpinion?
    var confirmations: [OwnerConfirmation] = []
    var confirmedSinceReply = false

    /// Copy-on-write storage: nil until a field is set, compared by value.
    struct Storage: Sendable, Hashable {
        private(set) var box: Box?

        /// The values, or all defaults when nothing was ever set.
        var value: ComplaintExtras { box?.value ?? ComplaintExtras() }

        /// Mutates the values in place, copying the box first when it is shared.
        @inline(__always)
        mutating func update(_ body: (inout ComplaintExtras) -> Void) {
            if box == nil {
                box = Box(ComplaintExtras())
            } else if !isKnownUniquelyReferenced(&box) {
                box = Box(box!.value)
            }
            body(&box!.value)
        }

        /// Sets one field; setting a default on empty storage allocates nothing. Inlined, so the
        /// key path (a literal at every caller) folds into a plain store.
        @inline(__always)
        mutating func set<Value: Equatable>(
            _ field: WritableKeyPath<ComplaintExtras, Value>, to newValue: Value, default: Value
        ) {
            if box == nil && newValue == `default` { return }
            update { $0[keyPath: field] = newValue }
        }

        static func == (lhs: Storage, rhs: Storage) -> Bool { lhs.value == rhs.value }

        func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }
    }

    /// The heap cell. `@unchecked Sendable` is safe: `value` is only mutated after an
    /// `isKnownUniquelyReferenced` check (copy-on-write), so no other thread can hold it then.
    final class Box: @unchecked Sendable {
        var value: ComplaintExtras
        init(_ value: ComplaintExtras) { self.value = value }

        /// Whether the latest confirmation signed the result off and was on paper (nil without
        /// one), read where it lies: the report facts of every event need only these two, and
        /// a getter on `value` copied the whole extras first.
        var latestConfirmationFacts: (signOff: Bool, onPaper: Bool)? {
            value.confirmations.withUnsafeBufferPointer { confirmations in
                guard let latest = confirmations.indices.last else { return nil }
                return (confirmations[latest].isSignOff, confirmations[latest].signature.kind == .paper)
            }
        }
    }
}

extension Complaint {
    /// When the incident happened, if given.
    public var incidentTime: Date? {
        get { extras.box?.value.incidentTime ?? nil }
        set { extras.set(\.incidentTime, to: newValue, default: nil) }
    }

    /// Where the incident happened, if given.
    public var incidentPlace: String? {
        get { extras.box?.value.incidentPlace ?? nil }
        set { extras.set(\.incidentPlace, to: newValue, default: nil) }
    }

    /// The person, team or facility complained about.
    public var complaintObject: String? {
        get { extras.box?.value.complaintObject ?? nil }
        set { extras.set(\.complaintObject, to: newValue, default: nil) }
    }

    /// The owner's requested time for a minor complaint.
    public var requestedBy: Date? {
        get { extras.box?.value.requestedBy ?? nil }
        set { extras.set(\.requestedBy, to: newValue, default: nil) }
    }

    /// An earlier complaint at the same unit and category within the repeat window.
    public var repeatOf: String? {
        get { extras.box?.value.repeatOf ?? nil }
        set { extras.set(\.repeatOf, to: newValue, default: nil) }
    }

    /// An incident key an intake client suggested, for staff to confirm with `link`.
    public var incidentHint: String? {
        get { extras.box?.value.incidentHint ?? nil }
        set { extras.set(\.incidentHint, to: newValue, default: nil) }
    }

    /// The nature before a mishandled help or consulting complaint became dissatisfaction.
    public var reclassifiedFrom: Nature? {
        get { extras.box?.value.reclassifiedFrom ?? nil }
        set { extras.set(\.reclassifiedFrom, to: newValue, default: nil) }
    }

    /// The polite explanation for an invalid or out-of-scope complaint.
    public var explanation: String? {
        get { extras.box?.value.explanation ?? nil }
        set { extras.set(\.explanation, to: newValue, default: nil) }
    }

    /// The latest result reported by the department.
    public var resolution: Resolution? {
        get { extras.box?.value.resolution ?? nil }
        set { extras.set(\.resolution, to: newValue, default: nil) }
    }

    /// The latest approval of the result.
    public var approval: Approval? {
        get { extras.box?.value.approval ?? nil }
        set { extras.set(\.approval, to: newValue, default: nil) }
    }

    /// The latest reply to the owner.
    public var reply: Reply? {
        get { extras.box?.value.reply ?? nil }
        set { extras.set(\.reply, to: newValue, default: nil) }
    }

    /// When a (retried) return visit becomes due, while one is pending.
    public var visitDueAt: Date? {
        get { extras.box?.value.visitDueAt ?? nil }
        set { extras.set(\.visitDueAt, to: newValue, default: nil) }
    }

    /// When the follow-up visit is due, while one is pending.
    public var followUpDueAt: Date? {
        get { extras.box?.value.followUpDueAt ?? nil }
        set { extras.set(\.followUpDueAt, to: newValue, default: nil) }
    }

    /// How many visits found the owner unsolved or unsatisfied.
    public var unsatisfiedCount: Int {
        get { extras.box?.value.unsatisfiedCount ?? 0 }
        set { extras.set(\.unsatisfiedCount, to: newValue, default: 0) }
    }

    /// How many times the owner chased it (催办).
    public var reminderCount: Int {
        get { extras.box?.value.reminderCount ?? 0 }
        set { extras.set(\.reminderCount, to: newValue, default: 0) }
    }

    /// The last time the owner chased it.
    public var lastReminderAt: Date? {
        get { extras.box?.value.lastReminderAt ?? nil }
        set { extras.set(\.lastReminderAt, to: newValue, default: nil) }
    }

    /// How many deadline extensions were granted.
    public var extensionCount: Int {
        get { extras.box?.value.extensionCount ?? 0 }
        set { extras.set(\.extensionCount, to: newValue, default: 0) }
    }

    /// The lessons recorded at closing.
    public var closing: ClosingSummary? {
        get { extras.box?.value.closing ?? nil }
        set { extras.set(\.closing, to: newValue, default: nil) }
    }

    /// Every file added to the complaint, oldest first.
    public var attachments: [AttachmentRecord] {
        get { extras.box?.value.attachments ?? [] }
        set { extras.set(\.attachments, to: newValue, default: []) }
    }

    /// The supervisor's latest signed handling opinion.
    public var handlingOpinion: HandlingOpinion? {
        get { extras.box?.value.handlingOpinion ?? nil }
        set { extras.set(\.handlingOpinion, to: newValue, default: nil) }
    }

    /// Every confirmation the owner signed, oldest first (one per round of handling at most).
    public var confirmations: [OwnerConfirmation] {
        get { extras.box?.value.confirmations ?? [] }
        set { extras.set(\.confirmations, to: newValue, default: []) }
    }

    /// Whether the owner confirmed the latest reply (a new reply after reprocessing asks again).
    public var confirmedSinceReply: Bool {
        get { extras.box?.value.confirmedSinceReply ?? false }
        set { extras.set(\.confirmedSinceReply, to: newValue, default: false) }
    }
}
