import ComplaintDomain
import Notifications

/// The words of the workflow's closed lists (workflow.md §1–6) in Chinese and English: what a
/// status, severity, department, role, clock… is called in problem details, report CSV tables and
/// robot texts. The wire keeps the codes; only what people read is worded.
enum Vocabulary {
    /// A closed list.
    enum Kind: String, Sendable, CaseIterable {
        case status, severity, department, role, clock, channel, nature, contentType, upgradeReason, action, resource
    }

    /// The word for `code` of `kind`; an unknown code is shown as it is.
    static func label(_ kind: Kind, _ code: String, _ language: Language) -> String {
        guard let pair = entries[kind]?[code] else { return code }
        return language == .zh ? pair.zh : pair.en
    }

    /// Every code of every list, from the domain's enums (so a new case without words fails the catalogue test).
    static var codes: [Kind: [String]] {
        [
            .status: ComplaintStatus.allCases.map(\.rawValue), .severity: Severity.allCases.map(\.rawValue),
            .department: Department.allCases.map(\.rawValue), .role: Role.allCases.map(\.rawValue),
            .clock: ClockKind.allCases.map(\.rawValue), .channel: Channel.allCases.map(\.rawValue),
            .nature: Nature.allCases.map(\.rawValue), .contentType: ContentType.allCases.map(\.rawValue),
            .upgradeReason: UpgradeReason.allCases.map(\.rawValue), .action: Action.allCases.map(\.rawValue),
            .resource: ["complaints", "notifications", "reports", "users", "work queues"],
        ]
    }

    static let entries: [Kind: [String: (zh: String, en: String)]] = [
        .status: [
            "received": ("已受理", "received"), "assessed": ("已定性", "assessed"), "explained": ("已解释", "explained"),
            "dispatched": ("已派单", "dispatched"), "in_progress": ("处理中", "in progress"), "resolved": ("已处理", "resolved"),
            "approved": ("已审核", "approved"), "replied": ("已回复", "replied"), "visited": ("已回访", "visited"),
            "closed": ("已结案", "closed"),
        ],
        .severity: ["minor": ("一般", "minor"), "important": ("重要", "important"), "major": ("重大", "major")],
        .department: [
            "engineering": ("工程维修", "engineering"), "cleaning_greening": ("清洁绿化", "cleaning and greening"),
            "order_security": ("秩序维护", "order and security"), "customer_service": ("客户服务", "customer service"),
            "other": ("其他", "other"),
        ],
        .role: [
            "owner": ("业主", "owner"), "receptionist": ("客服助理", "receptionist"), "supervisor": ("客服主管", "supervisor"),
            "director": ("项目经理", "director"), "handler": ("部门经办人", "handler"), "department_head": ("部门负责人", "department head"),
            "manager": ("经理", "manager"), "leader": ("公司领导", "leader"), "admin": ("管理员", "admin"),
            "intake": ("接入客户端", "intake client"), "system": ("系统", "system"),
        ],
        .clock: [
            "dispatch": ("派单", "dispatch"), "resolve": ("处理", "resolve"), "major_answer": ("重大投诉答复", "major answer"),
            "major_settle": ("重大投诉办结", "major settlement"), "reply": ("回复业主", "reply"), "return_visit": ("回访", "return visit"),
        ],
        .channel: ["phone": ("电话", "phone"), "visit": ("来访", "visit"), "online": ("网上", "online"), "other": ("其他", "other")],
        .nature: ["dissatisfaction": ("不满意", "dissatisfaction"), "help_seeking": ("求助", "help seeking"), "consulting": ("咨询", "consulting")],
        .contentType: [
            "equipment": ("设施设备", "equipment"), "service_attitude": ("服务态度", "service attitude"),
            "service_quality": ("服务质量", "service quality"), "emergency": ("紧急事件", "emergency"),
        ],
        .upgradeReason: [
            "unresolved_7_days": ("超过 7 天未解决", "unresolved for 7 days"),
            "incident_owners": ("同一事件投诉业主过多", "too many owners on one incident"), "staff": ("人工升级", "upgraded by staff"),
        ],
        .action: [
            "assess": ("定性", "assess"), "dispatch": ("派单", "dispatch"), "acknowledge": ("接单", "acknowledge"),
            "progress": ("记录进展", "post progress"), "resolve": ("提交处理结果", "resolve"), "approve": ("审核", "approve"),
            "reply": ("回复业主", "reply"), "visit": ("回访", "visit"), "close": ("结案", "close"), "extend": ("延期", "extend"),
            "link": ("关联事件", "link"), "upgrade": ("升级", "upgrade"), "chase": ("催办", "chase"),
            "opinion": ("签署处理意见", "sign the handling opinion"), "confirm": ("登记业主签字确认", "record the owner's signed form"),
            "attach": ("添加附件", "add files"),
        ],
        .resource: [
            "complaints": ("投诉", "complaints"), "notifications": ("通知", "notifications"), "reports": ("报表", "reports"),
            "users": ("人员", "users"), "work queues": ("工作队列", "work queues"),
        ],
    ]
}

/// The vocabulary as the notification module asks for it.
struct NotificationWords: NotificationVocabulary {
    func label(_ code: String, of field: VocabularyField, in language: NotificationLanguage) -> String {
        let kind: Vocabulary.Kind
        switch field {
        case .status: kind = .status
        case .severity: kind = .severity
        case .department: kind = .department
        case .role: kind = .role
        case .clock: kind = .clock
        case .upgradeReason: kind = .upgradeReason
        }
        return Vocabulary.label(kind, code, language == .zh ? .zh : .en)
    }
}
