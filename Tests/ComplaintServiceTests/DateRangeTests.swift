import ComplaintDomain
import Dispatch
import EventStore
import Foundation
import Telemetry
import TestSupport
import Testing

@testable import ComplaintService

/// Every date from outside is inside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z or refused
/// naming the field, and a log that already holds an instant outside it loads and is served.
@Suite(.serialized)
struct DateRangeTests {
    static func body(_ extra: [String: Any]) -> String {
        var object: [String: Any] = [
            "channel": "phone", "content": "电梯停运",
            "complainant": ["name": "李伟", "phone": "13800138000", "estate": "阳光花园", "building": "3栋", "unit": "1202"],
        ]
        for (key, value) in extra { object[key] = value }
        return jsonString(object)
    }

    static func refusedField(_ r: TestResponse) -> String? {
        guard r.status == 422, let errors = r.json?["errors"] as? [[String: Any]] else { return nil }
        return errors.first?["field"] as? String
    }

    @Test func bodyDatesOutsideTheRangeAreRefusedNamingTheField() throws {
        let dir = try TempDir("dates-body")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        for bad in [
            "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.999Z", "1970-01-01T07:59:59+08:00",
            "10000-01-01T00:00:00Z", "+12026-01-01T00:00:00Z", "9999-12-31T23:59:59-00:01", "2026-11-02", "2026-11-02 09:30:00Z",
            "2026-02-30T00:00:00Z", "2026-11-02T24:00:00Z", "2026-11-02T09:30:00+24:00", "2026-11-02T09:30:00.Z", "yesterday",
        ] {
            for field in ["incidentTime", "requestedBy"] {
                let r = try s.post("/v1/complaints", token: Token.web, body: Self.body([field: bad]))
                #expect(Self.refusedField(r) == field, "\(field)=\(bad): \(r.status) \(r.text)")
            }
        }
        let ok = try s.post(
            "/v1/complaints", body: Self.body(["incidentTime": "1970-01-01T08:00:00.0001+08:00", "requestedBy": "9999-12-31T23:59:59.999999Z"]))
        #expect(ok.status == 201, "\(ok.text)")
        #expect(ok.json?["incidentTime"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(ok.json?["requestedBy"] as? String == "9999-12-31T23:59:59.999Z")
        let leap = try s.post("/v1/complaints", body: Self.body(["incidentTime": "2016-12-31t23:59:60z"]))
        #expect(leap.json?["incidentTime"] as? String == "2017-01-01T00:00:00.000Z", "\(leap.text)")
        let offset = try s.post("/v1/complaints", body: Self.body(["incidentTime": "2026-11-02T09:30:00.123456789+14:00"]))
        #expect(offset.json?["incidentTime"] as? String == "2026-11-01T19:30:00.123Z", "\(offset.text)")

        let id = try #require(ok.json?["id"] as? String)
        #expect(try s.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"major"}"#).status == 200)
        for bad in ["0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z", "1969-12-31T23:59:59.500Z"] {
            let r = try s.post(
                "/v1/complaints/\(id)/extend", token: Token.mona, body: jsonString(["clock": "major_settle", "dueAt": bad, "reason": "等配件"]))
            #expect(Self.refusedField(r) == "dueAt", "\(bad): \(r.text)")
        }
        #expect(try s.get("/healthz", token: nil).status == 200)
        #expect(try s.get("/v1/complaints/\(id)").status == 200)
    }

    @Test func queryDatesOutsideTheRangeAreRefusedNamingTheParameter() throws {
        let dir = try TempDir("dates-query")
        defer { dir.remove() }
        let s = try Running(testConfiguration(dataDirectory: dir.path))
        defer { s.stop() }
        let cases: [(String, String?, String)] = [
            ("/v1/announcements?from=0000-01-01", nil, "from"),
            ("/v1/announcements?from=1969-12-31T23:59:59.500Z", nil, "from"),
            ("/v1/announcements?to=10000-01-01", nil, "to"),
            ("/v1/announcements?to=1970-01-01", nil, "to"),  // midnight in Shanghai is 1969-12-31T16:00Z
            ("/v1/reports/daily?date=0000-01-01", Token.rita, "date"),
            ("/v1/reports/daily?date=%2B202-11-02", Token.rita, "date"),
            ("/v1/reports/weekly?week=9999-W53", Token.rita, "week"),
            ("/v1/reports/weekly?week=9999-W52", Token.rita, "week"),
            ("/v1/reports/weekly?week=0000-W01", Token.rita, "week"),
            ("/v1/reports/weekly?week=2026-W-1", Token.rita, "week"),
            ("/v1/reports/monthly?month=0000-01", Token.rita, "month"),
            ("/v1/reports/monthly?month=2026-13", Token.rita, "month"),
            ("/v1/complaints?received_from=0000-01-01T00:00:00Z", Token.rita, "received_from"),
            ("/v1/complaints?received_to=2026-13-01", Token.rita, "received_to"),
            ("/v1/complaints?cursor=s-zzzzzzzzzzzzzzzzzzzzzzzz", Token.rita, "cursor"),
            ("/v1/visits?due_before=-0001-01-01", Token.rita, "due_before"),
        ]
        for (path, token, parameter) in cases {
            let r = try s.get(path, token: token)
            #expect(r.status == 400 && r.json?["parameter"] as? String == parameter, "\(path): \(r.status) \(r.text)")
        }
        #expect(try s.get("/v1/reports/weekly?week=9999-W51").status == 200)
        #expect(try s.get("/v1/reports/daily?date=9999-12-31").status == 200)
        #expect(try s.get("/v1/reports/monthly?month=9999-11").status == 200)
        #expect(try s.get("/healthz", token: nil).status == 200)
    }

