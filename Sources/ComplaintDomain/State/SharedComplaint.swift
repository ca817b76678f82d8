/// A whole complaint handed out without copying it: the book's own box, shared until the book
/// changes that complaint again, when the book copies it first (the copy-on-write rule a
/// snapshot relies on, `HotComplaints`).
///
/// A command's answer is written from the complaint its events left. Copied into the change, out
/// of it, into the outcome and into the answer, each copy retained and released some twenty
/// fields: six copies a registration, a tenth of its instructions.
public struct SharedComplaint: @unchecked Sendable {
    // @unchecked Sendable is safe: the book changes a box only when nothing else refers to it
    // (`HotComplaints.uniqueBox`), so a box held here is never changed again.
    let box: HotComplaints.Box

    /// A complaint of its own (not the book's), moved into a box.
    public init(_ complaint: consuming Complaint) {
        box = .make(complaint)
    }

    /// The book's box itself.
    init(box: HotComplaints.Box) {
        self.box = box
    }

    /// What `body` reads from the complaint, borrowed where it lies.
    @inline(__always)
    public func read<Result>(_ body: (borrowing Complaint) throws -> Result) rethrows -> Result {
        try box.read(body)
    }

    /// A copy of the complaint.
    public var complaint: Complaint { box.complaint }
}
