import ComplaintDomain
import EventStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes the event log in the store's record format while the simulation runs: batches are
/// encoded on a few worker threads and written in submission order into 64 MiB segments
/// (`<dir>/log/NNNNNNNNNN.jsonl`), without fsync, as the store does with `fsync never`.
final class LogWriter: @unchecked Sendable {
    private struct Batch {
        var index: Int
        var firstSequence: UInt64
        var events: [DomainEvent]
        /// Per event: the complaint's log-wide number to write into its id, 0 to keep the id.
        var numbers: [Int32]
    }

    private struct Encoded {
        /// The sequence of the first line (the next lines' follow).
        var firstSequence: UInt64
        var bytes: [UInt8]
        /// End offset of each line in `bytes`.
        var lineEnds: [Int]
        /// Where each line takes its `prev` link (just after the stream name), and its stream's number.
        var splits: [Int]
        var streams: [Int]
    }

    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var queueHead = 0
    private var encoded: [Int: Encoded] = [:]
    private var submitted = 0
    private var nextToWrite = 0
    private var writing = false
    private var closed = false
    private var inFlight = 0
    private let maxInFlight: Int
    private var threads: [Thread] = []
    private var running = 0

    private let directory: String
    private let logDirectory: String
    private let segmentMaxBytes: Int
    private var descriptor: Int32 = -1
    private var segment: UInt32 = 0
    private var segmentBytes = 0
    /// The current segment's first and last sequence and the CRC-32C of its bytes so far, and
    /// the segments finished before it: `finish` records them in the log's manifest.
    private var segmentFirst: UInt64?
    private var segmentLast: UInt64?
    private var segmentChecksum: UInt32 = 0
    private var sealed: [SegmentAdoption.Sealed] = []
    /// Where each stream's last record went (segment << 40 | offset) and its line length (0: none
    /// yet): the next record of the stream links back to it, as the store's writer does.
    private var lastPosition: [UInt64] = []
    private var lastLength: [UInt32] = []
    /// Bytes written so far and segments started (read after `finish`).
    private(set) var bytesWritten = 0
    private(set) var segments = 0
    /// CPU seconds of the encoding threads, summed.
    private(set) var encodeSeconds = 0.0
    /// Seconds `submit` waited for the encoders (the simulation outran them).
    private(set) var waitSeconds = 0.0

    /// Prepares `<directory>/log`; refuses a directory that already holds a log.
    init(directory: String, encoders: Int, segmentMaxBytes: Int = 64 << 20) throws {
        self.directory = directory
        logDirectory = directory + "/log"
        self.segmentMaxBytes = segmentMaxBytes
        maxInFlight = 4 * encoders + 4
        let files = FileManager.default
        try files.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
        if try files.contentsOfDirectory(atPath: logDirectory).contains(where: { $0.hasSuffix(".jsonl") }) {
            throw GeneratorError("\(logDirectory) already holds a log: generate into an empty directory")
        }
        for _ in 0..<max(1, encoders) {
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            threads.append(thread)
        }
        running = threads.count
        for thread in threads { thread.start() }
    }

