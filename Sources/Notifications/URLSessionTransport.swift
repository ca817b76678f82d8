import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `https://` endpoints: Glibc has no TLS, so these go through FoundationNetworking's URLSession
/// (libcurl underneath). Blocking, on the delivery worker's thread.
struct URLSessionTransport: NotificationTransport {
    func send(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse {
        guard let url = URL(string: request.url) else { throw ClientError("bad URL") }
        var urlRequest = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        urlRequest.httpMethod = "POST"
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = Data(request.body)
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let task = URLSession.shared.dataTask(with: urlRequest) { data, response, error in
            if let error {
                box.set(.failure(ClientError("\(error.localizedDescription)")))
            } else if let http = response as? HTTPURLResponse {
                let headers = http.allHeaderFields.map { ("\($0.key)", "\($0.value)") }
                box.set(.success(ClientResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data()))))
            } else {
                box.set(.failure(ClientError("no HTTP response")))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeoutSeconds + 1) == .timedOut {
            task.cancel()
            throw ClientError("timed out")
        }
        switch box.get() {
        case .success(let response): return response
        case .failure(let error): throw error
        case nil: throw ClientError("no result")
        }
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<ClientResponse, ClientError>?
        func set(_ value: Result<ClientResponse, ClientError>) {
            lock.lock()
            result = value
            lock.unlock()
        }
        func get() -> Result<ClientResponse, ClientError>? {
            lock.lock()
            defer { lock.unlock() }
            return result
        }
    }
}
