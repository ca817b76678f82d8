// ComplaintBench: makes a realistic data directory of N complaints for complaintd (through the
// domain's own decide/apply, written with the event store), and measures the escalation
// scheduler with N armed deadlines.
//
//   ComplaintBench generate DIR N    events for N complaints, most of them moved along the workflow
//   ComplaintBench scheduler N       fold N registrations, then time nextDeadline / dueDeadlines
//   ComplaintBench report N          fold N complaints over 60 days, then time weekly/daily reports
//   ComplaintBench announce N        time one page of N redacted public announcements
import ComplaintDomain
import EventStore
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: ComplaintBench generate DIR N | scheduler N")
    exit(2)
}

struct Generator {
    var rng = SplitMix(seed: 20261122)
    let estates = ["翠苑小区", "Green Court", "金色家园", "Riverside Gardens", "阳光花园", "Maple Heights", "世纪城", "Harbour View"]
    let contents = [
        "3号楼电梯本周停了两次，老人上下楼很不方便", "The lift in building %d has stopped twice this week",
        "楼道灯坏了一个月没人修", "Garbage has not been collected for three days near gate 2",
        "地下车库有外来车辆占用业主车位", "Noise from the renovation next door continues after 10 pm",
        "保安态度恶劣，对业主大声呵斥", "Water leaking from the ceiling of the bathroom after rain",
        "小区绿化带长期无人修剪", "The front desk staff were rude when I asked about the fee bill",
    ]
    let names = ["李伟", "王芳", "张敏", "Chen Jing", "刘洋", "Zhao Lei", "孙丽", "Wu Hao"]

    mutating func input() -> RegistrationInput {
        let estate = estates[rng.next(estates.count)]
        let building = String(1 + rng.next(30))
        let unit = String(100 * (1 + rng.next(30)) + 1 + rng.next(4))
        let content = String(format: contents[rng.next(contents.count)], 1 + rng.next(30))
        let phone = "13" + String(format: "%09d", rng.next(1_000_000_000))
        return RegistrationInput(
            channel: [Channel.phone, .visit, .online, .other][rng.next(4)],
            complainant: ComplainantInput(name: names[rng.next(names.count)], phone: phone, estate: estate, building: building, unit: unit),
            content: content, demands: rng.next(2) == 0 ? "尽快处理 / please fix soon" : nil,
            category: Department.allCases[rng.next(Department.allCases.count)])
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ bound: Int) -> Int { Int(nextRaw() % UInt64(bound)) }
}

func encoder() -> JSONEncoder {
    let e = JSONEncoder()
    e.dateEncodingStrategy = .millisecondsSince1970
    e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return e
}

