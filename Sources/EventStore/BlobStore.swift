// Files the event log refers to by content (photos, signatures, documents), kept beside it:
//
//     <dir>/tmp/                     bodies being received, files being written (gone at start-up)
//     <dir>/pending/<sha256>.<n>     written and synced, waiting for the record that names them
//     <dir>/objects/<ab>/<sha256>    named by a durable record
//
// The order is what keeps "no record names a missing file": a file is written, fsynced and its
// directory fsynced (`BlobWriter.stage`) before the record naming it is appended; once the record
// is durable the file moves into `objects/` (`commit`). A crash in between leaves a pending file:
// at start-up the caller says which names the records replayed since the last snapshot use, and
// `recover` commits those and removes the rest (orphans). Files are 0600, directories 0700.

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A file written and synced under `pending/`, not yet named by a durable record.
public struct StagedBlob: Sendable, Hashable {
    /// The SHA-256 of its bytes (64 lower-case hex digits).
    public let sha256: String
    /// Where it is.
    let path: String
}

/// What `BlobStore.recover` did at start-up.
public struct BlobRecovery: Sendable {
    /// Pending files a replayed record names, now committed.
    public var committed: [String] = []
    /// Pending files no record names (a crash between the file and its record), removed.
    public var orphansRemoved: [String] = []
    /// Leftovers in `tmp/` (interrupted uploads), removed.
    public var temporaryFilesRemoved = 0
}

/// The content-addressed file store (see the file comment for the layout and the guarantees).
public final class BlobStore: Sendable {
    /// The store's directory.
    public let directory: String
    /// Where request bodies and files being written go (same file system: staging is a rename).
    public var temporaryDirectory: String { directory + "/tmp" }
    var pendingDirectory: String { directory + "/pending" }
    var objectsDirectory: String { directory + "/objects" }
    /// Commits that failed (an I/O error after the record was durable), retried by `settle`.
    private let unsettled = Mutex<[StagedBlob]>([])

    /// Opens (creating) the store under `directory`, its directories owner-only.
    public init(directory: String) throws {
        self.directory = directory
        for path in [directory, directory + "/tmp", directory + "/pending", directory + "/objects"] {
            try FileSystem.makeDirectory(path)
            if let info = try FileSystem.status(path), info.st_mode & 0o077 != 0 {
                try FileSystem.changeMode(path, info.st_mode & 0o700)
            }
        }
    }

