// Helpers shared by the store tests: temp directories, blocking appends, log capture.

import Dispatch
import Foundation
import Synchronization

@_spi(Testing) @testable import EventStore

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh directory under the system temp dir, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init() {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("eventstore-tests-\(UUID().uuidString)").path
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }

    var logDirectory: String { path + "/log" }
    var snapshotDirectory: String { path + "/snapshots" }

    func segment(_ number: UInt32) -> String { logDirectory + "/" + LogLayout.segmentName(number) }

    func segmentFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: logDirectory)) ?? [])
            .filter { LogLayout.segmentNumber(fromName: $0) != nil }.sorted()
    }
}

/// Captures the store's log lines.
final class LogCapture: Sendable {
    let entries = Mutex<[(level: String, message: String, fields: [String: String])]>([])

    var sink: @Sendable (String, String, [String: String]) -> Void {
        { level, message, fields in self.entries.withLock { $0.append((level, message, fields)) } }
    }

    func messages(level: String) -> [String] {
        entries.withLock { $0.filter { $0.level == level }.map(\.message) }
    }
}

/// A clock tests can read; starts at a fixed instant.
final class TestClock: Sendable {
    let millis = Mutex<Int64>(1_763_800_000_000)
    var now: @Sendable () -> Int64 { { self.millis.withLock { $0 } } }
    func advance(seconds: Double) { millis.withLock { $0 += Int64(seconds * 1000) } }
}

func openStore(
    _ directory: TemporaryDirectory, logs: LogCapture = LogCapture(), clock: TestClock = TestClock(),
    configure: (inout StoreConfiguration) -> Void = { _ in }
) throws -> EventStore {
    var configuration = StoreConfiguration(directory: directory.path)
    configure(&configuration)
    return try EventStore.open(configuration, now: clock.now, log: logs.sink)
}

func record(_ index: Int, type: String = "thing.happened", stream: String = "S-1") -> NewRecord {
    NewRecord(type: type, stream: stream, payload: Array(#"{"n":\#(index),"text":"hello \"world\""}"#.utf8))
}

/// Appends and blocks until the completion ran.
@discardableResult
func appendAndWait(_ store: EventStore, _ records: [NewRecord]) -> Result<[StoredRecord], StoreError> {
    let result = Mutex<Result<[StoredRecord], StoreError>?>(nil)
    let done = DispatchSemaphore(value: 0)
    store.append(records) { outcome in
        result.withLock { $0 = outcome }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}

/// Appends `count` single-record batches, numbered from `start`.
func appendMany(_ store: EventStore, count: Int, start: Int = 1) throws -> [StoredRecord] {
    try (start..<(start + count)).map { try appendAndWait(store, [record($0)]).get()[0] }
}

/// Every record with sequence > after.
func replayAll(_ store: EventStore, after: UInt64 = 0) throws -> (records: [StoredRecord], report: RecoveryReport) {
    var records: [StoredRecord] = []
    let report = try store.replay(after: after) { records.append($0) }
    return (records, report)
}

func fileBytes(_ path: String) -> [UInt8] {
    Array(FileManager.default.contents(atPath: path) ?? Data())
}

/// Rewrites a file in place (keeping its mode, as an editor or a damaged disk would), or creates it 0600.
func writeBytes(_ bytes: [UInt8], to path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(descriptor >= 0, "open \(path)")
    defer { close(descriptor) }
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    precondition(written == bytes.count, "write \(path)")
}

/// The permission bits of a path (a link is not followed).
func mode(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & 0o777 : nil
}

/// Waits (generously) until `condition` holds; false if it never did.
func eventually(within seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

extension StoredRecord {
    /// The fields a reader sees (position and timestamp compared separately).
    var summary: String {
        "\(sequence) \(type) \(stream) \(String(decoding: payload, as: UTF8.self))"
    }
}
