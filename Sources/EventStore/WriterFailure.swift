// What the writer does when a write fails (disk full, I/O error): put the active segment back to
// its last durable record, refuse appends while the disk is unwell, and probe it every retry
// interval so writes resume without a restart. The records of the failed batch were never
// acknowledged, so their sequence numbers are used again and the log stays gap-free. When the
// log cannot be put back, it says so: only a restart (which checks the log again) helps then.

import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension GroupCommitWriter {
    /// Undoes a partial write, fails the appends and suspends (or halts) writing.
    func fail(_ appends: ArraySlice<PendingAppend>, error: Error, operation: String) {
        failedBatchBytes = buffer.count
        let restored = restore()
        let failure = markFailed(error, operation: operation, restartRequired: !restored)
        for append in appends { append.completion(.failure(failure)) }
    }

    /// Truncates the active segment back to its last durable record and syncs that; false if it cannot.
    private func restore() -> Bool {
        let path = segmentPath
        do {
            let injected = shared.withLock { state -> Int32? in
                defer { state.faults.nextTruncate = nil }
                return state.faults.nextTruncate
            }
            if let injected { throw StoreError.io(operation: "ftruncate", path: path, errno: injected) }
            // No partial line may stay behind: recovery would call it corruption once more lines follow.
            try FileSystem.ftruncate(descriptor, segmentSize, path: path)
            try FileSystem.fdatasync(descriptor, path: path)
            hasUnsyncedBytes = false
            return true
        } catch {
            log(
                "error", "could not put the log back to its last durable record after a failed write",
                [
                    "file": path, "offset": String(segmentSize), "error": "\(error)",
                ])
            return false
        }
    }

    /// Records the failure; appends fail fast with it from now on.
    @discardableResult
    func markFailed(_ error: Error, operation: String, restartRequired: Bool) -> StoreError {
        let code: Int32
        var name = operation
        if case StoreError.io(let failed, _, let errno) = error {
            code = errno
            name = failed
        } else {
            code = EIO
        }
        let since = now()
        let failure = shared.withLock { state -> StoreError in
            let halted = restartRequired || state.writeState.isHalted
            let failure = StoreError.writeFailed(errno: code, operation: name, restartRequired: halted)
            state.failure = failure
            state.writeState = halted ? .halted(sinceMillis: since) : .suspended(sinceMillis: since)
            state.statistics.isWritable = false
            state.statistics.isRestartRequired = halted
            state.statistics.writeFailuresTotal += 1
            return failure
        }
        var fields = ["operation": name, "error": errnoName(code), "file": segmentPath]
        if case .writeFailed(_, _, true) = failure {
            log("error", "log write failed and the log could not be restored; writes are refused until a restart", fields)
        } else {
            fields["retrySeconds"] = String(retryInterval)
            log("error", "log write failed; writes are refused until a probe write succeeds", fields)
        }
        return failure
    }

    /// Suspended: writes a scratch file as large as the failed batch and syncs it. When the disk
    /// takes it, writes resume.
    func probe() {
        let path = layout.probePath
        do {
            if let injected = shared.withLock({ $0.faults.everyWrite }) {
                throw StoreError.io(operation: "pwrite", path: path, errno: injected)
            }
            // The active segment must still end at its last durable record.
            if try FileSystem.size(descriptor, path: segmentPath) != segmentSize {
                try FileSystem.ftruncate(descriptor, segmentSize, path: segmentPath)
                try FileSystem.fdatasync(descriptor, path: segmentPath)
            }
            let scratch = try FileSystem.open(path, O_WRONLY | O_CREAT | O_TRUNC)
            defer {
                FileSystem.close(scratch)
                try? FileSystem.unlink(path)
            }
            let bytes = [UInt8](repeating: UInt8(ascii: " "), count: max(4096, min(failedBatchBytes, 8 << 20)))
            try bytes.withUnsafeBytes { try FileSystem.pwriteAll(scratch, $0, at: 0, path: path) }
            try FileSystem.fdatasync(scratch, path: path)
        } catch {
            return
        }
        let since = shared.withLock { state -> Int64? in
            guard case .suspended(let since) = state.writeState else { return nil }
            state.writeState = .accepting
            state.failure = nil
            state.statistics.isWritable = true
            state.statistics.writeRecoveriesTotal += 1
            return since
        }
        if let since {
            log(
                "info", "log writes resumed",
                [
                    "afterSeconds": String(format: "%.1f", Double(now() - since) / 1000),
                    "file": segmentPath,
                ])
        }
    }
}

extension WriteState {
    var isHalted: Bool {
        if case .halted = self { return true }
        return false
    }
}
