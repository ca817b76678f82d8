// The writer's segment and sync mechanics: fdatasync with its timing, the interval policy's
// once-a-second sync, and rolling to a new segment (recorded as sealed in the manifest).

import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension GroupCommitWriter {
    /// fdatasync with its duration recorded.
    func timedSync() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        try FileSystem.fdatasync(descriptor, path: segmentPath)
        let end = DispatchTime.now().uptimeNanoseconds
        lastSyncUptime = end
        hasUnsyncedBytes = false
        let seconds = Double(end - start) / 1e9
        shared.withLock { $0.statistics.fsyncDurationBuckets.observe(seconds) }
    }

    /// Interval policy: sync if a second has passed since the last one. A failure halts writes:
    /// records already acknowledged may not be on disk, which only a restart can check.
    func syncIfDue() {
        guard hasUnsyncedBytes, DispatchTime.now().uptimeNanoseconds &- lastSyncUptime >= 1_000_000_000 else { return }
        do {
            try timedSync()
        } catch {
            markFailed(error, operation: "fdatasync", restartRequired: true)
        }
    }

    /// Makes the full segment durable, starts the next one, then records the full one as sealed.
    /// The next segment exists before the manifest names its predecessor sealed, so "sealed, and no
    /// segment after it" always means the newest segment went missing, never a crash mid-roll.
    func roll() throws {
        let oldPath = segmentPath
        try FileSystem.fsync(descriptor, path: oldPath)
        hasUnsyncedBytes = false
        let number = segmentNumber + 1
        let path = layout.segmentPath(number)
        // Not O_EXCL: a roll that failed after creating the file is retried on the same empty file.
        let next = try FileSystem.open(path, O_RDWR | O_CREAT)
        do {
            guard try FileSystem.size(next, path: path) == 0 else { throw StoreError.io(operation: "open", path: path, errno: EEXIST) }
            // The new name must survive a crash before any record in it is acknowledged.
            try FileSystem.syncDirectory(layout.logDirectory)
        } catch {
            FileSystem.close(next)
            throw error
        }
        let sealed = SealedSegment(number: segmentNumber, length: segmentSize, first: segmentFirst, last: segmentLast, checksum: sealingChecksum())
        FileSystem.close(descriptor)
        descriptor = next
        segmentNumber = number
        segmentSize = 0
        segmentChecksum = 0
        checksumBase = 0
        segmentFirst = nil
        segmentLast = nil
        shared.withLock { $0.segments.append(SegmentInfo(number: number, size: 0)) }
        do {
            try manifest.append([.sealed(sealed)])
        } catch {
            log(
                "warn", "could not record a sealed segment in the manifest; the next start seals it",
                [
                    "file": oldPath, "error": "\(error)",
                ])
        }
    }

    /// The whole active segment's checksum: what the writer appended, combined with the part that
    /// was on disk at open (from the background pass, or read now if it has not got there).
    /// Nil only if that part cannot be read; the next start's background pass then records it.
    private func sealingChecksum() -> UInt32? {
        guard checksumBase > 0 else { return segmentChecksum }
        let known = shared.withLock { state -> UInt32? in
            guard let prefix = state.activePrefix, prefix.segment == segmentNumber, prefix.length == checksumBase else { return nil }
            return prefix.checksum
        }
        guard let prefix = known ?? (try? SegmentCheck.checksum(path: segmentPath, length: checksumBase, keepingCached: true)) ?? nil else {
            return nil
        }
        return CRC32C.combine(prefix, segmentChecksum, secondLength: segmentSize - checksumBase)
    }
}
