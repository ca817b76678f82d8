import Foundation

@testable import ComplaintDomain

/// Fixed people and a fixed start, so every test reads the same way.
enum Staff {
    static let owner = Actor(id: "owner-1", role: .owner)
    static let receptionist = Actor(id: "r1", role: .receptionist)
    static let supervisor = Actor(id: "s1", role: .supervisor)
    static let director = Actor(id: "d1", role: .director)
    static let handler = Actor(id: "h1", role: .handler, department: .engineering)
    static let colleague = Actor(id: "h2", role: .handler, department: .engineering)
    static let outsider = Actor(id: "h9", role: .handler, department: .cleaningGreening)
    static let head = Actor(id: "dh1", role: .departmentHead, department: .engineering)
    static let otherHead = Actor(id: "dh9", role: .departmentHead, department: .cleaningGreening)
    static let manager = Actor(id: "m1", role: .manager)
    static let leader = Actor(id: "l1", role: .leader)
    static let admin = Actor(id: "a1", role: .admin)
    static let intake = Actor(id: "i1", role: .intake)
    static let system = Actor(id: "scheduler", role: .system)

    /// One actor per role; handler and department head belong to the dispatched department.
    static func actor(for role: Role) -> Actor {
        switch role {
        case .owner: return owner
        case .receptionist: return receptionist
        case .supervisor: return supervisor
        case .director: return director
        case .handler: return handler
        case .departmentHead: return head
        case .manager: return manager
        case .leader: return leader
        case .admin: return admin
        case .intake: return intake
        case .system: return system
        }
    }
}

/// 2026-11-02 09:00 in Shanghai (01:00 UTC), a Monday morning.
let start = Date(timeIntervalSince1970: 1_793_581_200)

func registration(
    unit: String = "1201", phone: String = "13800138000", estate: String = "阳光花园", building: String = "3栋",
    content: String = "电梯停运两天无人处理", category: Department? = .engineering, incidentKey: String? = nil,
    channel: Channel = .phone, requestedBy: Date? = nil, onSpot: OnSpotInput? = nil
) -> RegistrationInput {
    RegistrationInput(
        channel: channel,
        complainant: ComplainantInput(name: "张三", phone: phone, estate: estate, building: building, unit: unit),
        content: content, demands: "尽快修复", category: category, incidentKey: incidentKey,
        requestedBy: requestedBy, resolvedOnSpot: onSpot)
}

/// A state plus a moving clock: decides, then evolves, as the service does after the fsync —
/// including bringing a closed (cold) complaint back whole from its events before a command.
struct Harness {
    var state: ComplaintState
    var log: [DomainEvent] = []
    var now: Date

    init(policy: WorkflowPolicy = WorkflowPolicy(), now: Date = start) {
        state = ComplaintState(policy: policy)
        self.now = now
    }

    /// The book (read only; `run` changes it).
    var book: ComplaintBook { state.book }

    @discardableResult
    mutating func run(_ command: Command, by actor: Actor) throws -> [DomainEvent] {
        let target = Self.bringBack(command, into: &state, from: log)
        let events: [DomainEvent]
        do {
            events = try state.book.decide(command, by: actor, now: now).get()
        } catch {
            if let target { state.book.release(slot: target) }
            throw error
        }
        for event in events {
            if let slot = state.book.needsHistory(event) { state.book.hydrate(Self.fold(state.book.id(ofSlot: slot), log)!) }
            state.evolve(event)
        }
        log += events
        if let target { state.book.release(slot: target) }
        return events
    }

    func attempt(_ command: Command, by actor: Actor) -> Result<[DomainEvent], DomainError> {
        var copy = state
        _ = Self.bringBack(command, into: &copy, from: log)
        return copy.book.decide(command, by: actor, now: now)
    }

    /// Hydrates the cold complaint a command addresses, as the service does; returns its slot.
    static func bringBack(_ command: Command, into state: inout ComplaintState, from log: [DomainEvent]) -> Int? {
        let slot: Int?
        if case .remind(let code) = command, case .cold(let found, _) = state.book.lookup(trackingCode: code) {
            slot = found
        } else if let id = command.complaintID, state.book.isCold(id: id) {
            slot = state.book.slot(of: id)
        } else {
            slot = nil
        }
        guard let slot else { return nil }
        state.book.hydrate(fold(state.book.id(ofSlot: slot), log)!)
        return slot
    }

