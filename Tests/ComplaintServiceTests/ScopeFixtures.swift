import ComplaintService
import Foundation
import TestSupport
import Testing

/// Two estates and staff limited to one of them or to one department, beside the unlimited
/// test users of `ServiceHarness.swift`.
enum Estate {
    static let cuiyuan = "翠苑小区"
    static let jinse = "金色家园"
}

/// Tokens of the scoped test users (each at least 16 characters).
enum ScopedToken {
    static let cui = "cui-receptionist-token-0"
    static let jin = "jin-supervisor-token-00"
    static let cleo = "cleo-cleaning-handler-00"
    static let kim = "kim-handler-token-000"
}

/// rita, dora, mona, sue, web and root as in `testUsersJSON` (every estate); cui serves 翠苑小区,
/// jin 金色家园; hank and dean are engineering, cleo cleaning, and kim an engineering handler
/// who serves 金色家园 only.
func scopedUsersJSON(hankDepartment: String = "engineering") -> String {
    """
    [{"id":"rita","role":"receptionist","token":"\(Token.rita)"},
     {"id":"cui","name":"崔","role":"receptionist","estates":["\(Estate.cuiyuan)"],"token":"\(ScopedToken.cui)"},
     {"id":"jin","name":"金","role":"supervisor","estates":["\(Estate.jinse)"],"token":"\(ScopedToken.jin)"},
     {"id":"dora","role":"director","token":"\(Token.dora)"},
     {"id":"hank","name":"Hank","role":"handler","department":"\(hankDepartment)","token":"\(Token.hank)"},
     {"id":"kim","role":"handler","department":"engineering","estates":["\(Estate.jinse)"],"token":"\(ScopedToken.kim)"},
     {"id":"dean","role":"department_head","department":"engineering","token":"\(Token.dean)"},
     {"id":"cleo","role":"handler","department":"cleaning_greening","token":"\(ScopedToken.cleo)"},
     {"id":"mona","role":"manager","token":"\(Token.mona)"},
     {"id":"sue","role":"supervisor","token":"\(Token.sue)"},
     {"id":"web","role":"intake","token":"\(Token.web)"},
     {"id":"root","role":"admin","token":"\(Token.admin)"}]
    """
}

func scopedConfiguration(_ dir: TempDir, workflow: String? = nil, hankDepartment: String = "engineering") -> ServiceConfiguration {
    var c = testConfiguration(dataDirectory: dir.path, workflow: workflow)
    c.usersJSON = Data(scopedUsersJSON(hankDepartment: hankDepartment).utf8)
    return c
}

/// A registration body at `estate`.
func complaintBody(
    estate: String, unit: String, content: String = "电梯停运 lift stuck", name: String = "李伟",
    phone: String = "13800138000", extra: [String: Any] = [:]
) -> String {
    var object: [String: Any] = [
        "channel": "phone", "content": content, "demands": "尽快修复",
        "complainant": ["name": name, "phone": phone, "estate": estate, "building": "3栋", "unit": unit],
    ]
    for (key, value) in extra { object[key] = value }
    return jsonString(object)
}

extension Running {
    /// Registers at `estate` and returns the new id.
    func registered(
        estate: String, unit: String, token: String = Token.rita, content: String = "电梯停运 lift stuck",
        extra: [String: Any] = [:]
    ) throws -> String {
        let r = try post("/v1/complaints", token: token, body: complaintBody(estate: estate, unit: unit, content: content, extra: extra))
        guard r.status == 201, let id = r.json?["id"] as? String else { throw TestError("register: \(r.status) \(r.text)") }
        return id
    }

    /// Takes `action` and requires a 200.
    func act(
        _ id: String, _ action: String, _ token: String, _ body: String = "{}",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let r = try post("/v1/complaints/\(id)/\(action)", token: token, body: body)
        try #require(r.status == 200, "\(action) \(id): \(r.status) \(r.text)", sourceLocation: sourceLocation)
    }

    /// The ids of the first page of `/v1/complaints` with `query`, as `token` sees them.
    func listedIDs(_ token: String, query: String = "") throws -> [String] {
        let r = try get("/v1/complaints" + (query.isEmpty ? "" : "?" + query), token: token)
        guard r.status == 200, let items = r.json?["items"] as? [[String: Any]] else { throw TestError("list: \(r.status) \(r.text)") }
        return items.compactMap { $0["id"] as? String }
    }
}

/// Percent-encodes a query value (estate names are Chinese).
func queryValue(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
