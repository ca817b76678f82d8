import JSONCodec

/// SplitMix64: small, fast, seeded, so every run writes the same file.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes event-log lines shaped like complaintd's: a few complaints at a time go through
/// registration, assessment, dispatch, progress, resolution and closing.
struct LogGenerator {
    var random = SeededGenerator(state: 2611)
    var sequence: UInt64 = 0
    var clock: Int64 = 1_763_800_000_123
    var complaints = 0

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "欧阳", "司马"]
    static let givenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"]
    static let estates = ["翠苑小区", "金色家园", "阳光花园", "锦绣华庭", "绿城桂花园", "滨江一号", "西溪诚园", "东方郡", "Riverside Garden", "万科城"]
    static let phrases = [
        "楼上漏水导致我家卫生间天花板发霉，", "电梯经常停运，老人上下楼非常不便。", "小区绿化带长期无人修剪，", "地下车库照明灯坏了很久，",
        "物业费收取标准不透明，", "夜间装修噪音扰民，影响孩子休息。", "垃圾清运不及时，气味很大，", "门禁卡无法使用，多次报修无人处理。",
        "The elevator in building 3 has been out of service since Monday. ", "Water leaks from the ceiling after heavy rain. ",
        "请尽快安排人员处理，谢谢！", "已经多次反映，至今未果。", "保安夜间巡逻不到位，", "消防通道被私家车长期占用，",
        "“业主群”里大家都在抱怨这个问题，", "希望物业给一个书面答复。\n", "Please call me back after 6 pm. ", "雨后地库积水严重，",
    ]
    static let notes = ["已联系维修班组，预计明天上门。", "材料已到，正在施工。", "已与业主电话沟通，业主表示理解。", "Parts ordered; technician booked for Friday.", "现场查看后确认为公共管道问题。"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    mutating func text(characters: ClosedRange<Int>) -> String {
        let target = Int.random(in: characters, using: &random)
        var text = ""
        while text.count < target { text += pick(Self.phrases) }
        return String(text.prefix(target))
    }

    mutating func actor(_ role: Role) -> Actor {
        Actor(
            id: "u\(Int.random(in: 1000...9999, using: &random))", role: role,
            department: role == .handler ? pick([.engineering, .cleaningGreening, .orderSecurity]) : nil)
    }

    /// The lines for one complaint's life, in order (4 to 8 events).
    mutating func complaintLines(into writer: inout JSONWriter) {
        complaints += 1
        let id = "C2611-" + String(repeating: "0", count: max(0, 6 - String(complaints).count)) + String(complaints)
        var events: [EventData] = []
        var registered = Registered()
        registered.header = EventHeader(complaintID: id, at: clock, actor: actor(.receptionist))
        registered.sequence = complaints
        registered.trackingCode = String(UInt64.random(in: 100_000_000...999_999_999, using: &random), radix: 36).uppercased()
        registered.channel = pick([.phone, .visit, .online, .other])
        registered.complainant = Complainant(
            name: pick(Self.surnames) + pick(Self.givenNames),
            phone: "1\(Int.random(in: 3...9, using: &random))\(Int.random(in: 100_000_000...999_999_999, using: &random))",
            estate: pick(Self.estates), building: "\(Int.random(in: 1...30, using: &random))幢",
            unit: "\(Int.random(in: 1...4, using: &random))单元\(Int.random(in: 1...33, using: &random))0\(Int.random(in: 1...4, using: &random))")
        registered.content = text(characters: 50...300)
        registered.demands = chance(60) ? text(characters: 10...40) : nil
        registered.incidentTime = chance(50) ? clock - Int64.random(in: 0...604_800_000, using: &random) : nil
        registered.incidentPlace = chance(40) ? "\(registered.complainant.building)楼道" : nil
        registered.category = chance(70) ? pick([.engineering, .cleaningGreening, .orderSecurity, .customerService]) : nil
        registered.repeatOf = chance(5) ? "C2611-000001" : nil
        registered.dispatchDueAt = clock + 1_800_000
        events.append(.registered(registered))

        var assessed = Assessed()
        assessed.header = EventHeader(complaintID: id, at: clock + 600_000, actor: actor(.director))
        assessed.severity = pick([.minor, .minor, .important, .major])
        assessed.nature = chance(50) ? "服务质量" : nil
        assessed.isUrgent = chance(10)
        assessed.clocks = [ArmedClock(kind: .resolve, dueAt: clock + 259_200_000)]
        if assessed.severity == .major { assessed.clocks.append(ArmedClock(kind: .majorAnswer, dueAt: clock + 7_200_000)) }
        assessed.autoUpgradeAt = assessed.severity == .major ? nil : clock + 604_800_000
        events.append(.assessed(assessed))

        var dispatched = Dispatched()
        dispatched.header = EventHeader(complaintID: id, at: clock + 900_000, actor: actor(.manager))
        dispatched.department = pick([.engineering, .cleaningGreening, .orderSecurity])
        dispatched.handler = "u\(Int.random(in: 1000...9999, using: &random))"
        dispatched.note = chance(50) ? pick(Self.notes) : nil
        events.append(.dispatched(dispatched))

        for step in 0..<Int.random(in: 0...3, using: &random) {
            var progress = ProgressNoted()
            progress.header = EventHeader(complaintID: id, at: clock + 3_600_000 * Int64(step + 1), actor: actor(.handler))
            progress.text = pick(Self.notes) + (chance(30) ? text(characters: 20...80) : "")
            progress.isPublic = chance(50)
            events.append(.progressNoted(progress))
        }

        var resolved = Resolved()
        resolved.header = EventHeader(complaintID: id, at: clock + 86_400_000, actor: actor(.handler))
        resolved.measures = text(characters: 20...80)
        resolved.result = pick(["已修复", "已处理完毕", "Fixed and verified with the owner."])
        resolved.remaining = chance(20) ? "待业主确认" : nil
        resolved.onSpot = chance(10)
        resolved.replyDueAt = clock + 172_800_000
        events.append(.resolved(resolved))

        var closed = Closed()
        closed.header = EventHeader(complaintID: id, at: clock + 259_200_000, actor: actor(.manager))
        closed.satisfaction = chance(80) ? Int.random(in: 1...5, using: &random) : nil
        closed.remark = chance(30) ? "业主满意" : nil
        closed.clearedClocks = [.resolve, .reply]
        events.append(.closed(closed))

        for (index, event) in events.enumerated() {
            sequence += 1
            let record = EventRecord(
                seq: sequence, ts: clock + Int64(index), type: event.typeName, stream: id,
                crc32c: String(UInt32.random(in: 0x1000_0000...UInt32.max, using: &random), radix: 16),
                data: event)
            record.encode(to: &writer)
            writer.newline()
        }
        clock += Int64.random(in: 1_000...120_000, using: &random)
    }
}

extension EventData {
    var typeName: EventType {
        switch self {
        case .registered: return .registered
        case .assessed: return .assessed
        case .dispatched: return .dispatched
        case .progressNoted: return .progressNoted
        case .resolved: return .resolved
        case .closed: return .closed
        }
    }
}