    /// The complaint folded from the events of `id`.
    static func fold(_ id: String, _ log: [DomainEvent]) -> Complaint? {
        Complaint.folding(log.lazy.filter { $0.complaintID == id })
    }

    mutating func advance(_ seconds: Double) { now = now.addingTimeInterval(seconds) }

    mutating func register(_ input: RegistrationInput = registration(), by actor: Actor = Staff.receptionist) throws -> String {
        let sequence = book.nextSequence
        let events = try run(.register(input, sequence: sequence, trackingCode: "T\(sequence)"), by: actor)
        return events[0].complaintID
    }

    /// The complaint, whole: from memory when hot, folded from its events when cold.
    func complaint(_ id: String) -> Complaint { book.complaint(id: id) ?? Self.fold(id, log)! }

    /// The supervisor signs the handling opinion (required before dispatching important and major ones).
    mutating func signOpinion(_ id: String) throws {
        try run(.opinion(id: id, OpinionInput(text: "请工程部今日到场处理")), by: Staff.supervisor)
    }

    /// Drives a new complaint of `severity` to `status` along the happy path.
    mutating func make(_ status: ComplaintStatus, severity: Severity = .important) throws -> String {
        let id = try register()
        if status == .received { return id }
        if status == .explained {
            try run(.assess(id: id, AssessmentInput(valid: false, explanation: "属于市政供水")), by: Staff.director)
            return id
        }
        try run(.assess(id: id, AssessmentInput(valid: true, severity: severity, nature: .dissatisfaction)), by: Staff.director)
        if book.policy.opinionRequiredFor.contains(severity) {
            try signOpinion(id)
        }
        if status == .assessed { return id }
        try run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        if status == .dispatched { return id }
        try run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        if status == .inProgress { return id }
        try run(.resolve(id: id, ResolutionInput(measures: "更换电机", result: "已恢复运行")), by: Staff.handler)
        if status == .resolved { return id }
        if book.policy.requiresApproval(severity) { try run(.approve(id: id, NoteInput()), by: Staff.manager) }
        if status == .approved { return id }
        try run(.reply(id: id, ReplyInput(content: "电梯已修复")), by: Staff.receptionist)
        if status == .replied { return id }
        try run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        if status == .visited { return id }
        try run(.close(id: id, CloseInput(cause: "电机老化", lessons: "加强巡检", preventiveAction: "季度保养")), by: Staff.supervisor)
        return id
    }
}

extension DomainError {
    /// The kind without its payload, for compact expectations.
    var shortKind: String {
        switch kind {
        case .notFound: return "notFound"
        case .forbidden: return "forbidden"
        case .invalidTransition: return "invalidTransition"
        case .validation: return "validation"
        case .rateLimited: return "rateLimited"
        case .conflict: return "conflict"
        case .missingStep: return "missingStep"
        }
    }
}

extension Result where Failure == DomainError {
    var error: DomainError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension Harness {
    /// One page of a listing as ids, reading cold complaints' text from the events as the service
    /// reads it from the log.
    func list(_ query: ComplaintQuery, within scope: AccessScope = .unrestricted) -> Result<(ids: [String], next: String?), DomainError> {
        let log = self.log
        let book = self.book
        return state.list(query, within: scope, coldText: { Self.fold(book.id(ofSlot: $0), log)?.content }).map { page in
            (page.slots.map { book.id(ofSlot: $0) }, page.nextCursor)
        }
    }

    /// Every complaint, whole, newest first.
    var everyComplaint: [Complaint] {
        (0..<book.count).reversed().map { complaint(book.id(ofSlot: $0)) }
    }
}

extension Harness {
    /// The announcements of a period, built from the listed slots as the service builds them.
    func announcements(
        from: Date, to: Date, estate: String?, stage: AnnouncementStage = .received,
        limit: Int
    ) -> (items: [PublicAnnouncement], more: Bool) {
        let (slots, more) = state.announcedSlots(from: from, to: to, estate: estate, stage: stage, limit: limit)
        return (slots.map { PublicAnnouncement(complaint(book.id(ofSlot: $0))) }, more)
    }
}
