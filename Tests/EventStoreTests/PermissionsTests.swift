// At rest: the store's directories are 0700 and every file it makes 0600, and what an older
// version left looser is tightened when it opens.

import Foundation
import Testing

@_spi(Testing) @testable import EventStore

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct PermissionsTests {
    @Test func everythingTheStoreCreatesIsOwnerOnly() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let nested = TemporaryDirectory(path: directory.path + "/a/b")
        let store = try openStore(nested) { $0.segmentMaxBytes = 300 }
        let written = try appendMany(store, count: 8)
        try store.writeSnapshot(sequence: 8, payload: Array("{}".utf8))
        store.close()
        // A damaged record set aside makes a quarantine file.
        var bytes = fileBytes(nested.segment(1))
        bytes[Int(written[1].position.offset) + 5] ^= 0x01
        writeBytes(bytes, to: nested.segment(1))
        let repaired = try openStore(nested) {
            $0.repair = true
            $0.segmentMaxBytes = 300
        }
        repaired.close()

        for path in [directory.path + "/a", nested.path, nested.logDirectory, nested.snapshotDirectory] {
            #expect(mode(path) == 0o700, "\(path)")
        }
        let files =
            [nested.path + "/LOCK", nested.logDirectory + "/MANIFEST"]
            + (try FileManager.default.contentsOfDirectory(atPath: nested.logDirectory)).map { nested.logDirectory + "/" + $0 }
            + (try FileManager.default.contentsOfDirectory(atPath: nested.snapshotDirectory)).map { nested.snapshotDirectory + "/" + $0 }
        #expect(files.contains { $0.contains("quarantine-") })
        #expect(files.contains { $0.hasSuffix(".snap") })
        for path in files {
            #expect(mode(path) == 0o600, "\(path)")
        }
    }

    @Test func looserModesLeftByAnOlderVersionAreTightenedWithAWarning() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let store = try openStore(directory)
        _ = try appendMany(store, count: 2)
        try store.writeSnapshot(sequence: 2, payload: Array("{}".utf8))
        store.close()
        let loose =
            [directory.path + "/LOCK", directory.segment(1), directory.logDirectory + "/MANIFEST"]
            + (try FileManager.default.contentsOfDirectory(atPath: directory.snapshotDirectory)).map { directory.snapshotDirectory + "/" + $0 }
        for path in loose { chmod(path, 0o644) }
        for path in [directory.path, directory.logDirectory, directory.snapshotDirectory] { chmod(path, 0o755) }

        let logs = LogCapture()
        let reopened = try openStore(directory, logs: logs)
        defer { reopened.close() }
        #expect(logs.messages(level: "warn") == ["tightened permissions in the data directory to owner-only (0700 directories, 0600 files)"])
        #expect(logs.entries.withLock { $0.first?.fields["count"] } == String(loose.count + 3))
        for path in loose { #expect(mode(path) == 0o600, "\(path)") }
        for path in [directory.path, directory.logDirectory, directory.snapshotDirectory] { #expect(mode(path) == 0o700, "\(path)") }
        #expect(try replayAll(reopened).records.count == 2)
    }
}

extension TemporaryDirectory {
    init(path: String) {
        self.path = path
    }
}
