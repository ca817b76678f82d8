import Foundation
import Testing

@testable import ComplaintDomain

/// The rules written out again, independently of `WorkflowPolicy` and `ComplaintStatus.actions`,
/// for an important complaint (so approval is required and a follow-up visit is due).
enum Expectation: Equatable {
    case allowed, forbidden, invalidTransition

    static let roles: [Action: Set<Role>] = [
        .assess: [.director, .manager, .admin],
        .dispatch: [.receptionist, .supervisor, .director, .manager, .admin],
        .acknowledge: [.handler, .departmentHead, .admin],
        .progress: [.handler, .departmentHead, .admin, .receptionist, .supervisor],
        .resolve: [.handler, .departmentHead, .admin],
        .approve: [.supervisor, .manager, .admin],  // important: supervisor or manager (admin always)
        .reply: [.receptionist, .supervisor, .admin],
        .visit: [.receptionist, .supervisor, .admin],
        .close: [.receptionist, .supervisor, .manager, .admin],
        .extend: [.manager, .admin],
        .link: [.receptionist, .supervisor, .director, .manager, .admin],
        .upgrade: [.director, .manager, .admin],
        .opinion: [.supervisor, .admin],
        .confirm: [.receptionist, .supervisor, .admin],
    ]

    static func statusAllows(_ status: ComplaintStatus, _ action: Action) -> Bool {
        let watch: Set<Action> = [.link, .extend, .upgrade]
        switch status {
        case .received: return action == .assess || action == .opinion || watch.contains(action)
        case .assessed: return action == .dispatch || action == .opinion || watch.contains(action)
        case .explained: return action == .close
        case .dispatched: return action == .acknowledge || action == .progress || action == .opinion || watch.contains(action)
        case .inProgress: return action == .progress || action == .resolve || action == .opinion || watch.contains(action)
        case .resolved: return action == .approve || watch.contains(action)  // important: approval first
        case .approved: return action == .reply || watch.contains(action)
        case .replied: return action == .visit || action == .confirm || watch.contains(action)
        case .visited: return action == .close || action == .visit || action == .confirm  // visit = the follow-up
        case .closed: return action == .visit
        }
    }

    static func of(_ status: ComplaintStatus, _ action: Action, _ role: Role) -> Expectation {
        guard roles[action]!.contains(role) else { return .forbidden }
        return statusAllows(status, action) ? .allowed : .invalidTransition
    }
}

/// A valid input for each action, so only status and role can refuse it.
func sampleCommand(_ action: Action, for complaint: Complaint) -> Command {
    let id = complaint.id
    switch action {
    case .assess: return .assess(id: id, AssessmentInput(valid: true, severity: .important))
    case .dispatch: return .dispatch(id: id, DispatchInput(department: .engineering, handler: "h1"))
    case .acknowledge: return .acknowledge(id: id, NoteInput())
    case .progress: return .progress(id: id, ProgressInput(text: "已到场", public: true))
    case .resolve: return .resolve(id: id, ResolutionInput(measures: "m", result: "r"))
    case .approve: return .approve(id: id, NoteInput())
    case .reply: return .reply(id: id, ReplyInput(content: "已处理"))
    case .visit: return .visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone))
    case .close: return .close(id: id, CloseInput(cause: "c", lessons: "l", preventiveAction: "p"))
    case .extend:
        let running = complaint.deadlines.all.first { $0.deadline.metAt == nil }
        return .extend(
            id: id,
            ExtensionInput(
                clock: running?.kind ?? .dispatch, dueAt: (running?.deadline.dueAt ?? start).addingTimeInterval(3600),
                reason: "业主出差"))
    case .link: return .link(id: id, LinkInput(incidentID: "INC-1"))
    case .upgrade: return .upgrade(id: id, NoteInput(note: "业主多次投诉"))
    case .opinion: return .opinion(id: id, OpinionInput(text: "请工程部今日到场"))
    case .confirm:
        return .confirm(id: id, ConfirmationInput(solved: true, satisfied: true, signedForm: complaint.attachments.first?.file.sha256))
    }
}

/// A photo of the signed form, so a paper confirmation has something to name.
let formPhoto = AttachmentFile(sha256: String(repeating: "ab", count: 32), mediaType: "image/jpeg", size: 1024, name: "确认单.jpg")

@Suite("Transition table: every status × action × role")
struct TransitionTableTests {
    @Test(arguments: ComplaintStatus.allCases)
    func everyActionAndRole(status: ComplaintStatus) throws {
        var harness = Harness()
        let id = try harness.make(status)
        if status != .closed { try harness.run(.attach(id: id, AttachInput(files: [formPhoto])), by: Staff.receptionist) }
        let complaint = harness.complaint(id)
        #expect(complaint.status == status)
        for action in Action.allCases {
            for role in Role.allCases {
                let actor = Staff.actor(for: role)
                let expected = Expectation.of(status, action, role)
                let result = harness.attempt(sampleCommand(action, for: complaint), by: actor)
                let label = "\(status) \(action) \(role)"
                switch expected {
                case .allowed:
                    #expect(result.error == nil, "\(label): \(String(describing: result.error))")
                case .forbidden:
                    #expect(result.error?.shortKind == "forbidden", "\(label)")
                case .invalidTransition:
                    guard case .invalidTransition(let current, let allowed)? = result.error?.kind else {
                        Issue.record("\(label): expected invalidTransition, got \(String(describing: result.error))")
                        continue
                    }
                    #expect(current == status, "\(label)")
                    let listed = Set(Action.allCases.filter { Expectation.of(status, $0, role) == .allowed })
                    #expect(Set(allowed) == listed, "\(label)")
                }
                let offered = harness.book.allowedActions(for: complaint, actor: actor).contains(action)
                #expect(offered == (expected == .allowed), "\(label) allowedActions")
            }
        }
    }

