/// The complaints a book holds whole, by slot, stored so that a copy costs next to nothing and a
/// change after it copies only what it touches.
///
/// A snapshot takes a copy-on-write share of the state under the service's lock and streams it
/// out while commands go on. Held in one `[Int32: Complaint]`, the next command after it copied
/// the whole dictionary under the lock, retaining every field of every open complaint: about
/// 100 ms at 100 k open complaints (`ComplaintBench stall 100000`), a stall for every request
/// waiting on the lock, once per snapshot.
///
/// Here slots are grouped by 1,024 into arrays of boxes. A copy shares every group; a change
/// after it copies the array of groups (one reference per 1,024 slots), the one group it touches
/// (1,024 references) and, only while the copy still holds it, the one complaint it changes.
public struct HotComplaints: @unchecked Sendable {
    // @unchecked Sendable is safe: a box (not Sendable, as no `ManagedBuffer` is) is changed
    // only through `uniqueBox`, when no other copy refers to it (the copy-on-write rule of the
    // standard collections), and never leaves the store but as a copy of its complaint.
    /// One whole complaint, shared between copies until one of them changes it.
    ///
    /// The complaint lies in the box's own allocation, after its header (whether it is held),
    /// reached through a pointer, so a reader borrows it where it lies: read through a class's
    /// stored property (an optional, as before) every access copied the whole complaint,
    /// retaining each of its fields, to read one of them. One allocation, not a box and a
    /// separate storage block: a replay's first touch of a complaint at each event is one cache
    /// line, not two far apart.
    final class Box: ManagedBuffer<Bool, Complaint> {
        /// A box holding `complaint`.
        static func make(_ complaint: consuming Complaint) -> Box {
            let box = unsafeDowncast(Box.create(minimumCapacity: 1) { _ in true }, to: Box.self)
            box.storage.initialize(to: complaint)
            return box
        }

        deinit {
            if header { storage.deinitialize(count: 1) }
        }

        /// Where the complaint lies: in this object's allocation, valid while it lives.
        private var storage: UnsafeMutablePointer<Complaint> { withUnsafeMutablePointerToElements { $0 } }

        /// False only while `evolve` holds the complaint out of it.
        private var isHeld: Bool {
            get { header }
            set { header = newValue }
        }

        /// The complaint (a copy, as a dictionary's subscript gives).
        var complaint: Complaint { read { copy $0 } }

        /// What `body` reads from the complaint, borrowed where it lies.
        @inline(__always)
        func read<Result>(_ body: (borrowing Complaint) throws -> Result) rethrows -> Result {
            precondition(isHeld, "a complaint taken out of its box was read")
            return try body(storage.pointee)
        }

        /// Moves the complaint out, so it is changed as a local value: reading a large struct
        /// through a class's stored property copies it at every call it is passed to.
        func take() -> Complaint {
            precondition(isHeld, "a complaint was taken out of its box twice")
            isHeld = false
            return storage.move()
        }

        /// Moves `complaint` in.
        func put(_ complaint: consuming Complaint) {
            if isHeld { storage.deinitialize(count: 1) }
            storage.initialize(to: complaint)
            isHeld = true
        }

        /// Runs `body` on the complaint where it lies (moving it out and back in copied its
        /// bytes twice, at every event of a replay).
        func update<Result>(_ body: (inout Complaint) -> Result) -> Result {
            precondition(isHeld, "a complaint taken out of its box was changed")
            return body(&storage.pointee)
        }
    }

    /// Slots per group: 1,024 (copying a full group retains 1,024 references, a few µs).
    static var groupShift: Int { 10 }
    private static var groupSize: Int { 1 << groupShift }

    /// The groups by `slot >> groupShift`, each a box per slot of its range (nil: not held), and
    /// how many each holds. A group holding nothing allocates nothing: a group of 1,024 slots is
    /// 8 KB while it holds any, and is freed when its last complaint leaves. (Held in hashed
    /// dictionaries, groups rehashed as they grew, 3 % of a replay's fold, and kept their grown
    /// tables once emptied: about 24 bytes per complaint ever registered.)
    private var groups: [[Box?]] = []
    private var held: [Int32] = []
    /// How many complaints are held.
    public private(set) var count = 0

    /// Creates an empty store.
    public init() {}

    /// Whether no complaint is held.
    public var isEmpty: Bool { count == 0 }

    /// The complaint at `slot`, or nil when it is not held whole; setting nil lets it go.
    public subscript(slot: Int32) -> Complaint? {
        get { box(slot)?.complaint }
        set {
            if let newValue { insert(newValue, at: slot) } else { remove(slot) }
        }
    }

