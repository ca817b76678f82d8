import ComplaintDomain

extension Catalogue {
    /// The domain's refusals and field rules. A field rule reads after the field's name:
    /// `complainant.phone：不是有效的手机号…` in `errors[].message` it stands alone.
    static let domainEntries: [DomainMessage: (zh: String, en: String)] = [
        .required: ("必填", "is required"),
        .searchNewestFirstOnly: (
            "全文搜索需读取超过 {limit} 件已结案投诉时只能按受理时间从新到旧列出：请用 sort=-received，或缩小范围（状态、小区、日期）",
            "a text search reading more than {limit} closed complaints is listed newest first only: use sort=-received, or narrow it (status, estate, dates)"
        ),
        .tooManyToSort: (
            "匹配的投诉超过 {limit} 件，无法按此顺序排列：请缩小筛选范围，或用 sort=-received",
            "more than {limit} complaints match; narrow the filters, or use sort=-received"
        ),
        .afterRepairPhotoRequired: (
            "类别为 {category} 的投诉须附整改后照片：请先上传（POST /v1/complaints/{id}/attachments），再在此引用",
            "an after-repair photo is required for {category} complaints: upload it (POST /v1/complaints/{id}/attachments) and name it here"
        ),
        .signatureFromOwner: (
            "签名由业主凭查询码提交；员工登记纸质确认请提供 signedForm",
            "is given by the owner through the tracking code; staff send signedForm"
        ),
        .signedFormUnknown: ("不是本投诉的文件；请先上传签字确认单的照片", "is not a file of this complaint; upload the photo of the form first"),
        .signedFormByStaff: (
            "纸质确认单由员工登记；业主请用 signature.name 或 signature.attachment 签名",
            "is recorded by staff; sign with signature.name or signature.attachment"
        ),
        .signatureRequired: (
            "必填：输入姓名（signature.name）或手写签名（signature.attachment）",
            "is required: the name typed (signature.name) or a drawn signature (signature.attachment)"
        ),
        .signatureNotPicture: ("不是本投诉的图片；请先上传手写签名", "is not a picture of this complaint; upload the drawn signature first"),
        .signatureOneOf: ("name 与 attachment 须且只能提供一个", "needs exactly one of name and attachment"),
        .fileRequired: ("必填：请至少上传一个文件", "is required: send at least one file"),
        .notADigest: ("不是 SHA-256 文件名", "has no SHA-256 name"),
        .tooManyFiles: ("会使投诉共有 {total} 个文件，每件投诉最多 {max} 个", "would give the complaint {total} files; it may hold at most {max}"),
        .tooManyOwnerFiles: (
            "会使业主上传的文件达到 {total} 个，业主最多可上传 {max} 个",
            "would give the complaint {total} files from the owner; the owner may add at most {max}"
        ),
        .fileUnknown: ("不是本投诉的文件；请先上传", "is not a file of this complaint; upload it first"),
        .complaintFilesFull: ("该投诉已有 {count} 个文件，已达上限", "the complaint already holds {count} files, the most allowed"),
        .ownerFilesFull: ("业主已为该投诉上传 {count} 个文件，已达上限", "the owner already added {count} files to this complaint, the most allowed"),
        .filesPerRequest: ("一次请求不能超过 {max} 个文件", "more than {max} files in one request"),
        .notAcceptedFile: (
            "{name} 不是 JPEG、PNG、WebP、HEIC 或 PDF 文件（按文件内容判断，而非文件名）",
            "{name} is not a JPEG, PNG, WebP, HEIC or PDF file (judged by its content, not its name)"
        ),
        .malformedPicture: ("{name} 不是完好的 {kind} 文件：{reason}", "{name} is not a well-formed {kind} file: {reason}"),
        .opinionFirst: (
            "严重程度为 {severity} 的投诉须先由客服主管签署处理意见（POST /v1/complaints/{id}/opinion）才能派单",
            "a {severity} complaint is dispatched only after the supervisor signs the handling opinion (POST /v1/complaints/{id}/opinion)"
        ),
        .approvedBy: ("严重程度为 {severity} 的投诉，处理结果须由 {roles} 审核", "the result of a {severity} complaint is approved by {roles}"),
        .onlyOwner: ("只有业主可以凭查询码操作", "only the owner acts through the tracking code"),
        .tooLong: ("不能超过 {limit} 个字符", "must be at most {limit} characters"),
        .invisible: ("只有空白或不可见字符", "has only blank or invisible characters"),
        .notAPhone: (
            "不是有效的电话号码：手机号为 1[3-9] 开头的 11 位数字，座机需带区号（如 021-62345678）",
            "is not a phone number: a mobile is 11 digits starting 1[3-9], a landline needs its area code (021-62345678)"
        ),
        .notAMobile: (
            "不是有效的手机号：手机号为 1[3-9] 开头的 11 位数字（收到 {digits} 位）",
            "is not a mobile number: 11 digits starting 1[3-9] ({digits} digits given)"
        ),
        .mobilePrefix: (
            "不是有效的手机号：手机号以 13 至 19 开头（收到 {prefix} 开头）",
            "is not a mobile number: mobiles start 13 to 19 ({prefix} given)"
        ),
        .landlineWithoutAreaCode: ("座机号码需带区号，如 021-62345678", "needs its area code, e.g. 021-62345678"),
        .instantOutOfRange: (
            "必须在 1970-01-01T00:00:00Z 至 9999-12-31T23:59:59.999Z 之间",
            "must be an instant between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"
        ),
        .estateNotServed: ("不是您负责的小区", "is not one of the estates you serve"),
        .mustBeFuture: ("必须是将来的时间", "must be in the future"),
        .deadlineNotLater: ("必须晚于当前时限", "must be later than the current deadline"),
        .handlerUnknown: ("{handler} 不是已配置的人员", "{handler} is not a configured user"),
        .handlerWrongRole: ("{handler} 是{role}，不是部门经办人或部门负责人", "{handler} is a {role}, not a handler or department head"),
        .handlerWrongDepartment: ("{handler} 属于{actual}，不属于{department}", "{handler} belongs to {actual}, not {department}"),
        .handlerWrongEstate: ("{handler} 不负责小区 {estate}", "{handler} does not serve the estate {estate}"),
        .limitOutOfRange: ("必须在 {min} 到 {max} 之间", "must be between {min} and {max}"),
        .notACursor: ("不是本列表给出的游标", "is not a cursor of this listing"),
        .nowRequired: ("查询逾期或即将到期时需要当前时间", "is required with overdue and dueWithin"),
        .notPositiveDuration: ("必须是大于零的时长", "must be a positive duration"),
        .wrongType: ("类型不对", "has the wrong type"),
        .invalidValue: ("取值无效", "is not a valid value"),
        .notADateTime: ("不是 RFC 3339 日期时间，例如 2026-11-22T09:30:00+08:00", "is not an RFC 3339 date-time, e.g. 2026-11-22T09:30:00+08:00"),
        .invalidJSON: ("不是有效的 JSON", "is not valid JSON"),
        .countOutOfRange: ("需要 {min} 到 {max} 项", "needs {min} to {max} items"),
        .noComplaint: ("没有投诉 {id}。", "No complaint {id}."),
        .noTrackedComplaint: ("没有与此查询码对应的投诉。", "No complaint has this tracking code."),
        .notLoaded: ("投诉 {id} 尚未载入，请重试。", "Complaint {id} is not loaded; retry."),
        .roleMayNot: ("{role}无权执行“{action}”。", "The role {role} may not {action}."),
        .roleMayNotRegister: ("{role}无权登记投诉。", "The role {role} may not register complaints."),
        .intakeResolvedOnSpot: ("接入客户端不能登记“当场解决”的投诉。", "An intake client may not register a complaint as resolved on the spot."),
        .onlyScheduler: ("只有调度程序可以触发时限。", "Only the scheduler may fire deadlines."),
        .mayNotReadContacts: ("{role}无权查看业主联系方式。", "The role {role} may not read owners' contacts."),
        .visitByHandler: ("处理过该投诉的人不能做回访。", "Whoever handled the complaint may not make its return visit."),
        .otherDepartment: ("该投诉属于其他部门或经办人。", "The complaint belongs to another department or handler."),
        .trackingCodeTaken: ("查询码已被占用，请重试。", "The tracking code is taken; retry."),
        .sequenceBelow: ("序号 {sequence} 小于下一个序号 {next}。", "Sequence {sequence} is below the next sequence {next}."),
        .clockNotRunning: ("“{clock}”时限未在计时。", "The {clock} clock is not running."),
        .alreadyLinked: ("已关联到事件 {incident}。", "Already linked to the incident {incident}."),
        .alreadyMajor: ("该投诉已是重大投诉。", "The complaint is already major."),
        .noUpgradeDue: ("没有到期的 7 天自动升级。", "No 7-day upgrade is due."),
        .incidentNotMajor: ("事件 {incident} 不会使该投诉成为重大投诉。", "The incident {incident} does not make this complaint major."),
        .clockNotDue: ("“{clock}”时限尚未到期。", "The {clock} clock is not due."),
        .onlyOwnerChases: ("只有业主本人可以催办投诉。", "Only the owner may chase a complaint."),
        .chasedTooSoon: ("已催办过，请 {seconds} 秒后再试。", "Already chased; try again in {seconds} s."),
        .wrongStatus: ("投诉当前为“{status}”，不能“{action}”。", "Cannot {action} a complaint that is {status}."),
        .invalidFields: ("以下字段未通过校验：{fields}。", "The request breaks a rule: {fields}."),
    ]
}
