// The closed vocabularies of the workflow (workflow.md §1-6). Raw values are the wire names.

/// How a complaint reached the company (workflow.md §2).
public enum Channel: String, Codable, Sendable, CaseIterable {
    case phone, visit, online, other
}

/// Who acts on a complaint (workflow.md §1); `admin`, `intake` and `system` are technical roles.
public enum Role: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    case owner, receptionist, supervisor, director, handler
    case departmentHead = "department_head"
    case manager, leader, admin, intake, system
}

/// A department, which is also the category of a complaint (workflow.md §1, source 004 二).
public enum Department: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    case engineering
    case cleaningGreening = "cleaning_greening"
    case orderSecurity = "order_security"
    case customerService = "customer_service"
    case other
}

/// Where a complaint stands in the workflow.
public enum ComplaintStatus: String, Codable, Sendable, CaseIterable {
    case received, assessed, explained, dispatched
    case inProgress = "in_progress"
    case resolved, approved, replied, visited, closed

    /// True when the complaint still needs work from the company (not explained, visited or closed).
    public var isOpen: Bool {
        switch self {
        case .explained, .visited, .closed: return false
        default: return true
        }
    }

    /// True before the department has reported a result, the window in which owners may chase it.
    public var isUnresolved: Bool {
        switch self {
        case .received, .assessed, .dispatched, .inProgress: return true
        default: return false
        }
    }
}

/// How serious a complaint is (source 001 II.3-6); ordered minor < important < major.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable, CodingKeyRepresentable {
    case minor, important, major

    /// Orders by seriousness, so upgrades can only go up.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .minor: return 0
        case .important: return 1
        case .major: return 2
        }
    }
}

/// The nature of a complaint (source 002 I.1).
public enum Nature: String, Codable, Sendable, CaseIterable {
    case dissatisfaction
    case helpSeeking = "help_seeking"
    case consulting
}

/// What a complaint is about (source 002 I.2).
public enum ContentType: String, Codable, Sendable, CaseIterable {
    case equipment
    case serviceAttitude = "service_attitude"
    case serviceQuality = "service_quality"
    case emergency
}

/// The service-level clocks a complaint can run (workflow.md §4).
public enum ClockKind: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    case dispatch, resolve
    case majorAnswer = "major_answer"
    case majorSettle = "major_settle"
    case reply
    case returnVisit = "return_visit"
}

/// The staff actions on one complaint, named as in `POST /v1/complaints/{id}/{action}`.
public enum Action: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    case assess, dispatch, acknowledge, progress, resolve, approve, reply, visit, close, extend, link, upgrade
    /// The supervisor signs the handling opinion (source 001 V.1, VI.1).
    case opinion
    /// Staff record the owner's confirmation signed on the paper form, with a photo of the form.
    case confirm
}

/// How a return visit was made.
public enum VisitMethod: String, Codable, Sendable, CaseIterable {
    case phone, visit, online
}

/// Whether the owner could be reached on a return visit.
public enum VisitOutcome: String, Codable, Sendable, CaseIterable {
    case reachable, unreachable
}

/// Why a complaint became major without an assessment saying so (source 001 II.4).
public enum UpgradeReason: String, Codable, Sendable, CaseIterable {
    case unresolved7Days = "unresolved_7_days"
    case incidentOwners = "incident_owners"
    case staff
}

/// Someone acting on a complaint: a person with a role, and for department staff their department.
public struct Actor: Sendable, Codable, Hashable {
    /// A stable identifier of the person or client.
    public var id: String
    /// The role the request was authenticated with.
    public var role: Role
    /// The department for handlers and department heads.
    public var department: Department?

    /// Creates an actor.
    public init(id: String, role: Role, department: Department? = nil) {
        self.id = id
        self.role = role
        self.department = department
    }
}

// Roles, actions and statuses are hashed by their case, not by their String raw value (what a
// String-backed enum gets by default): the role table answers `permits(role, action)` and the
// status table its actions on every create and every read, and hashing Strings for them was 2 %
// of a create's instructions.
extension Role {
    public func hash(into hasher: inout Hasher) { hashCase(self, into: &hasher) }
}

extension Action {
    public func hash(into hasher: inout Hasher) { hashCase(self, into: &hasher) }
}

extension ComplaintStatus {
    public func hash(into hasher: inout Hasher) { hashCase(self, into: &hasher) }
}

/// Feeds `hasher` the case of an enum without payloads and with fewer than 257 cases: in memory
/// such a value is its one-byte tag, so equal values hash alike (traps if the enum is not one
/// byte).
@inline(__always)
func hashCase<Case: RawRepresentable>(_ value: Case, into hasher: inout Hasher) {
    hasher.combine(caseIndex(value))
}

/// The declaration order of a case of an enum without payloads and with fewer than 257 cases
/// (its one-byte tag in memory; the order of `allCases`).
@inline(__always)
func caseIndex<Case: RawRepresentable>(_ value: Case) -> UInt8 {
    unsafeBitCast(value, to: UInt8.self)
}

/// Sets of actions and roles as bits (bit *i* for the case declared *i*-th): the tables that
/// `allowedActions` consults on every create and read answer with an AND instead of two hashed
/// lookups each.
extension Action {
    var bit: UInt32 { 1 << UInt32(caseIndex(self)) }

    static func bits(_ actions: some Sequence<Action>) -> UInt32 { actions.reduce(0) { $0 | $1.bit } }

    /// `allCases`, made once.
    static let all = allCases
}

extension Role {
    var bit: UInt32 { 1 << UInt32(caseIndex(self)) }

    static func bits(_ roles: some Sequence<Role>) -> UInt32 { roles.reduce(0) { $0 | $1.bit } }
}
