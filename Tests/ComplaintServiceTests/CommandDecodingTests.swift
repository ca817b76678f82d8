import ComplaintDomain
import Foundation
import Testing

@testable import ComplaintService

@Suite("Command bodies")
struct CommandDecodingTests {
    @Test func commandsAreBuiltFromJSONBodies() throws {
        let body = Array(#"{"valid": true, "severity": "important", "nature": "help_seeking"}"#.utf8)
        let command = try Command.make(action: .assess, id: "C2611-000001", body: body).get()
        #expect(command == .assess(id: "C2611-000001", AssessmentInput(valid: true, severity: .important, nature: .helpSeeking)))
        let bad = Command.make(action: .assess, id: "x", body: Array(#"{"severity": "catastrophic"}"#.utf8))
        guard case .failure(let badError) = bad else {
            Issue.record("accepted an unknown severity")
            return
        }
        #expect(badError.kind == .validation([FieldError(field: "severity", rule: .invalidValue)]))
        #expect(try Command.make(action: .acknowledge, id: "x", body: []).get() == .acknowledge(id: "x", NoteInput()))
    }
}
