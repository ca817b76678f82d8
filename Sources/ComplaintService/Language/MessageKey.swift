/// The service's own sentences (problem details and the reasons of `invalid-parameter`), worded
/// in `Catalogue.serviceEntries`.
enum MessageKey: String, Sendable, CaseIterable {
    // Requests at the edge.
    case queryMalformed, unauthorized, intakeMayNotRead, openAPIMissing, unknownAction, idempotencyKeyLength
    case bodyNotObject, bodyInvalidJSON, bodyNotUTF8, charsetNotUTF8, unsupportedMediaType
    case validationFailed, invalidParameter, expectedOneOf, expectedBoolean, expectedIntegerRange, expectedLength
    case expectedDateOrDateTime, fromAfterTo, escalationsOpenOnly
    // Finding complaints (the list and its export).
    case queryUnreadable, unknownParameter, expectedOneOrMore, dueWithinExpected, unitExpected, phoneExpected, sortExpected
    case parameterAlias, revealContactOnly
    // Reports.
    case reportsDepartmentScoped, reportParameterRequired, reportDateExpected, reportWeekExpected, reportMonthExpected
    case reportPeriodOutOfRange, reportFormatUnknown
    // Complaints.
    case complaintGone, contactsForbidden, noAnnouncement
    // Files (issue 10).
    case uploadWithoutBody, noSuchFile, fileTooLarge, uploadMediaType, formFieldTooLong, multipartMalformed
    // Writes and the store.
    case versionMismatch, idempotencyReused, idempotencyInFlight
    case storeHalted, storeSuspended, storeShuttingDown, storeRefused
    case auditDamaged, auditPruned, auditUnreadable, thisComplaint
    case notReadyStarting, notReadySuspended, notReadyHalted
    // The web: sign-in, the live stream, the pages, public filing, notification retries.
    case csrfMissing, signInFailed, signInLimited, signInChecksBusy, lastEventIdExpected, tooManyStreams, assetVersionGone
    case publicIntakeDisabled, publicIntakeLimited, retryRoleForbidden, failedNotificationMissing, retryNotRecorded
}

