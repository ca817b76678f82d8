/// The words of the report CSV tables: titles, section names and column headers (列名).
enum ReportWords: String, Sendable, CaseIterable {
    case titleDaily = "report.titleDaily"
    case titleWeekly = "report.titleWeekly"
    case titleMonthly = "report.titleMonthly"
    case period = "report.period"
    case from = "report.from"
    case to = "report.to"
    case timeZone = "report.timeZone"
    case estate = "report.estate"
    case allEstates = "report.allEstates"
    case estatesInScope = "report.estatesInScope"
    case sectionSummary = "report.sectionSummary"
    case metric = "report.metric"
    case value = "report.value"
    case received = "report.received"
    case closed = "report.closed"
    case openAtEnd = "report.openAtEnd"
    case repeated = "report.repeated"
    case sectionChannel = "report.sectionChannel"
    case channel = "report.channel"
    case count = "report.count"
    case share = "report.share"
    case sectionCategory = "report.sectionCategory"
    case category = "report.category"
    case notAssessed = "report.notAssessed"
    case sectionSeverity = "report.sectionSeverity"
    case severity = "report.severity"
    case sectionNature = "report.sectionNature"
    case nature = "report.nature"
    case sectionStatus = "report.sectionStatus"
    case status = "report.status"
    case sectionBuilding = "report.sectionBuilding"
    case building = "report.building"
    case sectionClocks = "report.sectionClocks"
    case clock = "report.clock"
    case onTime = "report.onTime"
    case late = "report.late"
    case overdue = "report.overdue"
    case running = "report.running"
    case onTimeRate = "report.onTimeRate"
    case sectionDurations = "report.sectionDurations"
    case completed = "report.completed"
    case median = "report.median"
    case p90 = "report.p90"
    case timeToDispatch = "report.timeToDispatch"
    case timeToResolve = "report.timeToResolve"
    case sectionRates = "report.sectionRates"
    case numerator = "report.numerator"
    case denominator = "report.denominator"
    case rate = "report.rate"
    case returnVisit = "report.returnVisit"
    case satisfaction = "report.satisfaction"
    case reprocessing = "report.reprocessing"
    case sectionConfirmations = "report.sectionConfirmations"
    case confirmed = "report.confirmed"
    case signedOff = "report.signedOff"
    case onPaper = "report.onPaper"
    case signOffRate = "report.signOffRate"
    case sectionEscalations = "report.sectionEscalations"
    case times = "report.times"
    case sectionUpgrades = "report.sectionUpgrades"
    case reason = "report.reason"
    case sectionTopMatters = "report.sectionTopMatters"
    case rank = "report.rank"
    case sectionHotline = "report.sectionHotline"
    case onTimeCompletion = "report.onTimeCompletion"
    case solved = "report.solved"
    case redispatch = "report.redispatch"
    case repeatRate = "report.repeatRate"
    case extensions = "report.extensions"
    case reminders = "report.reminders"

    /// The words in `language`.
    func text(_ language: Language) -> String { Message(key: rawValue).text(language) }

    static let entries: [ReportWords: (zh: String, en: String)] = [
        .titleDaily: ("投诉日报", "Complaint report (daily)"), .titleWeekly: ("投诉周报", "Complaint report (weekly)"),
        .titleMonthly: ("投诉月报", "Complaint report (monthly)"),
        .period: ("统计周期", "Period"), .from: ("开始日期", "From"), .to: ("结束日期", "To"), .timeZone: ("时区", "Time zone"),
        .estate: ("小区", "Estate"), .allEstates: ("全部小区", "All estates"), .estatesInScope: ("可见小区", "Estates in scope"),
        .sectionSummary: ("总体情况", "Summary"), .metric: ("指标", "Metric"), .value: ("数值", "Value"),
        .received: ("受理投诉", "Received"), .closed: ("本期结案", "Closed in the period"), .openAtEnd: ("期末未结", "Open at the end"),
        .repeated: ("重复投诉", "Repeated complaints"),
        .sectionChannel: ("按受理渠道", "By channel"), .channel: ("渠道", "Channel"), .count: ("件数", "Count"), .share: ("占比", "Share"),
        .sectionCategory: ("按类别", "By category"), .category: ("类别", "Category"), .notAssessed: ("未定性", "Not assessed"),
        .sectionSeverity: ("按等级", "By severity"), .severity: ("等级", "Severity"),
        .sectionNature: ("按性质", "By nature"), .nature: ("性质", "Nature"),
        .sectionStatus: ("按当前状态", "By current status"), .status: ("状态", "Status"),
        .sectionBuilding: ("按楼栋", "By building"), .building: ("楼栋", "Building"),
        .sectionClocks: ("时限达成", "Time limits met"), .clock: ("时限", "Time limit"), .onTime: ("按时完成", "On time"),
        .late: ("超时完成", "Late"), .overdue: ("超时未完成", "Overdue"), .running: ("未到期", "Running"), .onTimeRate: ("按时率", "On-time rate"),
        .sectionDurations: ("处理用时（小时）", "Durations (hours)"), .completed: ("件数", "Count"), .median: ("中位数", "Median"),
        .p90: ("90% 分位", "90th percentile"), .timeToDispatch: ("受理至派单", "Received to dispatched"),
        .timeToResolve: ("受理至处理完成", "Received to resolved"),
        .sectionRates: ("回访与满意度", "Return visits and satisfaction"), .numerator: ("分子", "Numerator"),
        .denominator: ("分母", "Denominator"), .rate: ("比率", "Rate"), .returnVisit: ("回访率", "Return-visit rate"),
        .satisfaction: ("满意率", "Satisfaction rate"), .reprocessing: ("二次处理率", "Reprocessing rate"),
        .sectionConfirmations: ("业主签字确认", "Owners' confirmations"), .confirmed: ("业主已确认", "Confirmed by the owner"),
        .signedOff: ("确认已解决且满意", "Signed off (solved and satisfied)"), .onPaper: ("纸质确认单", "Signed on paper"),
        .signOffRate: ("确认满意率", "Sign-off rate"),
        .sectionEscalations: ("超时升级", "Escalations"), .times: ("次数", "Times"),
        .sectionUpgrades: ("自动升级", "Upgrades"), .reason: ("原因", "Reason"),
        .sectionTopMatters: ("高发事项", "Top recurring matters"), .rank: ("排名", "Rank"),
        .sectionHotline: ("12345 热线考核指标", "12345 hotline figures"), .onTimeCompletion: ("按期办结率", "On-time completion"),
        .solved: ("解决率", "Solved"), .redispatch: ("重派率", "Re-dispatch rate"), .repeatRate: ("重复投诉率", "Repeat rate"),
        .extensions: ("延期次数", "Extensions"), .reminders: ("催办次数", "Reminders"),
    ]
}
