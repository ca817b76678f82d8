import ComplaintDomain

/// The Chinese names staff use for the workflow's codes (the same as `x-enum-descriptions` in
/// `openapi.yaml`), for exports people read rather than programs.
enum VocabularyLabels {
    static func status(_ value: ComplaintStatus) -> String {
        switch value {
        case .received: return "已受理"
        case .assessed: return "已定性"
        case .explained: return "已解释结案"
        case .dispatched: return "已派单"
        case .inProgress: return "处理中"
        case .resolved: return "已处理"
        case .approved: return "已审核"
        case .replied: return "已回复"
        case .visited: return "已回访"
        case .closed: return "已结案"
        }
    }

    static func severity(_ value: Severity) -> String {
        switch value {
        case .minor: return "一般"
        case .important: return "重要"
        case .major: return "重大"
        }
    }

    static func department(_ value: Department) -> String {
        switch value {
        case .engineering: return "工程维修"
        case .cleaningGreening: return "清洁绿化"
        case .orderSecurity: return "秩序维护"
        case .customerService: return "客户服务"
        case .other: return "其他"
        }
    }

    static func channel(_ value: Channel) -> String {
        switch value {
        case .phone: return "电话"
        case .visit: return "来访"
        case .online: return "网上"
        case .other: return "其他"
        }
    }
}
