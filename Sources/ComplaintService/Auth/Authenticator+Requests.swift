import HTTP1

extension Authenticator {
    /// The caller of `request`; throws the 401 refusal without a valid token.
    func caller(_ request: HTTPRequest) throws -> Principal {
        guard let principal = authenticate(request.headers["authorization"]) else { throw Refusal(Problems.unauthorized()) }
        return principal
    }

    /// The caller of a staff read of `what`: 401 without a valid token, 403 for an intake client.
    func staffReader(_ request: HTTPRequest, reading what: String) throws -> Principal {
        try reader(request.headers["authorization"], reading: what).get()
    }
}
