// libFuzzer harness: the JSON decoding of every request body, through the functions the handlers
// call (RequestDecoding.decode for registrations and incidents — and RegistrationBody's direct
// reader, which must agree with it whenever it answers —, Command.make with the request
// decoder for the twelve actions), then — when it decodes — the domain's decision on a book
// holding a complaint at every step, and the JSON the service would answer.
//
// Input: one selector byte (which body, which complaint), then the body bytes.
// Must hold: no trap; a refusal is 400, 415 or 422; every decoded date is inside
// AcceptedInstants; every answer is valid JSON.
import ComplaintDomain
import Foundation
import FuzzSupport
import HTTP1
import JSONCodec

@testable import ComplaintService

let decoder = RequestDecoding.decoder
let actions = Action.allCases
let fixture = FuzzFixture.book
let headers = HTTPHeaders([("content-type", "application/json")])

func checkRefusal(_ refusal: Refusal) {
    check([400, 415, 422].contains(refusal.response.status), "refused with \(refusal.response.status)")
    checkJSON(refusal.response.renderedBody())
    // Every language the answer may be written in.
    for text in refusal.response.problem?.translations.values.map({ $0 }) ?? [] {
        checkJSON(refusal.response.problem!.body(typeBase: Problem.defaultTypeBase, text: text))
    }
}

func checkJSON(_ bytes: [UInt8]) {
    check((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "invalid JSON: \(String(decoding: bytes, as: UTF8.self))")
}

func checkDate(_ date: Date?, _ field: String) {
    guard let date else { return }
    check(AcceptedInstants.contains(date), "\(field) \(date.timeIntervalSince1970) decoded outside the range")
}

/// Decides `command` on a copy of the fixture, applies it and renders what the API would answer.
func decideAndRender(_ command: Command, id: String?) {
    var state = fixture.state
    // A closed complaint is brought back whole first, as the service does.
    if let id, state.book.isCold(id: id), let slot = state.book.slot(of: id) { state.book.hydrate(FuzzFixture.whole(slot)) }
    guard case .success(let events) = state.book.decide(command, by: FuzzFixture.admin, now: FuzzFixture.now) else { return }
    var complaint: Complaint?
    for event in events { if let whole = state.evolve(event)?.whole { complaint = whole } }
    guard let complaint else { return }
    checkJSON(ComplaintJSON.staff(complaint, .init(revealContact: true, includeTrackingCode: true, allowedActions: [], now: FuzzFixture.now)))
    checkJSON(ComplaintJSON.owner(complaint, now: FuzzFixture.now, reminderAllowed: true))
    var w = JSONWriter()
    AnnouncementAPI.write(PublicAnnouncement(complaint), &w)
    checkJSON(w.bytes)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestBodies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let selector = Int(data[0])
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let request = HTTPRequest(method: .POST, path: "/v1/complaints", headers: headers, body: body)
    _ = RequestDecoding.checkJSONBody(request)
    let kind = selector % (actions.count + 2)
    let target = fixture.ids[(selector / (actions.count + 2)) % fixture.ids.count]
    if kind == actions.count {
        let general = RequestDecoding.decode(RegistrationInput.self, from: request)
        // The create path's direct reader must agree with the general decoder whenever it answers.
        if let direct = RegistrationBody.read(body) {
            guard case .success(let input) = general, input == direct else { fatalError("direct reader disagrees: \(direct) vs \(general)") }
        }
        switch general {
        case .failure(let refusal): checkRefusal(refusal)
        case .success(let input):
            checkDate(input.incidentTime, "incidentTime")
            checkDate(input.requestedBy, "requestedBy")
            decideAndRender(.register(input, sequence: fixture.state.book.nextSequence, trackingCode: "fuzz-new"), id: nil)
        }
    } else if kind == actions.count + 1 {
        if case .failure(let refusal) = RequestDecoding.decode(WorkQueueAPI.IncidentInput.self, from: request) { checkRefusal(refusal) }
    } else {
        switch Command.make(action: actions[kind], id: target, body: body, decoder: decoder) {
        case .failure(let error):
            guard case .validation(let fields) = error.kind, !fields.isEmpty else { fatalError("not a validation error: \(error)") }
            checkJSON(Problems.domain(error).renderedBody())
        case .success(let command):
            if case .extend(_, let input) = command { checkDate(input.dueAt, "dueAt") }
            decideAndRender(command, id: target)
        }
    }
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
