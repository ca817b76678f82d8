import ComplaintDomain

// Customer-service (客户服务) and other topics.

extension TopicCatalog {
    static let service: [Topic] = [
        Topic(
            key: "attitude", department: .customerService, contentType: .serviceAttitude, weight: 4,
            natures: [10, 0, 0], severities: [60, 35, 5], onSpot: 0.04, outOfScope: 0.01,
            objects: ["前台客服", "保安", "维修工"], places: ["物业服务中心", "小区门岗"],
            cases: [
                Case("前台客服态度很差，我问物业费明细，她爱答不理还翻白眼", "约谈当事员工并向业主当面道歉", "当事员工已向业主道歉，业主表示接受"),
                Case("保安对业主大声呵斥，还说“有本事去投诉啊”", "约谈当事保安并向业主当面道歉，扣发当月绩效", "当事保安已向业主道歉，业主表示接受"),
                Case("维修师傅上门迟到两个小时，修完还抱怨我们家东西多", "对维修师傅进行服务礼仪培训，主管上门致歉", "主管已上门致歉，业主表示接受"),
                Case("打了{n}次客服电话都没人接，接通了又说不归他们管", "调整客服热线值班安排，落实首问负责制", "热线接通率已改善"),
                Case("管家在业主群里发言阴阳怪气，完全不尊重业主", "约谈当事管家并在业主群公开致歉", "当事管家已道歉，业主表示接受"),
            ],
            english: ["The security guard at the north gate was very rude to my wife yesterday evening."],
            demands: ["要求当事人道歉", "加强员工培训", "希望物业给个说法"],
            causes: ["员工服务意识不强", "热线高峰期人手不足"],
            preventions: ["每月开展一次服务礼仪培训", "客服热线接通率纳入考核"],
            notes: ["主管已与当事员工谈话"]),
        Topic(
            key: "fees", department: .customerService, contentType: .serviceQuality, weight: 4, season: .billing,
            natures: [4, 2, 4], severities: [75, 22, 3], onSpot: 0.2, outOfScope: 0.05,
            objects: ["收费处"], places: ["物业服务中心"],
            cases: [
                Case("这个月的物业费账单多收了一笔公摊电费，明细也看不懂", "核对账单后退还重复扣款", "多收款项已原路退回"),
                Case("微信缴费扣了两次钱，客服说要等一个月才能退", "核对缴费流水后退还重复扣款", "重复扣款已原路退回"),
                Case("停车费涨价没有任何公示，也没有征求业主意见", "暂停执行新收费标准，按规定公示并征求业主意见", "已恢复原收费标准并完成公示"),
                Case("公共收益一直没有公示，电梯广告的钱去哪了", "在公告栏公示年度公共收益明细", "公共收益已公示"),
                Case("我家空置房也按全额收物业费，不合理", "向业主说明物业服务合同中空置房收费条款", "业主已了解收费依据"),
            ],
            english: ["I was charged twice for the property fee this month, please check my bill."],
            demands: ["退还多收的费用", "公示收费明细和依据", "按规定公示公共收益"],
            causes: ["缴费系统对账延迟", "收费公示不及时"],
            preventions: ["每月5日前完成对账", "调价须提前30天公示"],
            notes: ["财务正在核对流水"]),
        Topic(
            key: "notice", department: .customerService, contentType: .serviceQuality, weight: 2,
            natures: [5, 2, 3], severities: [85, 14, 1], onSpot: 0.2, objects: ["管家"], places: ["物业服务中心"],
            cases: [
                Case("停水停电从来不提前通知，每次都是没水了才知道", "建立停水停电多渠道通知流程（公告栏、业主群、短信）", "已按新流程通知"),
                Case("报修了{d}天没有任何回复，APP上一直显示处理中", "清理APP积压工单并逐一回复业主", "积压工单已处理完毕"),
                Case("物业通知只贴在一楼公告栏，老人根本看不到", "重要通知同时张贴到各单元门口并由管家电话告知老人", "已按新方式通知"),
            ],
            demands: ["以后提前通知", "报修要有回复"],
            causes: ["通知流程不完善"],
            preventions: ["计划性停水停电提前24小时多渠道通知"],
            notes: ["已在业主群发布说明"]),
        Topic(
            key: "delivery", department: .other, contentType: .serviceQuality, weight: 2,
            natures: [5, 3, 2], severities: [88, 11, 1], onSpot: 0.15, outOfScope: 0.15,
            objects: ["快递柜", "快递员"], places: ["小区快递柜", "南门"],
            cases: [
                Case("快递柜满了快递员把包裹直接堆在门口，丢了谁负责", "与快递公司协商增设临时存放点", "已增设临时存放点"),
                Case("外卖电动车不让进小区，老人只能下楼到大门口拿", "调整外卖电动车登记进入办法", "外卖可登记后送至楼下"),
                Case("快递柜超时收费太贵了，物业怎么同意的", "与快递柜运营方协商延长免费存放时间", "免费存放时间已延长到24小时"),
            ],
            demands: ["规范快递管理", "允许外卖送到楼下"],
            causes: ["快递柜容量不足"],
            preventions: ["协调增设一组快递柜"],
            notes: ["已联系快递站点负责人"]),
        Topic(
            key: "developer", department: .other, contentType: .serviceQuality, weight: 2,
            natures: [6, 3, 1], severities: [70, 26, 4], onSpot: 0, outOfScope: 0.45,
            objects: ["开发商", "房屋质量"], places: ["{b}号楼{u}"],
            cases: [
                Case("{b}号楼{u}室墙面开裂，还在保修期内，开发商一直推脱", "协助业主向开发商报修并跟进", "开发商已安排维修"),
                Case("车位产权证到现在都没办下来", "向开发商了解办证进度并书面答复业主", "已将开发商的办证计划告知业主"),
                Case("交房时承诺的游泳池到现在还没建", "将业主诉求转交开发商并跟进答复", "开发商已书面答复建设计划"),
                Case("维修基金怎么申请，楼顶漏水要大修", "向业主说明维修基金申请流程并协助准备材料", "维修基金申请材料已提交业委会"),
            ],
            demands: ["协调开发商尽快维修", "给个明确答复"],
            causes: ["开发商保修响应慢"],
            preventions: ["每月与开发商召开一次遗留问题协调会"],
            notes: ["已将情况转交开发商客服"]),
    ]

