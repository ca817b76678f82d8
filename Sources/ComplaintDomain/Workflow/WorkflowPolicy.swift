import Foundation

/// Every number and table of the workflow, with defaults from workflow.md §4; durations are seconds.
///
/// Durations are `Double` seconds rather than `Duration` so that configuration files stay plain
/// JSON and tests can run a whole lifecycle with clocks of a few seconds.
public struct WorkflowPolicy: Sendable, Codable, Equatable {
    /// Hand over to a department within this long after receipt (001 IV.2: 10 minutes).
    public var dispatchWithin: Double = 600
    /// Resolve a minor complaint within this long after receipt (001 VI.4(1): half a day).
    public var resolveMinor: Double = 43_200
    /// Resolve an important complaint within this long after receipt (001 VI.4(2): 1 day).
    public var resolveImportant: Double = 86_400
    /// Give a major complaint's owner a clear answer within this long (001 VI.4(3): 2 days).
    public var majorAnswer: Double = 172_800
    /// Settle a major complaint within this long (001 VI.4(3): 15 days).
    public var majorSettle: Double = 1_296_000
    /// Make the return visit within this long after the reply (001 VIII: 1 day).
    public var returnVisitWithin: Double = 86_400
    /// Try an unreachable owner again after this long.
    public var visitRetryAfter: Double = 7_200
    /// Make the follow-up visit this long after a successful visit (004 六: about a week).
    public var followUpVisitAfter: Double = 604_800
    /// A valid complaint still unresolved this long after receipt becomes major (001 II.4(3)).
    public var autoUpgradeAfter: Double = 604_800
    /// More than this many distinct owners on one incident make all its complaints major (001 II.4(5)).
    public var incidentOwnersForMajor: Int = 5
    /// Open complaints at the same unit and category within this window are possible duplicates.
    public var duplicateWindow: Double = 604_800
    /// A complaint at the same unit and category within this window counts as a repeat.
    public var repeatWindow: Double = 2_592_000
    /// An owner may chase (催办) a complaint at most once per this interval.
    public var reminderInterval: Double = 1_800
    /// Whether minor complaints also need a manager's approval before the reply (001 VII).
    public var approvalRequiredForMinor: Bool = false
    /// The zone whose local day bounds the same-day reply (001 VI.3), and that names ids.
    public var timeZone: String = "Asia/Shanghai"
    /// Longest accepted complaint content, demands and reply, in characters.
    public var maxContentLength: Int = 5_000
    /// Longest accepted note, progress text, result, explanation, reason or closing summary, in
    /// characters (names and places have fixed limits: 100 and 200).
    public var maxNoteLength: Int = 2_000
    /// Which roles may take each staff action; department and ownership checks come on top.
    public var permissions: [Action: Set<Role>] = WorkflowPolicy.defaultPermissions {
        didSet { permitted = Self.permittedBits(permissions) }
    }
    /// `permissions` as bits (`Role.bit`), by action in declaration order; kept with it (an
    /// initializer that sets `permissions` sets this too: observers do not run there).
    private var permitted: [UInt32] = WorkflowPolicy.permittedBits(WorkflowPolicy.defaultPermissions)
    /// Who is told when a clock runs out: the next level up (workflow.md §4).
    public var escalationTargets: [ClockKind: [Role]] = WorkflowPolicy.defaultEscalationTargets
    /// Who is told at once of a major complaint (001 I.6, IV.1).
    public var majorNotify: [Role] = [.departmentHead, .leader]
    /// Severities whose dispatch waits for the supervisor's signed handling opinion (001 V.1).
    public var opinionRequiredFor: [Severity] = [.important, .major]
    /// Who approves a result before the reply, by severity (001 VII; workflow.md §1). Important and
    /// major results always need an approval; a minor one only with `approvalRequiredForMinor`.
    /// An empty list means the manager; admin may always approve.
    public var approvers: [Severity: [Role]] = WorkflowPolicy.defaultApprovers
    /// Categories whose result must come with an after-repair photo (整改后照片).
    public var afterRepairPhotoRequiredFor: [Department] = []
    /// Most files one complaint may hold (the `attachments.maxPerComplaint` setting; not part of
    /// the `workflow` section).
    public var maxAttachmentsPerComplaint: Int = 20
    /// Most of those the owner (tracking code or intake form) may add (`attachments.maxFromOwner`).
    public var maxAttachmentsFromOwner: Int = 10

    /// Creates the default policy.
    public init() {}

    /// The permission table of workflow.md §1, as the issue spells it out.
    public static let defaultPermissions: [Action: Set<Role>] = [
        .assess: [.director, .manager, .admin],
        .dispatch: [.receptionist, .supervisor, .director, .manager, .admin],
        .acknowledge: [.handler, .departmentHead, .admin],
        .progress: [.handler, .departmentHead, .admin, .receptionist, .supervisor],
        .resolve: [.handler, .departmentHead, .admin],
        .approve: [.supervisor, .manager, .admin],
        .reply: [.receptionist, .supervisor, .admin],
        .visit: [.receptionist, .supervisor, .admin],
        .close: [.receptionist, .supervisor, .manager, .admin],
        .extend: [.manager, .admin],
        .link: [.receptionist, .supervisor, .director, .manager, .admin],
        .upgrade: [.director, .manager, .admin],
        .opinion: [.supervisor, .admin],
        .confirm: [.receptionist, .supervisor, .admin],
    ]