    @Test func plainQueryDatesMeanTheStartOfTheLocalDay() throws {
        let dir = try TempDir("dates-local")
        defer { dir.remove() }
        // 2026-11-30T17:00Z is already 2026-12-01 01:00 in Shanghai.
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_796_058_000))
        let s = try Running(testConfiguration(dataDirectory: dir.path), clock: clock)
        defer { s.stop() }
        #expect(try s.register().status == 201)
        func count(_ query: String) throws -> Int? { (try s.get("/v1/complaints?" + query).json?["items"] as? [Any])?.count }
        #expect(try count("received_from=2026-12-01") == 1)
        #expect(try count("received_to=2026-12-01") == 0)
        #expect(try count("received_from=2026-12-01T00:00:00Z") == 0)
        let list = try s.get("/v1/announcements?from=2026-12-01&to=2026-12-02", token: nil)
        #expect(
            list.json?["from"] as? String == "2026-11-30T16:00:00.000Z" && list.json?["to"] as? String == "2026-12-01T16:00:00.000Z", "\(list.text)")
    }

    /// What an old complaintd stored: registrations whose incidentTime is outside the range.
    static func writePoisonedLog(_ directory: String, at now: Date) throws -> [String] {
        let store = try EventStore.open(StoreConfiguration(directory: directory), now: { Timestamp.nowMilliseconds() }, log: { _, _, _ in })
        defer { store.close() }
        var book = ComplaintBook(policy: WorkflowPolicy())
        var events: [DomainEvent] = []
        let instants = [-62_167_219_200.0, -0.5, 1e14, -1e15]
        for (index, instant) in instants.enumerated() {
            let input = RegistrationInput(
                channel: .phone,
                complainant: ComplainantInput(
                    name: "李伟", phone: "13800138000", estate: "阳光花园", building: "3栋", unit: "1202"), content: "电梯停运 \(index)")
            let actor = Actor(id: "rita", role: .receptionist)
            guard
                case .registered(var registered) = try book.decide(
                    .register(input, sequence: book.nextSequence, trackingCode: "poison\(index)"), by: actor, now: now
                ).get()[0]
            else {
                throw TestError("no registration")
            }
            registered.incidentTime = Date(timeIntervalSince1970: instant)
            events.append(.registered(registered))
            book.evolve([.registered(registered)])
        }
        let records = events.map { EventCodec.record(for: $0, previous: nil) }
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        store.append(records) { result in
            outcome.set(result)
            done.signal()
        }
        done.wait()
        if case .failure(let error) = outcome.get() { throw error }
        return events.map(\.complaintID)
    }

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<[StoredRecord], StoreError>?
        func set(_ r: Result<[StoredRecord], StoreError>) {
            lock.lock()
            result = r
            lock.unlock()
        }
        func get() -> Result<[StoredRecord], StoreError>? {
            lock.lock()
            defer { lock.unlock() }
            return result
        }
    }

    @Test func aLogHoldingOutOfRangeInstantsLoadsAndIsServed() throws {
        let dir = try TempDir("dates-poison")
        defer { dir.remove() }
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let ids = try Self.writePoisonedLog(dir.path, at: now)
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.announcementsPublishWhen = .received
        let written = ["0000-01-01T00:00:00.000Z", "1969-12-31T23:59:59.500Z", "9999-12-31T23:59:59.999Z", "0000-01-01T00:00:00.000Z"]
        for round in 0..<2 {  // and again after a restart, with the assessment recorded
            let s = try Running(configuration)
            defer { s.stop() }
            for (id, expected) in zip(ids, written) {
                let one = try s.get("/v1/complaints/\(id)")
                #expect(one.status == 200 && one.json?["incidentTime"] as? String == expected, "\(id): \(one.status) \(one.text)")
                #expect(try s.get("/v1/complaints/\(id)?reveal=contact").status == 200)
                #expect(try s.events(id).count >= 1)
                #expect(try s.get("/v1/complaints/\(id)/announcement", token: nil).status == 200)
                #expect(try s.get("/v1/track/poison\(ids.firstIndex(of: id)!)", token: nil).status == 200)
            }
            if round == 0 {
                #expect(try s.post("/v1/complaints/\(ids[0])/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#).status == 200)
            }
            #expect((try s.get("/v1/complaints?limit=10").json?["items"] as? [Any])?.count == ids.count)
            #expect((try s.get("/v1/announcements", token: nil).json?["items"] as? [Any])?.count == ids.count)
            let day = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "Asia/Shanghai")!, formatOptions: [.withFullDate])
            let report = try s.get("/v1/reports/daily?date=\(day)")
            #expect(report.status == 200 && report.json?["received"] as? Int == ids.count, "\(report.text)")
            #expect(try s.get("/v1/reports/daily?date=\(day)", headers: [("Accept", "text/csv")]).status == 200)
        }
    }
}