    /// Sentences an owner adds to the matter itself.
    static let contexts = [
        "这已经不是第一次了。", "家里有老人和小孩，非常不方便。", "之前打过电话，一直没人处理。", "希望物业重视。",
        "请尽快安排人来看一下。", "我明天上午都在家。", "已经严重影响正常生活了。", "拍了照片和视频，可以发给你们。",
        "邻居们也都有意见。", "物业费我们从来没欠过，服务却是这样。", "上次说好三天内处理，到现在也没消息。",
        "如果再不处理我就打12345了。",
        "上个月就反映过一次，当时说会安排人来看，结果一直没有下文，这次希望能认真对待。",
        "物业费每年都按时交，遇到问题却找不到人负责，实在让人失望，希望这次能有个明确的答复和处理时间。",
        "我已经拍了照片和视频，也在业主群里说过，其他业主也遇到了同样的问题，希望物业统一处理。",
        "如果这周内还不处理，我们将向街道办和住建部门反映，并考虑暂缓缴纳物业费。",
        "之前打过两次客服电话，每次都说登记了会转给相关部门，但是一直没有人联系我。",
        "家里老人身体不好，孩子还小，这种情况持续下去真的没法正常生活，请物业务必重视。",
    ]

    /// Repeated complaints start like this.
    static let repeatOpenings = ["上次反映的问题又出现了：", "第二次投诉：", "之前投诉过，修完没几天又这样了。"]

    /// The reasons a director records for an invalid complaint.
    static let invalidExplanations = [
        "经现场核实，业主反映的情况与事实不符，已向业主耐心解释",
        "该问题已于前期处理完毕，属重复提交，已向业主说明处理结果",
        "经现场查看未发现所述问题，已与业主电话沟通确认",
    ]

    /// The reasons given when a matter is outside the company's responsibility.
    static let outOfScopeExplanations = [
        "该问题属于市政供水管网维修，不在物业服务范围内，已告知业主供水公司热线",
        "房屋质量问题属开发商保修范围，已协助业主联系开发商客服",
        "邻里之间的私人纠纷不属于物业服务范围，已建议业主通过社区人民调解委员会解决",
        "业主所述为户内自有设施，建议联系专业维修公司，已提供几家公司的联系方式",
        "该事项由街道和城管部门负责，已告知业主反映渠道并协助转达",
    ]

    /// What the receptionist tells the owner after the department's result.
    static let replyOpenings = ["您好，您反映的问题已处理：", "业主您好，关于您的投诉，处理结果如下：", "您好，已为您处理完毕："]
    /// Replies also name the department: "您好，经工程部处理，…".
    static let departmentNames: [Department: String] = [
        .engineering: "工程部", .cleaningGreening: "环境部", .orderSecurity: "秩序部", .customerService: "客服中心", .other: "相关部门",
    ]
    static let replyClosings = ["如还有问题请随时联系我们。", "感谢您的理解与支持。", "给您带来不便，深表歉意。", ""]

    /// General lessons recorded at closing.
    static let lessons = [
        "巡检要覆盖到位，发现隐患及时处理", "首问责任人要及时跟进并主动告知业主进展",
        "处理前先与业主确认诉求，避免二次投诉", "跨部门协作要明确牵头人和完成时限",
        "涉及多户的问题要第一时间在业主群发布通知",
    ]

    /// The supervisor's handling opinion (处理意见) signed before an important or major one is dispatched.
    static let opinions = [
        "情况属实，请责任部门按规范尽快处理，处理结果及时回复业主", "请部门负责人亲自跟进，当天给业主明确答复",
        "涉及安全隐患，请先做好现场防护再组织维修", "请与业主约定上门时间，处理前后拍照留档",
        "同意派单，请控制处理时限，如需延期及时报批",
    ]

    /// Why a manager moves a deadline (超时审批).
    static let extensionReasons = [
        "所需配件需厂家调货，预计三天到货", "需要协调楼上业主入户检查，业主近期不在家",
        "维修涉及外墙施工，需等天气好转", "需报业委会审批动用维修基金", "需要专业检测机构出具报告后才能施工",
    ]

    /// What an unsatisfied owner says on the return visit.
    static let newDemands = [
        "问题没有彻底解决，要求重新处理", "修好没两天又坏了，要求彻底检修", "对处理结果不满意，要求主管上门说明",
        "要求赔偿损失", "希望换一个维修师傅来看",
    ]

    /// Remarks on visits.
    static let visitNotes = [
        "业主表示满意", "业主对处理速度表示认可", "电话无人接听", "业主在外地，约定改天再访",
        "业主提出了新的建议", "上门回访，业主当面确认",
    ]
}