    /// Approvers by severity, as the issue spells them out: minor none, important supervisor or
    /// manager, major manager.
    public static let defaultApprovers: [Severity: [Role]] = [.minor: [], .important: [.supervisor, .manager], .major: [.manager]]

    /// Roles that may register a complaint: all staff, the intake client and admin.
    public static let registrationRoles: Set<Role> = Set(Role.allCases).subtracting([.owner, .system])
    /// Roles that may read a complainant's unmasked contact (audited by `contactViewed`).
    public static let contactViewerRoles: Set<Role> = Set(Role.allCases).subtracting([.owner, .system, .intake])
    /// Roles that may run the scheduler's commands (escalations and automatic upgrades).
    public static let schedulerRoles: Set<Role> = [.system, .admin]

    /// The next level up for each clock.
    public static let defaultEscalationTargets: [ClockKind: [Role]] = [
        .dispatch: [.supervisor],
        .resolve: [.departmentHead, .manager],
        .majorAnswer: [.departmentHead, .manager, .leader],
        .majorSettle: [.departmentHead, .manager, .leader],
        .reply: [.supervisor],
        .returnVisit: [.supervisor, .manager],
    ]

    /// Whether `severity` needs an approval between resolution and reply.
    public func requiresApproval(_ severity: Severity?) -> Bool {
        switch severity ?? .minor {
        case .minor: return approvalRequiredForMinor
        case .important, .major: return true
        }
    }

    /// The roles that approve a result of `severity` (admin besides): the listed ones, the
    /// manager when none are. A minor result needs no approval unless `approvalRequiredForMinor`,
    /// but these roles may still give one.
    public func approvingRoles(_ severity: Severity?) -> [Role] {
        let listed = approvers[severity ?? .minor] ?? []
        return listed.isEmpty ? [.manager] : listed
    }

    /// Whether `role` may approve a result of `severity`.
    public func mayApprove(_ role: Role, _ severity: Severity?) -> Bool {
        role == .admin || approvingRoles(severity).contains(role)
    }

    /// Whether `role` may take `action` at all.
    public func permits(_ role: Role, _ action: Action) -> Bool {
        permitted[Int(caseIndex(action))] & role.bit != 0
    }

    private static func permittedBits(_ permissions: [Action: Set<Role>]) -> [UInt32] {
        Action.all.map { Role.bits(permissions[$0] ?? []) }
    }

    /// The calendar of the policy's zone; falls back to UTC+8 when the identifier is unknown.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }

    private enum CodingKeys: String, CodingKey {
        case dispatchWithin, resolveMinor, resolveImportant, majorAnswer, majorSettle, returnVisitWithin
        case visitRetryAfter, followUpVisitAfter, autoUpgradeAfter, incidentOwnersForMajor, duplicateWindow
        case repeatWindow, reminderInterval, approvalRequiredForMinor, timeZone, maxContentLength, maxNoteLength
        case permissions, escalationTargets, majorNotify, opinionRequiredFor, approvers, afterRepairPhotoRequiredFor
    }

    /// Decodes a policy where every key is optional, so a config file names only what it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WorkflowPolicy()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        dispatchWithin = try value(.dispatchWithin, d.dispatchWithin)
        resolveMinor = try value(.resolveMinor, d.resolveMinor)
        resolveImportant = try value(.resolveImportant, d.resolveImportant)
        majorAnswer = try value(.majorAnswer, d.majorAnswer)
        majorSettle = try value(.majorSettle, d.majorSettle)
        returnVisitWithin = try value(.returnVisitWithin, d.returnVisitWithin)
        visitRetryAfter = try value(.visitRetryAfter, d.visitRetryAfter)
        followUpVisitAfter = try value(.followUpVisitAfter, d.followUpVisitAfter)
        autoUpgradeAfter = try value(.autoUpgradeAfter, d.autoUpgradeAfter)
        incidentOwnersForMajor = try value(.incidentOwnersForMajor, d.incidentOwnersForMajor)
        duplicateWindow = try value(.duplicateWindow, d.duplicateWindow)
        repeatWindow = try value(.repeatWindow, d.repeatWindow)
        reminderInterval = try value(.reminderInterval, d.reminderInterval)
        approvalRequiredForMinor = try value(.approvalRequiredForMinor, d.approvalRequiredForMinor)
        timeZone = try value(.timeZone, d.timeZone)
        maxContentLength = try value(.maxContentLength, d.maxContentLength)
        maxNoteLength = try value(.maxNoteLength, d.maxNoteLength)
        // Tables merge over the defaults: an action or severity a file does not name keeps its
        // default (a file written before `opinion` existed does not take that step from everyone).
        permissions = d.permissions.merging(try value(.permissions, [:])) { $1 }
        permitted = Self.permittedBits(permissions)
        escalationTargets = try value(.escalationTargets, d.escalationTargets)
        majorNotify = try value(.majorNotify, d.majorNotify)
        opinionRequiredFor = try value(.opinionRequiredFor, d.opinionRequiredFor)
        approvers = d.approvers.merging(try value(.approvers, [:])) { $1 }
        afterRepairPhotoRequiredFor = try value(.afterRepairPhotoRequiredFor, d.afterRepairPhotoRequiredFor)
    }
}
