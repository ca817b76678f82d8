#if canImport(Glibc)
import Glibc
#endif
@_spi(Testing) import ComplaintService
import Foundation
import Testing

/// A disk that fills up mid-write: the write is refused with 503 and a problem body, nothing
/// half-written becomes visible, reads go on, and a restart recovers every acknowledged complaint.
@Suite(.serialized)
struct StoreFailureTests {
    @Test func aWriteErrorAnswers503AndReadsGoOn() throws {
        let dir = try TempDir("enospc")
        defer { dir.remove() }
        let running = try Running(testConfiguration(dataDirectory: dir.path, fsync: "always"))
        let first = try running.register(content: "Written before the disk filled up")
        #expect(first.status == 201)
        let id = try #require(first.json?["id"] as? String)

        running.service.injectStoreWriteFailure(errno: ENOSPC)
        let refused = try running.register(content: "This one hits the full disk", unit: "2202")
        #expect(refused.status == 503)
        #expect(refused.header("Content-Type") == "application/problem+json")
        #expect((refused.json?["type"] as? String)?.hasSuffix("/store-unavailable") == true)
        #expect(refused.header("Retry-After") != nil)

        // Reads are served on; later writes are refused the same way (the log is read-only now).
        #expect(try running.get("/v1/complaints/\(id)").status == 200)
        #expect(try running.get("/v1/complaints").status == 200)
        #expect(try running.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#).status == 503)
        let metrics = try running.get("/metrics", token: nil).text
        #expect(metrics.contains("store_writable 0"))
        running.stop()

        // After a restart the acknowledged complaint is there and the refused one is not.
        let restarted = try Running(testConfiguration(dataDirectory: dir.path, fsync: "always"))
        #expect(try restarted.get("/v1/complaints/\(id)").status == 200)
        let list = try restarted.get("/v1/complaints").json?["items"] as? [[String: Any]] ?? []
        #expect(list.count == 1)
        #expect(try restarted.register(content: "The disk has room again", unit: "3303").status == 201)
        restarted.stop()
    }
}
