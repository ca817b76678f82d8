import ComplaintDomain
import Foundation
import HTTP1
import JSONCodec

/// What an owner can do with the tracking code alone: follow the complaint, send a reminder (催办),
/// and confirm and sign the result (files: `AttachmentsAPI`).
struct OwnerAPI: Sendable {
    let core: ComplaintCore

    private static let owner = Actor(id: "owner", role: .owner, department: nil)

    func track(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        guard let complaint = try core.complaint(trackingCode: code).get() else {
            throw Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:])))
        }
        let body = ComplaintJSON.owner(complaint, now: core.clock.now(), reminderAllowed: complaint.status.isUnresolved, link: code)
        return HTTPResponse.json(200, body)
    }

    /// `POST /v1/track/{trackingCode}/confirm`: solved?, satisfied?, a comment, a signature.
    func confirm(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        guard
            core.read({ state -> Bool in
                if case .missing = state.book.lookup(trackingCode: code) { return false }
                return true
            })
        else {
            throw Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:])))
        }
        let input = try RequestDecoding.decode(ConfirmationInput.self, from: request).get()
        core.submit(.confirmByOwner(trackingCode: code, input), actor: Self.owner, scope: .unrestricted) { [core] result in
            later.respond {
                guard let complaint = try result.get().complaint else { throw Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:]))) }
                let body = ComplaintJSON.owner(complaint, now: core.clock.now(), reminderAllowed: complaint.status.isUnresolved, link: code)
                return HTTPResponse.json(200, body)
            }
        }
        return nil
    }

    func remind(_ request: HTTPRequest, _ later: ResponseLater) throws -> HTTPResponse? {
        let code = request.pathParameters["trackingCode"] ?? ""
        // Looked up first so a 404 never echoes the secret code back through the domain's message.
        guard
            core.read({ state -> Bool in
                if case .missing = state.book.lookup(trackingCode: code) { return false }
                return true
            })
        else {
            throw Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:])))
        }
        // The tracking code is the owner's credential for this one complaint: no staff scope applies.
        core.submit(.remind(trackingCode: code), actor: Self.owner, scope: .unrestricted) { [core] result in
            later.respond {
                guard let complaint = try result.get().complaint else { throw Refusal(Problems.notFound(Message(domain: .noTrackedComplaint, [:]))) }
                let body = ComplaintJSON.owner(complaint, now: core.clock.now(), reminderAllowed: complaint.status.isUnresolved, link: code)
                return HTTPResponse.json(202, body)
            }
        }
        return nil
    }
}