extension Catalogue {
    static let serviceEntries: [MessageKey: (zh: String, en: String)] = [
        .queryMalformed: ("查询字符串格式有误（百分号编码不正确）。", "The query string has a malformed percent-encoding."),
        .unauthorized: (
            "请提供有效的令牌（Authorization: Bearer <令牌>）或先登录（POST /v1/session）。",
            "Send a valid token (Authorization: Bearer <token>) or sign in (POST /v1/session)."
        ),
        .intakeMayNotRead: ("接入客户端只能登记投诉，不能读取{what}。", "An intake client may register complaints but not read {what}."),
        .openAPIMissing: ("程序旁未安装 API 描述文件。", "The API description is not installed beside the binary."),
        .unknownAction: ("未知操作；可用：{actions}。", "Unknown action; one of {actions}."),
        .idempotencyKeyLength: ("Idempotency-Key 长度须为 1 到 255 个字符。", "Idempotency-Key must be 1 to 255 characters."),
        .bodyNotObject: ("请求体必须是一个 JSON 对象。", "The body must be a JSON object."),
        .bodyInvalidJSON: ("请求体不是有效的 JSON：{reason}", "The body is not valid JSON: {reason}"),
        .bodyNotUTF8: (
            "请求体必须是 UTF-8 编码（第 {offset} 字节起不是 UTF-8，GBK 等编码请先转换为 UTF-8）。",
            "The body must be UTF-8 (the bytes from offset {offset} are not; convert GBK and other encodings to UTF-8)."
        ),
        .charsetNotUTF8: ("请求体必须是 UTF-8 编码，不接受 charset={charset}。", "The body must be UTF-8; charset={charset} is not accepted."),
        .unsupportedMediaType: ("请以 application/json 发送请求体。", "Send the body as application/json."),
        .validationFailed: ("请求未通过校验：{fields}。", "The request breaks a rule: {fields}."),
        .invalidParameter: ("查询参数 {parameter}：{reason}", "Query parameter {parameter}: {reason}"),
        .expectedOneOf: ("应为以下之一：{values}", "expected one of {values}"),
        .expectedBoolean: ("应为 true 或 false", "expected true or false"),
        .expectedIntegerRange: ("应为 {min} 到 {max} 之间的整数", "expected an integer in {min}...{max}"),
        .expectedLength: ("长度应为 {min} 到 {max} 个字符", "expected {min} to {max} characters"),
        .queryUnreadable: ("无法读取查询参数。", "The query could not be read."),
        .unknownParameter: ("不是本接口的参数；可用参数：{known}", "is not a parameter of this endpoint; it takes {known}"),
        .expectedOneOrMore: ("应为以下一个或多个（以逗号分隔）：{values}", "expected one or more of {values}"),
        .dueWithinExpected: (
            "应为时长，如 30m、2h、1d 或 PT2H（1 分钟到 400 天）",
            "expected a duration such as 30m, 2h, 1d or PT2H (1 minute to 400 days)"
        ),
        .unitExpected: (
            "应为房号如 1202，或楼栋加房号如 3-1202、3栋1202",
            "expected a unit such as 1202, or a building and unit such as 3-1202 or 3栋1202"
        ),
        .phoneExpected: ("应为电话号码（7 位以上数字）或其后四位", "expected a phone number (7 or more digits) or its last four digits"),
        .sortExpected: (
            "应为以下之一：received、-received、due、-due、updated、-updated",
            "expected one of received, -received, due, -due, updated, -updated"
        ),
        .parameterAlias: ("请只给 {name}（{alias} 是它的旧名称）", "give {name} only ({alias} is its older name)"),
        .revealContactOnly: ("唯一可用的值是 contact", "the only value is contact"),
        .expectedDateOrDateTime: (
            "应为 RFC 3339 日期时间（如 2026-11-22T09:30:00+08:00）或日期（如 2026-11-22，指 {zone} 当天零点）",
            "expected an RFC 3339 date-time such as 2026-11-22T09:30:00+08:00, or a date such as 2026-11-22 (the start of that day in {zone})"
        ),
        .fromAfterTo: ("不能晚于 to", "must not be after to"),
        .escalationsOpenOnly: (
            "只支持 open=true；已结束的超时记录在各投诉的历史中",
            "only open=true is supported; closed escalations are in each complaint's history"
        ),
        .reportsDepartmentScoped: (
            "报表按小区统计；部门经办人和部门负责人请用 GET /v1/complaints 查看本部门的投诉。",
            "Reports cover whole estates; a handler or department head lists the department's complaints with GET /v1/complaints."
        ),
        .reportParameterRequired: ("必填，例如 {example}", "required, e.g. {example}"),
        .reportDateExpected: ("应为日期，如 {example}（1970 至 9999 年）", "expected a date like {example} (years 1970 to 9999)"),
        .reportWeekExpected: ("应为 ISO 周，如 {example}（1970 至 9999 年）", "expected an ISO week like {example} (years 1970 to 9999)"),
        .reportMonthExpected: ("应为月份，如 {example}（1970 至 9999 年）", "expected a month like {example} (years 1970 to 9999)"),
        .reportPeriodOutOfRange: ("按 {zone} 计算，统计周期必须在 {range} 之内", "the period must lie within {range} in {zone}"),
        .reportFormatUnknown: ("应为 json 或 csv", "expected json or csv"),
        .uploadWithoutBody: ("上传请求没有内容。", "The upload has no body."),
        .noSuchFile: ("该投诉没有这个文件。", "The complaint has no such file."),
        .fileTooLarge: ("文件 {name} 超过 {max} 字节，超出单个文件的上限。", "The file {name} is larger than {max} bytes, the most a file may have."),
        .uploadMediaType: (
            "请以 multipart/form-data 上传文件，或以请求体直接发送一个文件（image/*、application/pdf）。",
            "Send files as multipart/form-data, or one file as the raw body (image/*, application/pdf)."
        ),
        .formFieldTooLong: ("表单字段 {name} 超过 8192 字节。", "The form field {name} is longer than 8192 bytes."),
        .multipartMalformed: ("multipart 请求体格式有误：{reason}。", "The multipart body is malformed: {reason}."),
        .complaintGone: ("该投诉已不存在。", "The complaint no longer exists."),
        .contactsForbidden: ("您的角色无权查看业主联系方式。", "Your role may not see owners' contact details."),
        .noAnnouncement: ("投诉 {id} 没有公示；投诉在“{stage}”后公示。", "No announcement of complaint {id}; complaints are announced once {stage}."),
        .versionMismatch: ("If-Match 不是当前版本（{current}）；请刷新后重试。", "If-Match does not name the current version ({current}); reload and retry."),
        .idempotencyReused: ("此 Idempotency-Key 已用于另一个请求体。", "This Idempotency-Key was used with a different body."),
        .idempotencyInFlight: (
            "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。",
            "A request with this Idempotency-Key is still being processed; retry shortly."
        ),
        .storeHalted: (
            "事件日志写入失败（{error}），且无法恢复到最后一条持久记录。本次未记录任何内容；在服务重启前拒绝写入，读取照常。",
            "The event log could not be written ({error}) and could not be put back to its last durable record. Nothing was recorded; writes are refused until the service is restarted, reads go on."
        ),
        .storeSuspended: (
            "事件日志暂时无法写入（{error}）。本次未记录任何内容；磁盘恢复可写后（每 {seconds} 秒检查一次）自动恢复写入，读取照常。",
            "The event log cannot be written right now ({error}). Nothing was recorded; writes resume by themselves once the disk takes writes again (checked every {seconds} s), reads go on."
        ),
        .storeShuttingDown: ("服务正在关闭，本次未记录任何内容。", "The service is shutting down; nothing was recorded."),
        .storeRefused: ("事件日志拒绝了写入（{error}），本次未记录任何内容。", "The event log refused the write ({error}); nothing was recorded."),
        .auditDamaged: (
            "{id}的审计记录不完整：{gap}。宁可不显示，也不显示残缺的历史。",
            "The audit trail of {id} is incomplete: {gap}. Its history is not shown rather than shown short."
        ),
        .auditPruned: ("{id}的部分审计记录已按配置删除：{gap}。", "Part of the audit trail of {id} was deleted on purpose: {gap}."),
        .auditUnreadable: ("暂时无法读取{id}的审计记录：{gap}。", "The audit trail of {id} could not be read just now: {gap}."),
        .thisComplaint: ("该投诉", "this complaint"),
        .notReadyStarting: ("服务正在启动或关闭。", "The service is starting or shutting down."),
        .notReadySuspended: (
            "事件日志自 {since} 起拒绝写入（{reason}）。每 {seconds} 秒检查一次磁盘，可写后自动恢复；读取照常。",
            "The event log refuses writes since {since} ({reason}). The disk is probed every {seconds} s; writes resume by themselves once it takes writes again. Reads go on."
        ),
        .notReadyHalted: (
            "事件日志自 {since} 起拒绝写入（{reason}），且无法恢复到最后一条持久记录。需要重启；在此之前读取照常。",
            "The event log refuses writes since {since} ({reason}) and could not be put back to its last durable record. A restart is needed; reads go on until then."
        ),
        .csrfMissing: (
            "用登录会话修改数据时，须带上该会话的 X-CSRF-Token 请求头（由 POST 或 GET /v1/session 返回）。",
            "A change made with the session cookie needs the session's X-CSRF-Token header (from POST or GET /v1/session)."
        ),
        .signInFailed: ("工号或密码错误。", "The user id or the password is wrong."),
        .signInLimited: ("登录失败次数过多，请 {seconds} 秒后再试。", "Too many failed sign-ins; try again in {seconds} seconds."),
        .signInChecksBusy: ("同时进行的登录校验过多，请稍后再试。", "Too many sign-ins are being checked at once; try again shortly."),
        .lastEventIdExpected: ("Last-Event-ID 应为事件的序号（数字）。", "Last-Event-ID must be the sequence number of an event (digits)."),
        .tooManyStreams: ("实时连接数已达上限，请稍后重试。", "The server holds as many live streams as it is configured for; retry shortly."),
        .assetVersionGone: ("该文件没有这个版本。", "No such version of this file."),
        .publicIntakeDisabled: (
            "本公司通过电话或前台受理投诉，未开放网上投诉。",
            "This company takes complaints by phone or at the front desk; public filing is not enabled."
        ),
        .publicIntakeLimited: ("此地址提交的投诉过多，请 {seconds} 秒后再试。", "Too many complaints were filed from this address; try again in {seconds} seconds."),
        .retryRoleForbidden: ("您的角色不能重发通知（可重发的角色：{roles}）。", "Your role may not retry notifications (allowed: {roles})."),
        .failedNotificationMissing: ("没有失败的通知 {id}。", "No failed notification {id}."),
        .retryNotRecorded: ("未能记录重发，请再试一次。", "The retry could not be recorded; try again."),
    ]
}
