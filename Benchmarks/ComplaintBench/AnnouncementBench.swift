import ComplaintDomain
import Foundation

/// `ComplaintBench announce N`: times one page of N public announcements (投诉公示), each built
/// from a closed complaint whose free texts are full of personal data to redact; then the same
/// with every text at the 5,000-character limit.
func measureAnnouncements(count: Int) {
    let policy = WorkflowPolicy()
    let staff = (
        receptionist: Actor(id: "rita", role: .receptionist), director: Actor(id: "dora", role: .director),
        handler: Actor(id: "hank", role: .handler, department: .engineering), manager: Actor(id: "mona", role: .manager),
        supervisor: Actor(id: "sue", role: .supervisor)
    )
    let origin = Date(timeIntervalSince1970: 1_790_000_000)
    let typical =
        "业主李伟（3栋1202，电话１３８ ００１３ ８０００，微信 liwei_1988）反映：3号楼电梯本周停了两次，2026-11-02 09:30 起困人十分钟。"
        + "邻居王芳 021-6234 5678、邮箱 wangfang@example.com 也可作证，车牌沪A12345 的车主在场。维修费120元由物业承担。"
    func page(_ text: String, _ other: String) -> [Complaint] {
        var state = ComplaintState(policy: policy)
        var log: [String: [DomainEvent]] = [:]
        for i in 0..<count {
            let now = origin.addingTimeInterval(Double(i) * 600)
            func run(_ command: Command, _ actor: Actor) {
                switch state.book.decide(command, by: actor, now: now) {
                case .success(let events):
                    state.evolve(events)
                    for event in events { log[event.complaintID, default: []].append(event) }
                case .failure(let error): fatalError("\(error)")
                }
            }
            let code = String(format: "bench%06d", i)
            let input = RegistrationInput(
                channel: .phone,
                complainant: ComplainantInput(
                    name: "李伟", phone: "13800138000", estate: "阳光花园", building: "3栋", unit: "1202"), content: text, category: .engineering)
            run(.register(input, sequence: state.book.nextSequence, trackingCode: code), staff.receptionist)
            let id = state.book.complaint(trackingCode: code)!.id
            run(.assess(id: id, AssessmentInput(valid: true, severity: .minor)), staff.director)
            run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "hank")), staff.receptionist)
            run(.acknowledge(id: id, NoteInput()), staff.handler)
            run(.resolve(id: id, ResolutionInput(measures: other, result: other)), staff.handler)
            run(.approve(id: id, NoteInput()), staff.manager)
            run(.reply(id: id, ReplyInput(content: "已修复")), staff.receptionist)
            run(.visit(id: id, VisitInput(outcome: .reachable, solved: true, satisfied: true, method: .phone)), staff.supervisor)
            run(.close(id: id, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: other)), staff.supervisor)
        }
        // Closed complaints are out of memory: fold each from its events, as the service reads them from the log.
        return state.announcedSlots(from: origin, to: origin.addingTimeInterval(1e9), estate: nil, stage: .closed, limit: count).slots
            .map { Complaint.folding(log[state.book.id(ofSlot: $0)] ?? [])! }
    }
    func time(_ label: String, _ complaints: [Complaint]) {
        var samples: [Double] = []
        for _ in 0..<21 {
            let t = Date()
            let items = complaints.map(PublicAnnouncement.init)
            samples.append(Date().timeIntervalSince(t) * 1000)
            precondition(items.count == complaints.count && !items[0].matter.contains("1202"))
        }
        samples.sort()
        let characters =
            complaints.first.map { c in
                [c.content, c.resolution?.measures ?? "", c.resolution?.result ?? "", c.closing?.preventiveAction ?? ""].map(\.count).reduce(0, +)
            } ?? 0
        print(
            String(
                format: "  %@: %d announcements (%d characters of free text each) median %.2f ms, max %.2f ms",
                label, complaints.count, characters, samples[10], samples[20]))
    }
    print("announce: one page of \(count) closed complaints")
    time("typical texts", page(typical, typical))
    let long = String(repeating: typical, count: 40)
    time("texts at their limits (5,000 and 3 × 2,000)", page(String(long.prefix(5000)), String(long.prefix(2000))))
}
