import ComplaintDomain

/// What a complaint is about, with everything the workflow says about it: the owning department,
/// the usual nature and severity, the season it peaks in, and the words owners and staff use.
///
/// Templates take placeholders filled per complaint (see `TextFiller`): {b} building, {s} stair
/// (单元), {u} unit, {f} floor, {n} a small count, {d} days, {w} when, {t} a late hour.
struct Topic: Sendable {
    var key: String
    var department: Department
    var contentType: ContentType
    /// Relative share of all complaints.
    var weight: Double
    var season: Season = .flat
    /// Factor on the share between 21:00 and 01:00 (noise complaints come at night).
    var lateEvening: Double = 1
    /// Dissatisfaction, help seeking, consulting.
    var natures: [Double] = [6, 3, 1]
    /// Minor, important, major.
    var severities: [Double] = [72, 25, 3]
    /// Chance a front-desk or phone complaint is settled at once (当场解决).
    var onSpot: Double = 0.05
    /// Chance it is outside the company's responsibility.
    var outOfScope: Double = 0.02
    /// Whether one event can make many owners complain (a cut, a breakdown).
    var incident: Bool = false
    var objects: [String] = []
    var places: [String] = []
    /// What owners report, each with what the department does about it.
    var cases: [Case]
    var english: [String] = []
    var demands: [String]
    var causes: [String]
    var preventions: [String]
    var notes: [String]
}

/// One kind of matter: the owner's words, the measures taken and the result reported.
struct Case: Sendable {
    var content: String
    var measure: String
    var result: String

    init(_ content: String, _ measure: String, _ result: String) {
        self.content = content
        self.measure = measure
        self.result = result
    }
}

/// Monthly volume profiles (January first).
enum Season: Sendable {
    case flat, summer, winter, greenery, billing

    var months: [Double] {
        switch self {
        case .flat: return [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
        case .summer: return [0.7, 0.7, 0.8, 0.9, 1.1, 1.5, 1.7, 1.6, 1.2, 0.9, 0.8, 0.7]
        case .winter: return [2.2, 1.8, 1.2, 0.4, 0.15, 0.1, 0.1, 0.1, 0.2, 0.6, 1.6, 2.2]
        case .greenery: return [0.6, 0.6, 1.0, 1.3, 1.4, 1.3, 1.2, 1.1, 1.0, 0.9, 0.7, 0.6]
        case .billing: return [1.6, 1.0, 0.9, 0.9, 0.9, 1.0, 1.4, 1.0, 0.9, 0.9, 0.9, 1.1]
        }
    }
}

/// All topics and the draw tables built from them once.
struct TopicCatalog: Sendable {
    let topics: [Topic]
    /// Draw tables per month (0–11) and late evening (index 12 + month).
    private let tables: [CumulativeWeights]

    init() {
        topics = TopicCatalog.engineering + TopicCatalog.community + TopicCatalog.service
        var tables: [CumulativeWeights] = []
        for late in [false, true] {
            for month in 0..<12 {
                tables.append(
                    CumulativeWeights(
                        topics.map {
                            $0.weight * $0.season.months[month] * (late ? $0.lateEvening : 1)
                        }))
            }
        }
        self.tables = tables
    }

    /// The relative volume of each month, from the topics' seasons.
    var monthlyVolume: [Double] {
        let total = topics.reduce(0) { $0 + $1.weight }
        return (0..<12).map { month in topics.reduce(0) { $0 + $1.weight * $1.season.months[month] } / total }
    }

    /// Draws a topic index for a complaint received at local `month` (1–12) and `hour`.
    func draw(month: Int, hour: Int, _ rng: inout SplitMix) -> Int {
        let late = hour >= 21 || hour < 1
        return tables[(late ? 12 : 0) + month - 1].index(at: rng.unit())
    }

    /// Topics that can turn into an incident with many owners.
    var incidentTopics: [Int] { topics.indices.filter { topics[$0].incident } }
}

/// Fills a template's placeholders from one complaint's unit and a random source.
struct TextFiller {
    var building: String
    var unit: String
    var floor: Int

    static let whens = ["这周", "最近几天", "今天", "昨天晚上", "这个月", "连续几天", "今天早上", "前天"]
    static let lateHours = ["晚上十点多", "晚上11点", "晚上11点半", "凌晨12点", "凌晨1点", "夜里十二点多", "晚上十点半"]

    func fill(_ template: String, _ rng: inout SplitMix) -> String {
        // A byte scan: `contains` on String goes through Foundation's locale-aware search.
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var iterator = template.makeIterator()
        while let c = iterator.next() {
            guard c == "{", let key = iterator.next(), iterator.next() == "}" else {
                out.append(c)
                continue
            }
            switch key {
            case "b": out += building
            case "s": out += String(1 + rng.next(3))
            case "u": out += unit
            case "f": out += String(floor)
            case "n": out += ["两", "三", "四", "好几"][rng.next(4)]
            case "d": out += String(2 + rng.next(9))
            case "w": out += rng.pick(TextFiller.whens)
            case "t": out += rng.pick(TextFiller.lateHours)
            default: out.append(key)
            }
        }
        return out
    }
}