func generate(directory: String, count: Int) throws {
    var configuration = StoreConfiguration(directory: directory)
    configuration.fsyncPolicy = .never
    let store = try EventStore.open(configuration, now: { Int64(Date().timeIntervalSince1970 * 1000) }, log: { _, _, _ in })
    var book = ComplaintBook(policy: WorkflowPolicy())
    book.reserveCapacity(count)
    var generator = Generator()
    let enc = encoder()
    let director = Actor(id: "dora", role: .director)
    let receptionist = Actor(id: "rita", role: .receptionist)
    let handler = Actor(id: "hank", role: .handler, department: .engineering)
    let manager = Actor(id: "mona", role: .manager)
    let start = Date()
    var pending: [NewRecord] = []
    var written = 0
    let group = DispatchGroup()
    // Receipts spread over the last 60 days, in order.
    let origin = Date().addingTimeInterval(-60 * 86400)
    func flush() {
        guard !pending.isEmpty else { return }
        group.enter()
        store.append(pending) { result in
            if case .failure(let error) = result { fatalError("append failed: \(error)") }
            group.leave()
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }
    func run(_ command: Command, _ actor: Actor, _ now: Date) {
        guard case .success(let events) = book.decide(command, by: actor, now: now) else { return }
        for event in events {
            book.evolve(event)
            pending.append(NewRecord(type: event.typeName, stream: event.complaintID, payload: Array(try! enc.encode(event))))
        }
    }
    for i in 0..<count {
        let now = origin.addingTimeInterval(Double(i) * 60 * 86400 / Double(count))
        let code = String(format: "%016llx%016llx", generator.rng.nextRaw(), generator.rng.nextRaw())
        run(.register(generator.input(), sequence: book.nextSequence, trackingCode: code), receptionist, now)
        let id = book.complaint(trackingCode: code)!.id
        let depth = generator.rng.next(10)  // how far along the workflow this one got
        if depth >= 2 {
            run(.assess(id: id, AssessmentInput(valid: true, inScope: true, severity: [.minor, .important, .major][generator.rng.next(3)],
                                                nature: .dissatisfaction, contentType: .equipment, category: .engineering)), director, now.addingTimeInterval(60))
        }
        if depth >= 3 { run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "hank")), receptionist, now.addingTimeInterval(120)) }
        if depth >= 4 { run(.acknowledge(id: id, NoteInput()), handler, now.addingTimeInterval(300)) }
        if depth >= 5 { run(.resolve(id: id, ResolutionInput(measures: "更换零件 / replaced the part", result: "已修复 / fixed")), handler, now.addingTimeInterval(3600)) }
        if depth >= 6 { run(.approve(id: id, NoteInput()), manager, now.addingTimeInterval(4000)) }
        if depth >= 7 { run(.reply(id: id, ReplyInput(content: "已处理完毕")), receptionist, now.addingTimeInterval(5000)) }
        if depth >= 8 { run(.visit(id: id, VisitInput(outcome: .reachable, solved: true, satisfied: true, method: .phone)), receptionist, now.addingTimeInterval(20000)) }
        if depth >= 9 { run(.close(id: id, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: "每月检查")), receptionist, now.addingTimeInterval(30000)) }
        if pending.count >= 4096 { flush() }
        if i % 100_000 == 0 && i > 0 { print("  \(i) complaints, \(written) events, \(Int(Date().timeIntervalSince(start))) s") }
    }
    flush()
    group.wait()
    store.close()
    print("generated \(count) complaints, \(written) events in \(String(format: "%.1f", Date().timeIntervalSince(start))) s into \(directory)")
}

func measureScheduler(count: Int) {
    var book = ComplaintBook(policy: WorkflowPolicy())
    book.reserveCapacity(count)
    var generator = Generator()
    let receptionist = Actor(id: "rita", role: .receptionist)
    let origin = Date()
    let t0 = Date()
    for i in 0..<count {
        let now = origin.addingTimeInterval(Double(i) * 0.001)
        let code = String(format: "%016llx%016llx", generator.rng.nextRaw(), generator.rng.nextRaw())
        if case .success(let events) = book.decide(.register(generator.input(), sequence: book.nextSequence, trackingCode: code), by: receptionist, now: now) {
            book.evolve(events)
        }
    }
    let fold = Date().timeIntervalSince(t0)
    var t = Date()
    var next: Date?
    for _ in 0..<1000 { next = book.nextDeadline }
    let nextCost = Date().timeIntervalSince(t) / 1000
    t = Date()
    let noneDue = book.dueDeadlines(now: origin)
    let emptyScan = Date().timeIntervalSince(t)
    t = Date()
    let due = book.dueDeadlines(now: origin.addingTimeInterval(600 + 1))  // the first second's worth of dispatch clocks
    let dueCost = Date().timeIntervalSince(t)
    print(String(format: "scheduler: %d armed dispatch deadlines; fold %.2f s; nextDeadline %.2f µs (%@); dueDeadlines with none due %.3f ms (%d); with %d due %.3f ms",
                 count, fold, nextCost * 1e6, next.map { "\($0)" } ?? "-", emptyScan * 1000, noneDue.count, due.count, dueCost * 1000))
}

switch arguments[1] {
case "generate":
    guard arguments.count >= 4, let n = Int(arguments[3]) else { print("usage: ComplaintBench generate DIR N"); exit(2) }
    try generate(directory: arguments[2], count: n)
case "report":
    guard let n = Int(arguments[2]) else { exit(2) }
    measureReports(count: n)
case "announce":
    guard let n = Int(arguments[2]) else { exit(2) }
    measureAnnouncements(count: n)
case "scheduler":
    guard let n = Int(arguments[2]) else { exit(2) }
    measureScheduler(count: n)
default:
    print("unknown command \(arguments[1])")
    exit(2)
}
