import ComplaintService
import Foundation
import TestSupport
import Testing

/// Bearer tokens of the test users (each at least 16 characters).
enum Token {
    static let rita = "rita-receptionist-token"
    static let dora = "dora-director-token-0"
    static let hank = "hank-handler-token-00"
    static let dean = "dean-depthead-token-0"
    static let mona = "mona-manager-token-00"
    static let sue = "sue-supervisor-token-0"
    static let web = "web-intake-client-token"
    static let admin = "admin-token-000000000"
}

let testUsersJSON = """
    [{"id":"rita","name":"王芳","role":"receptionist","token":"\(Token.rita)","mobile":"139 0013 9000"},
     {"id":"dora","role":"director","token":"\(Token.dora)"},
     {"id":"hank","name":"李强","role":"handler","department":"engineering","token":"\(Token.hank)","mobile":"+86 137-0013-7000"},
     {"id":"dean","role":"department_head","department":"engineering","token":"\(Token.dean)"},
     {"id":"mona","role":"manager","token":"\(Token.mona)"},
     {"id":"sue","role":"supervisor","token":"\(Token.sue)"},
     {"id":"web","role":"intake","token":"\(Token.web)"},
     {"id":"root","role":"admin","token":"\(Token.admin)"}]
    """

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TempDir {
    let path: String
    init(_ label: String = "svc") throws {
        path = NSTemporaryDirectory() + "complaintd-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

func testConfiguration(dataDirectory: String, workflow: String? = nil, fsync: String = "never") -> ServiceConfiguration {
    var c = ServiceConfiguration()
    c.http.port = 0
    c.http.host = "127.0.0.1"
    c.http.accessLog = false
    c.http.eventLoops = 1
    c.dataDirectory = dataDirectory
    c.fsync = FsyncMode(rawValue: fsync)!
    c.usersJSON = Data(testUsersJSON.utf8)
    if let workflow { c.workflow = try! ConfigurationLoader.workflowPolicy(json: workflow) }
    c.schedulerTickSeconds = 0.05
    c.shutdownGraceSeconds = 2
    return c
}

/// A started service on an ephemeral loopback port.
final class Running {
    let service: Service
    let port: Int
    private var stopped = false

    init(_ configuration: ServiceConfiguration, clock: (any ServiceClock)? = nil) throws {
        service = clock.map { Service(configuration: configuration, clock: $0) } ?? Service(configuration: configuration)
        port = try service.start()
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        service.shutdown()
    }

    deinit { stop() }

    func get(_ path: String, token: String? = Token.rita, headers: [(String, String)] = []) throws -> TestResponse {
        try http(port, "GET", path, token: token, headers: headers)
    }

    func post(
        _ path: String, token: String? = Token.rita, body: String? = "{}", contentType: String? = "application/json",
        headers: [(String, String)] = []
    ) throws -> TestResponse {
        try http(port, "POST", path, token: token, body: body, contentType: contentType, headers: headers)
    }

    /// Registers a phone complaint and returns the 201 response.
    func register(
        content: String = "The lift in building 3 has been stuck since Monday.", token: String = Token.rita,
        unit: String = "1201", headers: [(String, String)] = []
    ) throws -> TestResponse {
        try post("/v1/complaints", token: token, body: registrationBody(content: content, unit: unit), headers: headers)
    }

    /// The complaint's audit trail, oldest first.
    func events(_ id: String, token: String = Token.rita) throws -> [[String: Any]] {
        let r = try get("/v1/complaints/\(id)/events", token: token)
        guard r.status == 200, let items = r.json?["items"] as? [[String: Any]] else { throw TestError("events: \(r.status) \(r.text)") }
        return items
    }
}

func registrationBody(content: String, unit: String = "1201", name: String = "Zhang Wei", phone: String = "13800138000") -> String {
    let object: [String: Any] = [
        "channel": "phone",
        "complainant": ["name": name, "phone": phone, "estate": "Sunny Gardens", "building": "3", "unit": unit],
        "content": content,
        "demands": "Repair it this week.",
    ]
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

func jsonString(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}
