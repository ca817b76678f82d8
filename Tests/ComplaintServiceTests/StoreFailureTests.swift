@_spi(Testing) import ComplaintService
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

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

    /// A disk that stays full: not ready (503, with the reason) while writes are refused, and no
    /// restart needed — once there is room, writes resume numbered straight on, and it is ready.
    @Test func aFullDiskMakesItUnreadyAndWritesResumeWhenThereIsRoomAgain() throws {
        let dir = try TempDir("fulldisk")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path, fsync: "always")
        configuration.writeRetrySeconds = 0.2
        let running = try Running(configuration)
        defer { running.stop() }
        let first = try running.register(content: "Written before the disk filled up")
        let firstID = try #require(first.json?["id"] as? String)
        let lastBefore = try running.events(firstID).compactMap { $0["sequence"] as? Int }.max() ?? 0
        #expect(try running.get("/readyz", token: nil).status == 200)

        running.service.injectPersistentStoreWriteFailure(errno: ENOSPC)
        let refused = try running.register(content: "This one hits the full disk", unit: "2202")
        #expect(refused.status == 503)
        #expect((refused.json?["type"] as? String)?.hasSuffix("/store-unavailable") == true)
        #expect(refused.header("Retry-After") == "1")
        #expect((refused.json?["detail"] as? String)?.contains("自动恢复写入") == true, "Chinese by default")

        let unready = try running.get("/readyz", token: nil, headers: [("Accept-Language", "en-GB,en;q=0.9")])
        #expect(unready.status == 503)
        #expect(unready.header("Content-Type") == "application/problem+json")
        #expect(unready.header("Content-Language") == "en")
        #expect((unready.json?["type"] as? String)?.hasSuffix("/not-ready") == true)
        #expect(unready.json?["reason"] as? String == "store-write-failed")
        #expect(unready.json?["restartRequired"] as? Bool == false)
        #expect((unready.json?["detail"] as? String)?.contains("No space left on device") == true)
        let failing = try running.get("/metrics", token: nil).text
        #expect(failing.contains("store_writable 0"))
        #expect(failing.contains("store_write_failures_total 1"))
        // Reads go on meanwhile.
        #expect(try running.get("/v1/complaints/\(firstID)").status == 200)

        running.service.injectPersistentStoreWriteFailure(errno: nil)
        #expect(try eventually(within: 20) { try running.get("/readyz", token: nil).status == 200 })
        let accepted = try running.register(content: "The disk has room again", unit: "3303")
        #expect(accepted.status == 201)
        let secondID = try #require(accepted.json?["id"] as? String)
        let sequences = try running.events(secondID).compactMap { $0["sequence"] as? Int }
        // The refused registration used no sequence number: the log goes on without a gap.
        #expect(sequences.first == lastBefore + 1)
        let recovered = try running.get("/metrics", token: nil).text
        #expect(recovered.contains("store_writable 1"))
        #expect(recovered.contains("store_write_recoveries_total 1"))
    }

    /// When the log cannot be put back after a failed write, it says a restart is needed and
    /// promises no retry.
    @Test func aLogThatCannotBePutBackSaysARestartIsNeeded() throws {
        let dir = try TempDir("halted")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path, fsync: "always")
        configuration.writeRetrySeconds = 0.1
        let running = try Running(configuration)
        defer { running.stop() }
        #expect(try running.register(content: "Before the failure").status == 201)
        running.service.injectStoreTruncateFailure(errno: EIO)
        running.service.injectStoreWriteFailure(errno: EIO)
        let refused = try running.register(content: "Hits the failing disk", unit: "2202")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == nil)
        #expect((refused.json?["detail"] as? String)?.contains("在服务重启前拒绝写入") == true)
        usleep(400_000)
        let unready = try running.get("/readyz", token: nil)
        #expect(unready.status == 503)
        #expect(unready.header("Retry-After") == nil)
        #expect(unready.json?["restartRequired"] as? Bool == true)
        #expect((unready.json?["detail"] as? String)?.contains("需要重启") == true)
        #expect(try running.get("/metrics", token: nil).text.contains("store_restart_required 1"))
        #expect(try running.register(content: "Still refused", unit: "2203").status == 503)
    }
}
