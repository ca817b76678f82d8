import ComplaintDomain
import Foundation

/// The company's staff: service centres, each with its own front desk, return-visit desk,
/// supervisor, project director and handlers per department; department heads, managers and
/// leaders serve the whole company. Ids read like `rita`, `rita.2`, `hank.eng.3`.
///
/// `staff.json` (written beside the data) lists them all as complaintd users with the token
/// `<id>-token-0123456789`, so benchmarks can log in as anyone, e.g. `rita-token-0123456789`.
/// These tokens are public: use the file for benchmarks only, never for real data.
struct Roster: Sendable {
    /// Service centres; each estate belongs to one.
    let centers: Int
    let receptionists: [[Actor]]
    /// The return-visit desk (回访专员): receptionists who never handle the work they call about.
    let visitors: [Actor]
    let supervisors: [Actor]
    let directors: [Actor]
    /// Handlers by department (in `Department.allCases` order), then centre, then person.
    let handlers: [[[Actor]]]
    let heads: [Actor]
    let managers: [Actor]
    let leaders: [Actor]
    /// The owners' app (小程序): the intake client that registers online complaints.
    let web = Actor(id: "web", role: .intake)
    let admin = Actor(id: "admin", role: .admin)
    let system = Actor(id: "system", role: .system)
    let owner = Actor(id: "owner", role: .owner)

    static let departmentCodes: [Department: String] = [
        .engineering: "eng", .cleaningGreening: "cln", .orderSecurity: "sec", .customerService: "svc", .other: "oth",
    ]
    /// Handlers per centre in each department.
    static let handlersPerCenter: [Department: Int] = [
        .engineering: 3, .cleaningGreening: 2, .orderSecurity: 2, .customerService: 1, .other: 1,
    ]

    init(centers: Int) {
        self.centers = centers
        func id(_ base: String, _ n: Int) -> String { n == 1 ? base : base + "." + String(n) }
        receptionists = (0..<centers).map { c in (1...3).map { Actor(id: id("rita", 3 * c + $0), role: .receptionist) } }
        visitors = (0..<centers).map { Actor(id: id("vera", $0 + 1), role: .receptionist) }
        supervisors = (0..<centers).map { Actor(id: id("sue", $0 + 1), role: .supervisor) }
        directors = (0..<centers).map { Actor(id: id("dora", $0 + 1), role: .director) }
        handlers = Department.allCases.map { department in
            let code = Roster.departmentCodes[department]!
            let per = Roster.handlersPerCenter[department]!
            return (0..<centers).map { c in
                (1...per).map { Actor(id: "hank.\(code).\(per * c + $0)", role: .handler, department: department) }
            }
        }
        heads = Department.allCases.map { Actor(id: "head.\(Roster.departmentCodes[$0]!)", role: .departmentHead, department: $0) }
        managers = (1...4).map { Actor(id: id("mona", $0), role: .manager) }
        leaders = (1...2).map { Actor(id: id("leo", $0), role: .leader) }
    }

    /// The handlers of `department` at centre `center`.
    func handlers(_ department: Department, center: Int) -> [Actor] {
        handlers[Department.allCases.firstIndex(of: department)!][center]
    }

    /// The manager who approves for centre `center`.
    func manager(center: Int) -> Actor { managers[center % managers.count] }

    /// Everyone who can log in, in a stable order.
    var everyone: [Actor] {
        receptionists.flatMap { $0 } + visitors + supervisors + directors + handlers.flatMap { $0.flatMap { $0 } }
            + heads + managers + leaders + [web, admin]
    }

    /// The token of a user: a fixed pattern, so benchmarks need no environment.
    static func token(for id: String) -> String { id + "-token-0123456789" }

    /// Writes `staff.json`: a complaintd config file with only the `users` section.
    func writeConfig(to path: String, seed: UInt64) throws {
        let titles: [Role: String] = [
            .receptionist: "客服", .supervisor: "客服主管", .director: "项目总监", .handler: "维修/服务", .departmentHead: "部门负责人",
            .manager: "经理", .leader: "公司领导", .admin: "系统管理员", .intake: "业主小程序",
        ]
        var users: [[String: String]] = []
        for actor in everyone {
            var name = titles[actor.role] ?? actor.role.rawValue
            if actor.role != .intake && actor.role != .admin {
                name += " " + Names.person(mix(seed ^ UInt64(truncatingIfNeeded: actor.id.hashValueStable)))
            }
            var user = ["id": actor.id, "name": name, "role": actor.role.rawValue, "token": Roster.token(for: actor.id)]
            if let department = actor.department { user["department"] = department.rawValue }
            users.append(user)
        }
        let document: [String: Any] = [
            "_comment": "Staff of a ComplaintBench data set: complaintd --config DIR/staff.json --data-dir DIR. "
                + "Each token is <id>-token-0123456789 (public; for benchmarks only).",
            "users": users,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}

extension String {
    /// FNV-1a of the UTF-8 bytes: unlike `hashValue`, the same in every process.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
