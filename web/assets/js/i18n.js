// Chinese first, English on request: every text a page shows comes from here. The choice is kept
// in localStorage and applied to <html lang> so screen readers pronounce it right.
import { h } from './dom.js';

const STORE_KEY = 'complaintd.lang';
export let lang = (() => {
  try { return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
})();

const listeners = [];
/** Calls `f` after the language changes (pages re-render). */
export function onLanguageChange(f) { listeners.push(f); }

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try { localStorage.setItem(STORE_KEY, lang); } catch { /* private mode: the choice lasts this page */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const f of listeners) f(lang);
}
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

/** The button that switches between 中文 and English. */
export function languageSwitch() {
  return h('button', {
    type: 'button', class: 'link lang-switch', lang: lang === 'zh' ? 'en' : 'zh-CN',
    on: { click: () => setLanguage(lang === 'zh' ? 'en' : 'zh') },
  }, lang === 'zh' ? 'English' : '中文');
}

/** The text for `key` in the current language, with {name} placeholders filled from `values`. */
export function t(key, values = {}) {
  const entry = TEXTS[key];
  let text = entry ? entry[lang === 'zh' ? 0 : 1] : key;
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** The label of a code from the API (status, clock, severity…), or the code itself. */
export function label(group, code) {
  if (code === null || code === undefined || code === '') return '—';
  const entry = LABELS[group]?.[code];
  return entry ? entry[lang === 'zh' ? 0 : 1] : String(code);
}

/** Every code of a group, for select boxes. */
export function codes(group) { return Object.keys(LABELS[group] || {}); }

const LABELS = {
  status: {
    received: ['已受理', 'Received'], assessed: ['已定性', 'Assessed'], explained: ['已解释', 'Explained'],
    dispatched: ['已派单', 'Dispatched'], in_progress: ['处理中', 'In progress'], resolved: ['已处理', 'Resolved'],
    approved: ['已审核', 'Approved'], replied: ['已回复', 'Replied'], visited: ['已回访', 'Visited'], closed: ['已结案', 'Closed'],
  },
  ownerStatus: {
    received: ['我们已收到您的投诉，正在安排处理', 'We have your complaint and are arranging who handles it'],
    assessed: ['已核实情况，即将派给负责部门', 'Checked; it goes to the responsible department next'],
    explained: ['已向您说明情况', 'We have explained the situation to you'],
    dispatched: ['已派给负责部门，等待上门处理', 'Sent to the responsible department'],
    in_progress: ['负责部门正在处理', 'The department is working on it'],
    resolved: ['已处理完毕，等待主管审核后回复您', 'Done; a manager checks it before we reply'],
    approved: ['处理结果已审核，客服将尽快回复您', 'Checked; customer service will reply to you shortly'],
    replied: ['已回复您处理结果，稍后将回访', 'We have replied; we will call back to check'],
    visited: ['已回访，感谢您的反馈', 'We called back; thank you for your feedback'],
    closed: ['已结案，感谢您的监督', 'Closed; thank you'],
  },
  clock: {
    dispatch: ['派单', 'Dispatch'], resolve: ['处理完成', 'Resolution'], major_answer: ['明确答复', 'Clear answer'],
    major_settle: ['彻底解决', 'Settlement'], reply: ['回复业主', 'Reply to owner'], return_visit: ['回访', 'Return visit'],
  },
  severity: { minor: ['一般', 'Minor'], important: ['重要', 'Important'], major: ['重大', 'Major'] },
  category: {
    engineering: ['工程维修', 'Engineering'], cleaning_greening: ['清洁绿化', 'Cleaning & greening'],
    order_security: ['秩序维护', 'Order & security'], customer_service: ['客户服务', 'Customer service'], other: ['其他', 'Other'],
  },
  channel: { phone: ['电话', 'Phone'], visit: ['来访', 'Walk-in'], online: ['网上', 'Online'], other: ['其他', 'Other'] },
  nature: { dissatisfaction: ['不满意', 'Dissatisfaction'], help_seeking: ['求助', 'Help seeking'], consulting: ['咨询', 'Consulting'] },
  contentType: {
    equipment: ['设施设备', 'Equipment'], service_attitude: ['服务态度', 'Service attitude'],
    service_quality: ['服务质量', 'Service quality'], emergency: ['突发事件', 'Emergency'],
  },
  role: {
    receptionist: ['客服助理', 'Receptionist'], supervisor: ['客服主管', 'Supervisor'], director: ['项目经理', 'Director'],
    handler: ['经办人', 'Handler'], department_head: ['部门负责人', 'Department head'], manager: ['经理', 'Manager'],
    leader: ['公司领导', 'Leader'], admin: ['管理员', 'Administrator'], intake: ['受理端', 'Intake client'],
  },
  action: {
    assess: ['定性', 'Assess'], dispatch: ['派单', 'Dispatch'], acknowledge: ['签收', 'Acknowledge'], progress: ['进展', 'Progress note'],
    resolve: ['处理结果', 'Resolve'], approve: ['审核', 'Approve'], reply: ['回复业主', 'Reply'], visit: ['回访', 'Return visit'],
    close: ['结案', 'Close'], extend: ['延期', 'Extend'], link: ['关联事件', 'Link incident'], upgrade: ['升级', 'Upgrade'],
    opinion: ['签署处理意见', 'Sign the handling opinion'], confirm: ['登记业主签字确认单', 'Record the signed form'],
  },
  outcome: { reachable: ['已联系上', 'Reached'], unreachable: ['未联系上', 'Unreachable'] },
  method: { phone: ['电话', 'Phone'], visit: ['上门', 'In person'], online: ['网上', 'Online'] },
  visitKind: { first: ['首次回访', 'First visit'], retry: ['再次回访', 'Retry'], followUp: ['跟踪回访', 'Follow-up'] },
  event: {
    'complaint.registered': ['受理登记', 'Registered'], 'complaint.assessed': ['判断定性', 'Assessed'],
    'complaint.explained': ['解释结案', 'Explained'], 'complaint.dispatched': ['派单', 'Dispatched'],
    'complaint.acknowledged': ['部门签收', 'Acknowledged'], 'complaint.progress_noted': ['处理进展', 'Progress note'],
    'complaint.resolved': ['处理完成', 'Resolved'], 'complaint.approved': ['审核通过', 'Approved'], 'complaint.replied': ['回复业主', 'Replied'],
    'complaint.visited': ['回访', 'Return visit'], 'complaint.reprocessed': ['二次处理', 'Sent back'], 'complaint.closed': ['结案', 'Closed'],
    'complaint.deadline_extended': ['延期', 'Deadline extended'], 'complaint.escalated': ['超时督办', 'Escalated'],
    'complaint.opinion_signed': ['客服主管处理意见', 'Handling opinion signed'], 'complaint.owner_confirmed': ['业主签字确认', 'Owner confirmed'],
    'complaint.attachments_added': ['添加附件', 'Files added'],
    'complaint.upgraded': ['升级', 'Upgraded'], 'complaint.linked': ['关联事件', 'Linked'], 'complaint.reminded': ['业主催办', 'Owner reminded'],
    'complaint.contact_viewed': ['查看业主号码', 'Contact viewed'], 'complaint.major_notified': ['通报重大投诉', 'Major complaint reported'],
  },
  trigger: { major: ['重大投诉', 'Major complaint'], escalation: ['超时督办', 'Escalation'], upgrade: ['自动升级', 'Upgrade'],
    reminder: ['业主催办', 'Owner reminder'] },
};

const TEXTS = {
  appName: ['物业投诉服务', 'Complaint service'],
  consoleName: ['客服工作台', 'Staff console'],
  skip: ['跳到正文', 'Skip to content'],
  loading: ['正在加载…', 'Loading…'],
  retry: ['重试', 'Try again'],
  refresh: ['刷新', 'Refresh'],
  save: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  none: ['无', 'None'],
  copy: ['复制', 'Copy'],
  copied: ['已复制', 'Copied'],
  print: ['打印', 'Print'],
  back: ['返回', 'Back'],
  networkError: ['网络连接失败，请稍后重试。', 'The network request failed; try again shortly.'],
  // time
  remaining: ['还剩 {time}', '{time} left'],
  overdueBy: ['已超时 {time}', 'Overdue by {time}'],
  metOnTime: ['已按时完成', 'Met on time'],
  metLate: ['超时 {time} 完成', 'Met {time} late'],
  dueAt: ['截止 {time}', 'Due {time}'],
  days: ['{n} 天', '{n} d'], hours: ['{n} 小时', '{n} h'], minutes: ['{n} 分钟', '{n} min'], lessThanMinute: ['不到 1 分钟', 'under a minute'],
  // owner page
  ownerTitle: ['业主投诉服务', 'Residents’ complaint service'],
  ownerIntro: ['输入受理时拿到的查询码，即可查看处理进度。', 'Enter the tracking code you were given to see how your complaint is handled.'],
  trackingCode: ['查询码', 'Tracking code'],
  trackingHint: ['32 位字母和数字，受理短信或回执上有；也可以直接打开客服给您的链接。',
    'The 32 letters and digits on your receipt, or open the link customer service gave you.'],
  follow: ['查询进度', 'Follow'],
  fileComplaint: ['我要投诉', 'File a complaint'],
  board: ['投诉公示', 'Announcement board'],
  notFoundCode: ['没有找到这个查询码对应的投诉，请核对后再试。', 'No complaint has this tracking code; check it and try again.'],
  badCode: ['查询码应为 32 位字母和数字。', 'A tracking code is 32 letters and digits.'],
  complaintNo: ['投诉编号 {id}', 'Complaint {id}'],
  receivedOn: ['受理时间：{time}', 'Received {time}'],
  yourComplaint: ['您反映的问题', 'What you told us'],
  yourDemands: ['您的诉求', 'What you asked for'],
  clocksTitle: ['办理时限', 'Time limits'],
  progressTitle: ['处理进展', 'Progress'],
  noProgress: ['暂无公开进展。', 'No public progress notes yet.'],
  resultTitle: ['处理结果', 'Result'],
  remainingWork: ['遗留事项：{text}', 'Still to do: {text}'],
  replyTitle: ['给您的回复', 'Our reply'],
  remind: ['催办', 'Send a reminder'],
  photos: ['照片', 'Photos'],
  remindHint: ['催办会通知负责人员；{minutes} 分钟内只能催办一次。', 'A reminder alerts the person responsible; one every {minutes} minutes.'],
  reminded: ['已催办，负责人员会尽快处理。', 'Reminder sent; the person responsible has been told.'],
  remindersSent: ['已催办 {n} 次', '{n} reminders sent'],
  cannotRemind: ['处理结果已出，无需催办。', 'A result is in: no reminder needed.'],
  steps: ['办理步骤', 'Steps'],
  stepReceived: ['受理', 'Received'], stepDispatched: ['派单', 'Dispatched'], stepResolved: ['处理', 'Handled'],
  stepReplied: ['回复', 'Replied'], stepVisited: ['回访', 'Called back'], stepClosed: ['结案', 'Closed'],
  done: ['已完成', 'done'], pending: ['未完成', 'not yet'],
  newSearch: ['查询其他投诉', 'Follow another complaint'],
  // filing
  fileTitle: ['我要投诉', 'File a complaint'],
  fileIntro: ['请如实填写，我们会尽快联系您。带 * 的为必填项。', 'Tell us what happened; we will contact you soon. Fields marked * are required.'],
  yourName: ['您的姓名', 'Your name'],
  yourPhone: ['联系电话', 'Phone'],
  estate: ['小区', 'Estate'],
  building: ['楼栋', 'Building'],
  unit: ['房号', 'Unit'],
  content: ['投诉内容', 'What happened'],
  contentHint: ['时间、地点、经过，越具体越好（最多 {n} 字）。', 'When, where, what — the more precise the better (at most {n} characters).'],
  demands: ['您的诉求', 'What you ask for'],
  submitComplaint: ['提交投诉', 'Submit'],
  filed: ['投诉已提交', 'Complaint filed'],
  filedKeep: ['请保存下面的查询码或链接，用它随时查看进度：', 'Keep this tracking code or link to follow your complaint:'],
  followNow: ['查看进度', 'See progress'],
  intakeClosed: ['本小区暂未开通网上投诉，请拨打客服电话或到前台登记。', 'Online filing is not open here; call or visit the front desk.'],
  tooManyFilings: ['提交太频繁，请 {n} 秒后再试。', 'Too many filings from here; try again in {n} seconds.'],
  fixErrors: ['请修改标红的项目。', 'Please correct the fields marked.'],
  required: ['必填', 'Required'],
  // board
  boardTitle: ['投诉公示', 'Complaint announcements'],
  boardIntro: ['依据《投诉处理办法》公示已办结的投诉，不含业主姓名、电话和房号。', 'Complaints dealt with, published without owners’ names, phones or units.'],
  from: ['起始日期', 'From'], to: ['截止日期', 'To'],
  show: ['查询', 'Show'],
  noAnnouncements: ['这段时间没有需要公示的投诉。', 'Nothing to announce for this period.'],
  acceptedAt: ['受理时间', 'Accepted'], scope: ['区域', 'Area'], matter: ['投诉事项', 'Matter'], handling: ['处理方式', 'Handling'],
  result: ['处理结果', 'Result'], returnVisit: ['回访', 'Return visit'], precautions: ['预防措施', 'Precautions'],
  ownerConfirmation: ['业主签字确认', 'Owner confirmed'], ownerSigned: ['已确认', 'confirmed'],
  timeLimit: ['办理时限', 'Time limit'], receptionist: ['受理人', 'Received by'], followUpPerson: ['跟进人', 'Followed by'],
  personInCharge: ['负责人', 'Person in charge'], satisfied: ['满意', 'Satisfied'], unsatisfied: ['不满意', 'Not satisfied'],
  printedAt: ['打印时间：{time}', 'Printed {time}'],
  announcementsClosed: ['公示暂未公开。', 'The announcements are not public.'],
  boardMore: ['只显示了前 {count} 条：该时段还有更多，请缩短时段或指定小区。', 'Only the first {count} are shown: the period holds more; shorten it or name an estate.'],
  // console
  signIn: ['登录', 'Sign in'], signOut: ['退出', 'Sign out'],
  signInTitle: ['员工登录', 'Staff sign-in'],
  userId: ['工号', 'User id'], password: ['密码', 'Password'],
  signInFailed: ['工号或密码错误。', 'The user id or the password is wrong.'],
  signInLimited: ['失败次数过多，请 {n} 秒后再试。', 'Too many failed attempts; try again in {n} seconds.'],
  sessionEnded: ['登录已过期，请重新登录。', 'Your session ended; sign in again.'],
  live: ['实时', 'Live'], reconnecting: ['重新连接中', 'Reconnecting'],
  navQueue: ['工作台', 'Work queue'], navRegister: ['登记投诉', 'Register'], navVisits: ['回访', 'Visits'],
  navEscalations: ['督办', 'Escalations'], navNotifications: ['通知', 'Notifications'], navReports: ['报表', 'Reports'], navSearch: ['查询', 'Find'],
  tabMine: ['我的待办', 'Mine'], tabDepartment: ['本部门', 'My department'], tabDepartmentAll: ['全部在办', 'All in hand'],
  tabOverdue: ['已超时', 'Overdue'], tabDueSoon: ['2 小时内到期', 'Due within 2 h'], tabVisits: ['待回访', 'Visits due'],
  queueEmpty: ['这里没有待办的投诉。', 'Nothing here.'],
  newComplaintLive: ['新动态：{id}', 'New activity: {id}'],
  colId: ['编号', 'No.'], colStatus: ['状态', 'Status'], colWhere: ['位置', 'Where'], colContent: ['内容', 'Content'],
  colDue: ['时限', 'Due'], colHandler: ['经办人', 'Handler'], colSeverity: ['级别', 'Severity'],
  registerTitle: ['登记电话 / 来访投诉', 'Register a phone or walk-in complaint'],
  channel: ['受理渠道', 'Channel'], category: ['类别', 'Category'], incidentPlace: ['发生地点', 'Place'],
  complaintObject: ['投诉对象', 'About whom or what'], moreDetails: ['更多信息', 'More details'],
  duplicatesTitle: ['该房号近期未办结的投诉', 'Open complaints at this unit'],
  duplicatesHint: ['如是同一件事，请在原投诉上跟进，不要重复登记。', 'If it is the same matter, follow up the existing one.'],
  noDuplicates: ['该房号近期没有未办结的投诉。', 'No open complaint at this unit.'],
  registered: ['已登记 {id}', 'Registered {id}'],
  giveOwner: ['请把查询链接交给业主（短信或微信发送）：', 'Give the owner this link (by SMS or WeChat):'],
  openComplaint: ['打开投诉', 'Open the complaint'],
  registerAnother: ['再登记一件', 'Register another'],
  owner: ['业主', 'Owner'], phone: ['电话', 'Phone'], reveal: ['显示完整号码', 'Show the full number'],
  revealNote: ['查看号码会记入审计记录。', 'Viewing the number is recorded in the audit trail.'],
  details: ['投诉信息', 'Complaint'], clocks: ['时限', 'Clocks'], timeline: ['处理记录', 'Timeline'],
  actions: ['办理', 'Actions'], noActions: ['您现在没有可办理的步骤。', 'There is nothing for you to do on it now.'],
  conflict: ['此投诉刚被其他人更新（现为第 {version} 版），您的提交未保存。请查看最新内容后再提交。',
    'Someone else changed this complaint just now (version {version}); your change was not saved. Look at the latest and submit again.'],
  loadLatest: ['查看最新内容', 'Load the latest'],
  changedElsewhere: ['此投诉有新的变化。', 'This complaint has changed.'],
  done_: ['已提交', 'Submitted'],
  notFound: ['没有找到此投诉，或不在您的权限范围内。', 'No such complaint, or not in your scope.'],
  valid: ['有效投诉', 'Valid'], inScope: ['属于物业责任范围', 'Within our responsibility'], severity: ['级别', 'Severity'],
  nature: ['性质', 'Nature'], contentType: ['内容类型', 'Content type'], urgent: ['紧急（涉及人身安全或重大设施）', 'Urgent'],
  explanation: ['解释说明', 'Explanation'], department: ['部门', 'Department'], handler: ['经办人', 'Handler'], note: ['备注', 'Note'],
  text: ['内容', 'Text'], publicNote: ['业主可见', 'Visible to the owner'], measures: ['采取的措施', 'Measures taken'],
  outcomeText: ['处理结果', 'Outcome'], remainingField: ['遗留事项', 'What remains'], ownerDemands: ['业主诉求', 'Owner’s demands'], replyContent: ['回复内容', 'Reply'],
  opinionText: ['处理意见', 'Handling opinion'], ownerComment: ['业主意见', 'Owner’s comment'],
  visitOutcome: ['回访结果', 'Outcome'], solved: ['问题已解决', 'Solved'], satisfiedQ: ['业主满意', 'Owner satisfied'],
  visitMethod: ['回访方式', 'Method'], numberCalled: ['拨打号码', 'Number called'], newDemands: ['新的诉求', 'New demands'],
  cause: ['原因', 'Cause'], lessons: ['经验教训', 'Lessons'], preventiveAction: ['预防措施', 'Preventive action'],
  clock: ['时限', 'Clock'], newDueAt: ['新的截止时间', 'New due time'], reason: ['原因', 'Reason'], incidentId: ['事件编号', 'Incident id'],
  choose: ['请选择', 'Choose'],
  visitKind: ['回访类型', 'Visit'], trigger: ['原因', 'Trigger'], endpoint: ['发送渠道', 'Endpoint'], queuedAt: ['产生时间', 'Queued'],
  visitsTitle: ['待回访', 'Visits due'], escalationsTitle: ['超时督办', 'Escalations'], lateBy: ['超时', 'Late by'],
  notifiedRoles: ['已通知', 'Notified'], notificationsTitle: ['未送达的通知', 'Notifications not delivered'],
  failed: ['发送失败', 'Failed'], pendingN: ['待发送', 'Pending'], attempts: ['尝试次数', 'Attempts'], lastError: ['错误', 'Error'],
  retrySend: ['重新发送', 'Send again'], retryQueued: ['已重新排队发送。', 'Queued again.'], noneFailed: ['没有发送失败的通知。', 'No failed notification.'],
  noneVisits: ['没有待回访的投诉。', 'No visit due.'], noneEscalations: ['没有超时未办的投诉。', 'Nothing overdue.'],
  reportsTitle: ['统计报表', 'Reports'], daily: ['日报', 'Daily'], weekly: ['周报', 'Weekly'], monthly: ['月报', 'Monthly'],
  date: ['日期', 'Date'], week: ['周', 'Week'], month: ['月份', 'Month'], downloadCSV: ['下载 CSV', 'Download CSV'],
  receivedPerDay: ['每日受理量', 'Received per day'], onTimeRate: ['各时限按时率', 'On-time rate per clock'],
  satisfaction: ['满意度', 'Satisfaction'], byCategory: ['按类别', 'By category'], received: ['受理', 'Received'],
  closedN: ['结案', 'Closed'], openAtEnd: ['期末在办', 'Open at end'], returnVisitRate: ['回访率', 'Return-visit rate'],
  reprocessingRate: ['二次处理率', 'Reprocessing rate'], noData: ['暂无数据', 'No data'],
  onTime: ['按时', 'On time'], late: ['超时', 'Late'],
  reportForbidden: ['您的角色不能查看报表。', 'Your role may not read reports.'],
  forbidden: ['您没有权限执行此操作。', 'You may not do this.'],
};