    /// Whether the complaint at `slot` is held whole.
    public func contains(_ slot: Int32) -> Bool { box(slot) != nil }

    /// What `body` reads from the complaint at `slot`; nil when it is not held.
    public func withComplaint<Result>(_ slot: Int32, _ body: (borrowing Complaint) throws -> Result) rethrows -> Result? {
        guard let box = box(slot) else { return nil }
        return try box.read(body)
    }

    /// The slots held, ascending.
    public var slots: [Int32] {
        var slots: [Int32] = []
        slots.reserveCapacity(count)
        for (group, boxes) in groups.enumerated() {
            let first = Int32(group << Self.groupShift)
            for (index, box) in boxes.enumerated() where box != nil { slots.append(first + Int32(index)) }
        }
        return slots
    }

    /// Holds `complaint` whole at `slot`, replacing what was there.
    public mutating func insert(_ complaint: consuming Complaint, at slot: Int32) {
        insert(Box.make(complaint), at: slot)
    }

    /// Holds the complaint in `box` at `slot` (the box may be shared with a `SharedComplaint`:
    /// the store then copies it before changing it, as it does for a snapshot's copy).
    mutating func insert(_ box: Box, at slot: Int32) {
        let (group, index) = Self.place(of: slot)
        while groups.count <= group {
            groups.append([])
            held.append(0)
        }
        if groups[group].isEmpty { groups[group] = Array(repeating: nil, count: Self.groupSize) }
        if groups[group][index] == nil {
            held[group] += 1
            count += 1
        }
        groups[group][index] = box
    }

    /// Lets the complaint at `slot` go.
    public mutating func remove(_ slot: Int32) {
        let (group, index) = Self.place(of: slot)
        guard group < groups.count, !groups[group].isEmpty, groups[group][index] != nil else { return }
        count -= 1
        held[group] -= 1
        if held[group] == 0 {
            groups[group] = []
        } else {
            groups[group][index] = nil
        }
    }

    /// The box of the complaint at `slot`, referred to by this store alone (copied first when a
    /// copy of the store still shares it), so it may be changed in place; nil when not held.
    mutating func uniqueBox(_ slot: Int32) -> Box? {
        let (group, index) = Self.place(of: slot)
        guard group < groups.count, !groups[group].isEmpty else { return nil }
        return Self.unique(&groups[group][index])
    }

    /// `box` itself when nothing else refers to it, else a fresh copy put in its place.
    private static func unique(_ box: inout Box?) -> Box? {
        guard box != nil else { return nil }
        if !isKnownUniquelyReferenced(&box!) { box = Box.make(box!.complaint) }
        return box
    }

    private func box(_ slot: Int32) -> Box? {
        let (group, index) = Self.place(of: slot)
        guard group < groups.count, !groups[group].isEmpty else { return nil }
        return groups[group][index]
    }

    /// Where the complaint at `slot` lies, for a hint to the CPU only (never read through); nil
    /// when it is not held. Reads the box's address without retaining it: a retain writes to the
    /// box, the very memory the hint is to bring in.
    func address(of slot: Int32) -> UnsafeRawPointer? {
        let (group, index) = Self.place(of: slot)
        guard group < groups.count, !groups[group].isEmpty else { return nil }
        let bits = groups[group].withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress! + index).load(as: UInt.self) }
        return UnsafeRawPointer(bitPattern: bits)
    }

    /// The group of `slot` and its index there.
    private static func place(of slot: Int32) -> (group: Int, index: Int) {
        (Int(slot) >> groupShift, Int(slot) & (groupSize - 1))
    }
}

extension HotComplaints: Sequence {
    /// Every complaint held, with its slot, in ascending slots.
    public struct Iterator: IteratorProtocol {
        private let groups: [[Box?]]
        private var group = 0
        private var index = 0

        init(_ groups: [[Box?]]) { self.groups = groups }

        /// The next slot and complaint.
        public mutating func next() -> (slot: Int32, complaint: Complaint)? {
            while group < groups.count {
                let boxes = groups[group]
                while index < boxes.count {
                    defer { index += 1 }
                    if let box = boxes[index] { return (Int32((group << HotComplaints.groupShift) + index), box.complaint) }
                }
                group += 1
                index = 0
            }
            return nil
        }
    }

    /// Iterates every complaint held.
    public func makeIterator() -> Iterator { Iterator(groups) }

    /// The number held.
    public var underestimatedCount: Int { count }
}
