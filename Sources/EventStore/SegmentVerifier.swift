// The background half of the audit-trail check: after the store opens, one low-priority thread
// reads every sealed segment once, at a bounded rate, and compares its CRC-32C with the manifest.
// Start-up only compared lengths and first and last records; this catches an altered byte
// anywhere without making a restart read the whole log.

import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Verifies sealed segments' checksums in the background.
final class SegmentVerifier: Sendable {
    private let layout: LogLayout
    private let manifest: SegmentManifest
    private let integrity: LogIntegrity
    private let bytesPerSecond: Double
    private let log: StoreLog
    /// Whether the first replay has lines still to check (`DeferredLineCheck`): the pass waits
    /// until it has none.
    private let awaitingReplay: @Sendable () -> Bool
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(
        layout: LogLayout, manifest: SegmentManifest, integrity: LogIntegrity, bytesPerSecond: Double,
        awaitingReplay: @escaping @Sendable () -> Bool = { false }, log: @escaping StoreLog
    ) {
        self.awaitingReplay = awaitingReplay
        self.layout = layout
        self.manifest = manifest
        self.integrity = integrity
        self.bytesPerSecond = bytesPerSecond
        self.log = log
    }

    /// Starts checking the given segments (sealed, present, not already known damaged), after
    /// computing the checksum of the active segment's first `activePrefix` bytes for `deliver`
    /// (its pages left in the page cache: the newest records are the ones read next).
    func start(
        segments: [UInt32], activePrefix: (segment: UInt32, length: UInt64)?,
        deliver: @escaping @Sendable (UInt32, UInt64, UInt32) -> Void
    ) {
        integrity.setSegmentsToVerify(segments.count)
        guard !segments.isEmpty || activePrefix != nil else {
            finished.signal()
            return
        }
        let thread = Thread { [self] in
            // Lowest CPU priority (on Linux, who = 0 is this thread only): replay and requests come first.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            if let (segment, length) = activePrefix,
                let checksum = try? SegmentCheck.checksum(
                    path: layout.segmentPath(segment), length: length, keepingCached: true,
                    pace: { _ in
                        !stopping.load(ordering: .relaxed)
                    })
            {
                deliver(segment, length, checksum)
            }
            run(segments)
            finished.signal()
        }
        thread.name = "EventStore.verifier"
        thread.qualityOfService = .background
        thread.start()
    }

    /// Stops the pass and waits for the thread.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
    }

    private func run(_ numbers: [UInt32]) {
        guard !numbers.isEmpty else { return }
        // The pass starts once the first replay has checked the lines it was left. Damage in
        // those segments is the replay's error (the one a full open check gives), not this
        // pass's; and reading old segments from disk beside a replay slowed it: at 10 M
        // complaints (a 39 GB log, more than memory) the replay took 0–18 % less time without
        // the pass (four paired rounds, median 7 %, on a noisy host).
        while awaitingReplay() {
            guard !stopping.load(ordering: .relaxed) else { return }
            usleep(50_000)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var bytesRead: Double = 0
        var damaged = 0
        for number in numbers {
            let state = manifest.state
            guard state.deleted[number] == nil, let sealed = state.sealed[number], integrity.segmentDamage(number) == nil else {
                integrity.countVerified()
                continue
            }
            let path = layout.segmentPath(number)
            let checksum: UInt32?
            do {
                checksum = try SegmentCheck.checksum(path: path, length: sealed.length) { [self] count in
                    bytesRead += Double(count)
                    // Keep to the rate, in short naps so that close() never waits long.
                    while !stopping.load(ordering: .relaxed) {
                        let ahead = bytesRead / bytesPerSecond - Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                        guard ahead > 0 else { break }
                        usleep(useconds_t(min(0.05, ahead) * 1e6))
                    }
                    return !stopping.load(ordering: .relaxed)
                }
            } catch {
                if manifest.state.deleted[number] == nil {
                    integrity.markSegment(number, reason: "the segment cannot be read: \(error)", sequences: sealed.range)
                    damaged += 1
                }
                integrity.countVerified()
                continue
            }
            guard let checksum else { return }  // stopped
            if let recorded = sealed.checksum {
                if recorded != checksum {
                    integrity.markSegment(
                        number, reason: "its checksum is \(ManifestEntry.hex(checksum)), the manifest recorded \(ManifestEntry.hex(recorded))",
                        sequences: sealed.range)
                    damaged += 1
                }
            } else {
                // Sealed by the migration from a log older than the manifest: record what it is now.
                var verified = sealed
                verified.checksum = checksum
                try? manifest.append([.sealed(verified)])
            }
            integrity.countVerified()
        }
        log(
            damaged > 0 ? "error" : "info", "verified the checksums of sealed segments",
            [
                "segments": String(numbers.count), "damaged": String(damaged),
                "seconds": String(format: "%.1f", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9),
            ])
    }
}
