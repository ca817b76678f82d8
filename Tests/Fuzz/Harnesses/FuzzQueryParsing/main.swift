// libFuzzer harness: the query parsing of every list, report and announcement endpoint, through
// the functions the handlers call (QueryReader, QueryParsing.*), then — when a query parses —
// the domain's answer on a book holding a complaint at every step, rendered as the API would.
//
// Input: one byte choosing the time zone and the announcement stage, then the raw query string
// (what follows `?`).
// Must hold: no trap; a refusal is a 400 naming a parameter; every accepted date is inside
// AcceptedInstants; every answer is valid JSON (the CSV report, valid UTF-8).
import ComplaintDomain
import Foundation
import FuzzSupport
import HTTP1
import JSONCodec

@testable import ComplaintService

let fixture = FuzzFixture.book
let zones = ["Asia/Shanghai", "UTC", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"]
    .map { TimeZone(identifier: $0)! }

func checkJSON(_ bytes: [UInt8]) {
    check((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "invalid JSON: \(String(decoding: bytes, as: UTF8.self))")
}

func checkRefusal(_ refusal: Refusal) {
    check(refusal.response.status == 400, "refused with \(refusal.response.status)")
    checkJSON(refusal.response.renderedBody())
    // Every language the answer may be written in.
    for text in refusal.response.problem?.translations.values.map({ $0 }) ?? [] {
        checkJSON(refusal.response.problem!.body(typeBase: Problem.defaultTypeBase, text: text))
    }
}

func checkDate(_ date: Date?) {
    guard let date else { return }
    check(AcceptedInstants.contains(date), "accepted \(date.timeIntervalSince1970)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQueryParsing(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let zone = zones[Int(data[0]) % zones.count]
    let stage = AnnouncementStage.allCases[Int(data[0]) / zones.count % AnnouncementStage.allCases.count]
    let query = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    guard let q = QueryReader(query: query) else { return 0 }
    let state = fixture.state
    let now = FuzzFixture.now

    switch QueryParsing.complaintQuery(q, zone: zone, now: now) {
    case .failure(let refusal): checkRefusal(refusal)
    case .success(let parsed):
        checkDate(parsed.receivedFrom)
        checkDate(parsed.receivedTo)
        if case .success(let page) = state.list(parsed, coldText: { FuzzFixture.whole($0).content }) {
            var w = JSONWriter()
            w.beginArray()
            for c in page.slots.map(FuzzFixture.whole) {
                ComplaintJSON.writeSummary(c, .init(allowedActions: state.book.allowedActions(for: c, actor: FuzzFixture.admin), now: now), into: &w)
            }
            w.endArray()
            checkJSON(w.bytes)
        }
    }

    for kind in QueryParsing.ReportKind.allCases {
        switch QueryParsing.report(q, kind: kind, zone: zone) {
        case .failure(let refusal): checkRefusal(refusal)
        case .success(let asked):
            let report = state.periodReport(asked.period, estate: asked.estate)
            checkDate(report.from)
            checkDate(report.to.addingTimeInterval(-0.001))
            checkJSON(ReportJSON.encode(report, timeZone: zone.identifier))
            for language in Language.allCases {
                let csv = ReportCSV.encode(ReportTables.rows(report, zone: zone, language: language))
                check(String(validating: csv, as: UTF8.self) != nil, "CSV is not UTF-8")
                check(!ReportsAPI.disposition(report, language: language).utf8.contains { $0 >= 0x80 || $0 < 0x20 }, "Content-Disposition not ASCII")
            }
        }
    }

    switch QueryParsing.announcementFilter(q, zone: zone, now: now) {
    case .failure(let refusal): checkRefusal(refusal)
    case .success(let filter):
        checkDate(filter.from)
        checkDate(filter.to)
        check(filter.from <= filter.to && (1...Paging.maximumLimit).contains(filter.limit))
        let (slots, _) = state.announcedSlots(from: filter.from, to: filter.to, estate: filter.estate, stage: stage, limit: filter.limit)
        var w = JSONWriter()
        w.beginArray()
        for complaint in slots.map(FuzzFixture.whole) { AnnouncementAPI.write(PublicAnnouncement(complaint), &w) }
        w.endArray()
        checkJSON(w.bytes)
    }

    if case .failure(let refusal) = QueryParsing.visitsDueBefore(q, zone: zone, now: now) { checkRefusal(refusal) }
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
