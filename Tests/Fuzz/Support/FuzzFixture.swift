// Shared by the fuzz harnesses: a small book holding one complaint at every step of the
// workflow, so a fuzzed command or query meets every state.
import ComplaintDomain
import Foundation

public enum FuzzFixture {
    /// 2026-11-22T15:56:43Z, the harnesses' "now".
    public static let now = Date(timeIntervalSince1970: 1_795_363_003)
    /// Takes any action.
    public static let admin = Actor(id: "root", role: .admin)

    /// The state and its complaint ids: received, assessed, dispatched, in progress, resolved,
    /// approved, replied, visited, closed, explained; two estates, owners with phones in text.
    /// `log` holds every event, to fold the closed (cold) ones back as the service reads them.
    public static let book: (state: ComplaintState, ids: [String], log: [DomainEvent]) = {
        var state = ComplaintState(policy: WorkflowPolicy())
        var log: [DomainEvent] = []
        var ids: [String] = []
        let staff = [
            "receptionist": Actor(id: "rita", role: .receptionist), "director": Actor(id: "dora", role: .director),
            "handler": Actor(id: "hank", role: .handler, department: .engineering), "manager": Actor(id: "mona", role: .manager),
            "supervisor": Actor(id: "sue", role: .supervisor),
        ]
        let steps: [(String, (String) -> Command)] = [
            ("director", { .assess(id: $0, AssessmentInput(valid: true, severity: .important, category: .engineering)) }),
            // Important: the supervisor's opinion comes before dispatch (issue 10).
            ("supervisor", { .opinion(id: $0, OpinionInput(text: "请工程部今日到场处理")) }),
            ("receptionist", { .dispatch(id: $0, DispatchInput(department: .engineering, handler: "hank")) }),
            ("handler", { .acknowledge(id: $0, NoteInput(note: "收到")) }),
            ("handler", { .resolve(id: $0, ResolutionInput(measures: "联系李伟 138 0013 8000 上门", result: "1202 已修好")) }),
            ("manager", { .approve(id: $0, NoteInput()) }),
            ("receptionist", { .reply(id: $0, ReplyInput(content: "已修好")) }),
            ("supervisor", { .visit(id: $0, VisitInput(outcome: .reachable, solved: true, satisfied: true, method: .phone)) }),
            ("supervisor", { .close(id: $0, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: "每月检查")) }),
        ]
        var time = now.addingTimeInterval(-3600)
        func run(_ command: Command, _ actor: Actor) {
            guard case .success(let events) = state.book.decide(command, by: actor, now: time) else { return }
            for event in events { state.evolve(event) }
            log += events
            time = time.addingTimeInterval(1)
        }
        for depth in 0...steps.count {
            let estate = depth % 2 == 0 ? "阳光花园" : "翠苑小区"
            let input = RegistrationInput(
                channel: .phone,
                complainant: ComplainantInput(name: "李伟", phone: "13800138000", estate: estate, building: "3栋", unit: "1202"),
                content: "李 伟（3栋1202，电话１３８００１３８０００）：电梯停运", incidentTime: now.addingTimeInterval(-86_400),
                category: .engineering)
            run(.register(input, sequence: state.book.nextSequence, trackingCode: "fuzz\(depth)"), staff["receptionist"]!)
            let id = state.book.complaint(trackingCode: "fuzz\(depth)")!.id
            ids.append(id)
            for (role, command) in steps.prefix(depth) { run(command(id), staff[role]!) }
        }
        let invalid = RegistrationInput(
            channel: .online, complainant: ComplainantInput(name: "王芳", phone: "021-62345678", estate: "阳光花园", building: "5栋", unit: "301"),
            content: "无效投诉")
        run(.register(invalid, sequence: state.book.nextSequence, trackingCode: "fuzz-explained"), staff["receptionist"]!)
        let explained = state.book.complaint(trackingCode: "fuzz-explained")!.id
        run(.assess(id: explained, AssessmentInput(valid: false, explanation: "不属于物业范围")), staff["director"]!)
        ids.append(explained)
        return (state, ids, log)
    }()

    /// The complaint at `slot`, whole: from memory, or folded from the log when closed.
    public static func whole(_ slot: Int) -> Complaint {
        let id = book.state.book.id(ofSlot: slot)
        return book.state.book.complaint(id: id) ?? Complaint.folding(book.log.filter { $0.complaintID == id })!
    }
}