    /// Whether `text` can name a file here.
    public static func isName(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// A new file under `tmp/` to write one blob into.
    public func makeWriter() throws -> BlobWriter {
        var generator = SystemRandomNumberGenerator()
        let path = temporaryDirectory + "/blob-" + String(generator.next() as UInt64, radix: 16)
        let descriptor = try FileSystem.open(path, O_WRONLY | O_CREAT | O_EXCL)
        return BlobWriter(store: self, path: path, descriptor: descriptor)
    }

    /// The committed file named `sha256`, if there is one.
    public func path(of sha256: String) -> String? {
        guard Self.isName(sha256) else { return nil }
        let path = objectPath(sha256)
        return (try? FileSystem.status(path)) != nil ? path : nil
    }

    func objectPath(_ sha256: String) -> String { objectsDirectory + "/" + sha256.prefix(2) + "/" + sha256 }

    /// Moves staged files into `objects/` once the record naming them is durable. Never throws:
    /// a failure is kept and retried by `settle` (the file stays pending meanwhile).
    public func commit(_ blobs: [StagedBlob]) {
        for blob in blobs {
            do { try move(blob) } catch { unsettled.withLock { $0.append(blob) } }
        }
    }

    /// Removes staged files whose record was refused or never written.
    public func discard(_ blobs: [StagedBlob]) {
        for blob in blobs { try? FileSystem.unlink(blob.path) }
        if !blobs.isEmpty { try? FileSystem.syncDirectory(pendingDirectory) }
    }

    /// Retries failed commits; true when none is left. A snapshot must not be written while one
    /// is (it would cover the record, and start-up would then take the pending file for an orphan).
    public func settle() -> Bool {
        let waiting = unsettled.withLock { list -> [StagedBlob] in
            defer { list = [] }
            return list
        }
        commit(waiting)
        return unsettled.withLock { $0.isEmpty }
    }

    private func move(_ blob: StagedBlob) throws {
        let bucket = objectsDirectory + "/" + blob.sha256.prefix(2)
        if try FileSystem.status(bucket) == nil {
            try FileSystem.makeDirectory(bucket)
            try FileSystem.syncDirectory(objectsDirectory)
        }
        if try FileSystem.status(blob.path) != nil {
            // Over an existing copy of the same bytes, if any: the name is the content.
            try FileSystem.rename(blob.path, objectPath(blob.sha256))
            try FileSystem.syncDirectory(bucket)
            try FileSystem.syncDirectory(pendingDirectory)
        } else if try FileSystem.status(objectPath(blob.sha256)) == nil {
            throw StoreError.io(operation: "commit", path: blob.path, errno: ENOENT)
        }
    }

    /// Start-up, after the log was replayed: commits the pending files that `referenced` (the
    /// names used by records replayed after the last snapshot) holds, removes the other pending
    /// files and everything in `tmp/`.
    public func recover(keeping referenced: Set<String>) throws -> BlobRecovery {
        var recovery = BlobRecovery()
        for name in try FileSystem.listDirectory(pendingDirectory).sorted() {
            let sha256 = String(name.prefix { $0 != "." })
            let blob = StagedBlob(sha256: sha256, path: pendingDirectory + "/" + name)
            if Self.isName(sha256) && referenced.contains(sha256) {
                try move(blob)
                recovery.committed.append(sha256)
            } else {
                try FileSystem.unlink(blob.path)
                recovery.orphansRemoved.append(sha256)
            }
        }
        if !recovery.orphansRemoved.isEmpty { try FileSystem.syncDirectory(pendingDirectory) }
        for name in try FileSystem.listDirectory(temporaryDirectory) {
            try FileSystem.unlink(temporaryDirectory + "/" + name)
            recovery.temporaryFilesRemoved += 1
        }
        return recovery
    }
}

/// Writes one blob under `tmp/`; `stage` makes it durable under `pending/`. Dropped before
/// staging, it removes its file. Used by one thread at a time.
public final class BlobWriter {
    private let store: BlobStore
    private let path: String
    private var descriptor: Int32
    /// Bytes written so far.
    public private(set) var size = 0

    init(store: BlobStore, path: String, descriptor: Int32) {
        self.store = store
        self.path = path
        self.descriptor = descriptor
    }

    /// Appends `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        try FileSystem.pwriteAll(descriptor, bytes, at: UInt64(size), path: path)
        size += bytes.count
    }

    /// Syncs the file, moves it to `pending/` under `sha256` (the caller's hash of what it wrote)
    /// and syncs that directory: from here the bytes survive a crash.
    public func stage(as sha256: String) throws -> StagedBlob {
        guard BlobStore.isName(sha256) else { throw StoreError.invalidRecord("\(sha256) is not a SHA-256 name") }
        try FileSystem.fsync(descriptor, path: path)
        FileSystem.close(descriptor)
        descriptor = -1
        var generator = SystemRandomNumberGenerator()
        let target = store.pendingDirectory + "/" + sha256 + "." + String(generator.next() as UInt32, radix: 16)
        do {
            try FileSystem.rename(path, target)
            try FileSystem.syncDirectory(store.pendingDirectory)
        } catch {
            try? FileSystem.unlink(path)
            try? FileSystem.unlink(target)
            throw error
        }
        return StagedBlob(sha256: sha256, path: target)
    }

    deinit {
        guard descriptor >= 0 else { return }
        FileSystem.close(descriptor)
        try? FileSystem.unlink(path)
    }
}
