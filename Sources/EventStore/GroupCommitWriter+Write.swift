// The writer thread's write path: one batch encoded, written in as few chunks as segment
// boundaries allow, synced, and each append answered with its stored records.

import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension GroupCommitWriter {
    /// Writes the appends in as few chunks as segment boundaries allow, one write + one sync each.
    func write(_ appends: [PendingAppend]) {
        guard !appends.isEmpty else { return }
        if let failure = shared.withLock({ $0.failure }) {
            for append in appends { append.completion(.failure(failure)) }
            return
        }
        var index = 0
        while index < appends.count {
            buffer.removeAll(keepingCapacity: true)
            let timestamp = now()
            var sequence = nextSequence
            var results: [[StoredRecord]] = []
            var needsRoll = false
            let first = index
            while index < appends.count {
                let mark = buffer.count
                var stored: [StoredRecord] = []
                stored.reserveCapacity(appends[index].records.count)
                for record in appends[index].records {
                    let offset = segmentSize + UInt64(buffer.count)
                    // A record links to the one before it in the same append when that is of its stream.
                    let previous = stored.last { $0.stream == record.stream }?.position ?? record.previous
                    let length = RecordFormat.encode(
                        sequence: sequence, timestampMillis: timestamp, record: record,
                        previous: previous, into: &buffer)
                    stored.append(
                        StoredRecord(
                            sequence: sequence, timestampMillis: timestamp, type: record.type, stream: record.stream,
                            payload: record.payload,
                            position: RecordPosition(segment: segmentNumber, offset: offset, length: UInt32(length)),
                            previous: previous))
                    sequence += 1
                }
                // An append never straddles segments; an oversized one gets a fresh segment to itself.
                if segmentSize + UInt64(buffer.count) > segmentMaxBytes && (segmentSize > 0 || mark > 0) {
                    buffer.removeSubrange(mark...)
                    sequence -= UInt64(stored.count)
                    needsRoll = true
                    break
                }
                results.append(stored)
                index += 1
            }
            if !results.isEmpty {
                do {
                    try writeBuffer()
                } catch {
                    fail(appends[first...], error: error, operation: "write")
                    return
                }
                nextSequence = sequence
                complete(appends[first..<index], results)
            }
            if needsRoll {
                do {
                    try roll()
                } catch {
                    fail(appends[index...], error: error, operation: "roll segment")
                    return
                }
            }
        }
    }

    /// One pwrite of the buffer at the segment's end, then the sync the policy promises.
    func writeBuffer() throws {
        let injected = shared.withLock { state -> Int32? in
            defer { state.faults.nextWrite = nil }
            return state.faults.nextWrite ?? state.faults.everyWrite
        }
        let path = segmentPath
        try buffer.withUnsafeBytes { bytes in
            if let injected {
                // Simulate a disk that fills mid-write: half the bytes land, then the error.
                try FileSystem.pwriteAll(descriptor, UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count / 2)]), at: segmentSize, path: path)
                throw StoreError.io(operation: "pwrite", path: path, errno: injected)
            }
            try FileSystem.pwriteAll(descriptor, bytes, at: segmentSize, path: path)
        }
        hasUnsyncedBytes = true
        switch policy {
        case .always: try timedSync()
        case .interval: syncIfDue()
        case .never: break
        }
    }

    /// Publishes the written chunk and runs its completions.
    func complete(_ appends: ArraySlice<PendingAppend>, _ results: [[StoredRecord]]) {
        let written = UInt64(buffer.count)
        let count = results.reduce(0) { $0 + $1.count }
        let firstSequence = results.first?.first?.sequence
        segmentChecksum = CRC32C.checksum(buffer, continuing: segmentChecksum)
        if segmentFirst == nil { segmentFirst = firstSequence }
        segmentLast = nextSequence - 1
        shared.withLock { state in
            state.lastSequence = nextSequence - 1
            let active = state.segments.count - 1
            state.segments[active].size += written
            if state.segments[active].firstSequence == nil { state.segments[active].firstSequence = firstSequence }
            state.segments[active].lastSequence = nextSequence - 1
            state.statistics.appendsTotal += 1
            state.statistics.recordsTotal += UInt64(count)
            state.statistics.logBytes += written
            state.statistics.batchSizeBuckets.observe(Double(count))
        }
        segmentSize += written
        for (append, stored) in zip(appends, results) {
            append.completion(.success(stored))
        }
    }
}