    /// Hands over events whose log sequences start at `firstSequence`, with the number each
    /// one's complaint id takes in the log (0: as it is); waits while too many batches are in
    /// flight, so memory stays bounded whatever the simulation's speed.
    func submit(_ events: [DomainEvent], numbers: [Int32] = [], firstSequence: UInt64) {
        guard !events.isEmpty else { return }
        condition.lock()
        if inFlight >= maxInFlight {
            let started = DispatchTime.now().uptimeNanoseconds
            while inFlight >= maxInFlight { condition.wait() }
            waitSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
        inFlight += 1
        queue.append(Batch(index: submitted, firstSequence: firstSequence, events: events, numbers: numbers))
        submitted += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Where the newest record of the complaint numbered `stream` is (segment, offset), once finished.
    func head(ofStream stream: Int) -> (segment: UInt32, offset: UInt64)? {
        guard stream < lastLength.count, lastLength[stream] > 0 else { return nil }
        return (UInt32(lastPosition[stream] >> 40), lastPosition[stream] & 0xFF_FFFF_FFFF)
    }

    /// Waits for every batch to be written, closes the last segment and records the finished
    /// ones in the log's manifest, as the store's writer does when it seals a segment (the
    /// store's first open then checks them from it instead of reading each one twice).
    func finish() throws {
        condition.lock()
        closed = true
        condition.broadcast()
        while inFlight > 0 || running > 0 { condition.wait() }
        condition.unlock()
        if descriptor >= 0 { close(descriptor) }
        try SegmentAdoption.recordSealed(sealed, firstSegment: 1, dataDirectory: directory)
    }

    private func work() {
        var payloads = PayloadEncoder()
        while true {
            condition.lock()
            while queueHead == queue.count && !closed { condition.wait() }
            if queueHead == queue.count {
                running -= 1
                encodeSeconds += threadCPUSeconds()
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue[queueHead]
            queue[queueHead].events = []
            queueHead += 1
            if queueHead > 1024 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            condition.unlock()

            var result = Encoded(firstSequence: batch.firstSequence, bytes: [], lineEnds: [], splits: [], streams: [])
            result.bytes.reserveCapacity(batch.events.count * 700)
            result.lineEnds.reserveCapacity(batch.events.count)
            result.splits.reserveCapacity(batch.events.count)
            result.streams.reserveCapacity(batch.events.count)
            var stream: [UInt8] = []
            for (offset, event) in batch.events.enumerated() {
                let number = offset < batch.numbers.count ? Int(batch.numbers[offset]) : 0
                stream.removeAll(keepingCapacity: true)
                let split = payloads.encode(event) { payload in
                    let sequence = batch.firstSequence + UInt64(offset)
                    guard number > 0 else {
                        stream.append(contentsOf: event.complaintID.utf8)
                        return appendRecordLine(sequence: sequence, event: event, stream: stream, payload: payload, into: &result.bytes)
                    }
                    // The merge renumbered the complaint: its id in the line and in the payload.
                    guard let range = complaintIDRange(in: payload) else { Self.fail("no complaintId in \(event.typeName)") }
                    ShardMerge.appendID(event.complaintID.utf8, number: number, to: &stream)
                    return appendRecordLine(
                        sequence: sequence, event: event, stream: stream, payload: payload, replacingIDAt: range, into: &result.bytes)
                }
                result.lineEnds.append(result.bytes.count)
                result.splits.append(split)
                result.streams.append(number > 0 ? number : streamNumber(event.complaintID))
            }

            condition.lock()
            encoded[batch.index] = result
            drainInOrder()
            condition.unlock()
        }
    }

    /// Under the lock: writes every encoded batch that is next in order, one writer at a time
    /// (the lock is released during the write itself).
    private func drainInOrder() {
        while !writing, let next = encoded.removeValue(forKey: nextToWrite) {
            writing = true
            nextToWrite += 1
            condition.unlock()
            write(next)
            condition.lock()
            writing = false
            inFlight -= 1
            condition.broadcast()
        }
    }

    /// Appends whole lines, each linked to its stream's previous record (`prev`), starting a new
    /// segment where the current one would pass its limit.
    private func write(_ batch: Encoded) {
        var out: [UInt8] = []
        out.reserveCapacity(batch.bytes.count + batch.lineEnds.count * 24)
        var lineStart = 0
        var link: [UInt8] = []
        link.reserveCapacity(48)
        for (index, end) in batch.lineEnds.enumerated() {
            let stream = batch.streams[index]
            if stream >= lastLength.count {
                let grown = max(stream + 1, lastLength.count * 2, 1024)
                lastPosition += repeatElement(0, count: grown - lastPosition.count)
                lastLength += repeatElement(0, count: grown - lastLength.count)
            }
            // `,"prev":[segment,offset,length]` into a scratch buffer (no arrays per line).
            link.removeAll(keepingCapacity: true)
            if lastLength[stream] > 0 {
                let packed = lastPosition[stream]
                link.append(contentsOf: #","prev":["#.utf8)
                appendDecimal(packed >> 40, to: &link)
                link.append(UInt8(ascii: ","))
                appendDecimal(packed & 0xFF_FFFF_FFFF, to: &link)
                link.append(UInt8(ascii: ","))
                appendDecimal(UInt64(lastLength[stream]), to: &link)
                link.append(UInt8(ascii: "]"))
            }
            let length = end - lineStart + link.count
            let used = segmentBytes + out.count
            if descriptor < 0 || (used > 0 && used + length > segmentMaxBytes) {
                writeAll(out, 0..<out.count)
                out.removeAll(keepingCapacity: true)
                roll()
            }
            let offset = segmentBytes + out.count
            let sequence = batch.firstSequence + UInt64(index)
            if segmentFirst == nil { segmentFirst = sequence }
            segmentLast = sequence
            let split = batch.splits[index]
            out.append(contentsOf: batch.bytes[lineStart..<split])
            out.append(contentsOf: link)
            out.append(contentsOf: batch.bytes[split..<end])
            lastPosition[stream] = UInt64(segment) << 40 | UInt64(offset)
            lastLength[stream] = UInt32(length)
            lineStart = end
        }
        writeAll(out, 0..<out.count)
    }

    private func roll() {
        if descriptor >= 0 {
            close(descriptor)
            sealed.append(
                SegmentAdoption.Sealed(
                    number: segment, length: UInt64(segmentBytes), first: segmentFirst, last: segmentLast, checksum: segmentChecksum))
        }
        segmentFirst = nil
        segmentLast = nil
        segmentChecksum = 0
        segment += 1
        segments += 1
        segmentBytes = 0
        let digits = String(segment)
        let path = logDirectory + "/" + String(repeating: "0", count: 10 - digits.count) + digits + ".jsonl"
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { Self.fail("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    private func writeAll(_ bytes: [UInt8], _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            segmentChecksum = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[range]), continuing: segmentChecksum)
            var offset = range.lowerBound
            while offset < range.upperBound {
                let n = Glibc.write(descriptor, raw.baseAddress! + offset, range.upperBound - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    Self.fail("cannot write segment \(segment): \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
        segmentBytes += range.count
        bytesWritten += range.count
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("ComplaintBench: " + message + "\n").utf8))
        exit(1)
    }
}

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A refusal of the generator's inputs, shown to the user as is.
struct GeneratorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