    @Test func departmentWorkBelongsToTheDepartment() throws {
        var harness = Harness()
        let id = try harness.make(.dispatched)
        let ack = Command.acknowledge(id: id, NoteInput())
        #expect(harness.attempt(ack, by: Staff.outsider).error?.shortKind == "forbidden")
        #expect(harness.attempt(ack, by: Staff.otherHead).error?.shortKind == "forbidden")
        #expect(harness.attempt(ack, by: Staff.colleague).error == nil)  // any handler of the department
        #expect(harness.attempt(ack, by: Actor(id: "h1", role: .handler)).error == nil)  // the assigned one
        #expect(harness.attempt(ack, by: Staff.head).error == nil)
    }

    @Test func whoeverHandledItMayNotVisit() throws {
        var harness = Harness()
        let id = try harness.make(.replied)
        let visit = Command.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone))
        for actor in [Actor(id: "h1", role: .supervisor), Actor(id: "h1", role: .admin), Staff.handler] {
            #expect(harness.attempt(visit, by: actor).error?.shortKind == "forbidden")
        }
        #expect(harness.attempt(visit, by: Staff.supervisor).error == nil)
    }

    @Test func aColleagueWhoWorkedAnEarlierRoundMayNotVisitEither() throws {
        var h = Harness()
        let id = try h.make(.dispatched)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.colleague)
        try h.run(.resolve(id: id, ResolutionInput(measures: "m", result: "r")), by: Staff.colleague)
        try h.run(.approve(id: id, NoteInput()), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "ok")), by: Staff.receptionist)
        try h.run(.visit(id: id, VisitInput(solved: false, satisfied: false, method: .phone)), by: Staff.supervisor)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        try h.run(.resolve(id: id, ResolutionInput(measures: "m2", result: "r2")), by: Staff.handler)
        try h.run(.approve(id: id, NoteInput()), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "ok")), by: Staff.receptionist)
        let visit = Command.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone))
        #expect(h.attempt(visit, by: Actor(id: "h2", role: .receptionist)).error?.shortKind == "forbidden")
        #expect(h.attempt(visit, by: Staff.supervisor).error == nil)
    }

    @Test func minorComplaintsMayBeRepliedWithoutApprovalUnlessConfigured() throws {
        var harness = Harness()
        let id = try harness.make(.resolved, severity: .minor)
        #expect(harness.attempt(.reply(id: id, ReplyInput(content: "ok")), by: Staff.receptionist).error == nil)
        var policy = WorkflowPolicy()
        policy.approvalRequiredForMinor = true
        var strict = Harness(policy: policy)
        let strictID = try strict.make(.resolved, severity: .minor)
        #expect(strict.attempt(.reply(id: strictID, ReplyInput(content: "ok")), by: Staff.receptionist).error?.shortKind == "invalidTransition")
    }

    /// Roles, actions and statuses hash by their case: every case its own hash, equal values
    /// alike, so the role and status tables find each one.
    @Test func vocabularyCasesHashApart() {
        func distinct<Value: Hashable & CaseIterable>(_: Value.Type) -> Bool {
            let hashes = Value.allCases.map(\.hashValue)
            return Set(hashes).count == hashes.count && Value.allCases.allSatisfy { $0.hashValue == $0.hashValue }
        }
        #expect(distinct(Role.self) && distinct(Action.self) && distinct(ComplaintStatus.self))
        let table = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, $0.rawValue) })
        #expect(Action.allCases.allSatisfy { table[$0] == $0.rawValue })
        #expect(Set(Role.allCases).count == Role.allCases.count)
    }

    /// A permissions table changed in code or read from a configuration file is the one obeyed:
    /// the command and the offered actions follow it (the policy keeps a bit table beside it).
    @Test func changedPermissionsAreObeyed() throws {
        var changed = WorkflowPolicy()
        changed.permissions[.assess] = [.receptionist]
        let decoded = try JSONDecoder().decode(WorkflowPolicy.self, from: Data(#"{"permissions": {"assess": ["receptionist"]}}"#.utf8))
        #expect(decoded == changed)
        for policy in [changed, decoded] {
            var harness = Harness(policy: policy)
            let id = try harness.make(.received)
            let assess = Command.assess(id: id, AssessmentInput(valid: true, severity: .important))
            #expect(harness.attempt(assess, by: Staff.director).error?.shortKind == "forbidden")
            #expect(!harness.book.allowedActions(for: harness.complaint(id), actor: Staff.director).contains(.assess))
            #expect(harness.book.allowedActions(for: harness.complaint(id), actor: Staff.receptionist).contains(.assess))
            #expect(harness.attempt(assess, by: Staff.receptionist).error == nil)
            // Actions the change does not name keep their defaults.
            #expect(policy.permits(.supervisor, .dispatch) && !policy.permits(.owner, .dispatch))
        }
        // The tables hold one bit per action and per role in 32 bits.
        #expect(Action.allCases.count <= 32 && Role.allCases.count <= 32)
    }

    @Test func unknownComplaintIsNotFound() {
        let harness = Harness()
        #expect(harness.attempt(.assess(id: "C2611-000999", AssessmentInput()), by: Staff.director).error?.shortKind == "notFound")
        #expect(harness.attempt(.remind(trackingCode: "nope"), by: Staff.owner).error?.shortKind == "notFound")
    }
}
