import ComplaintDomain
import EventStore
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The summary file: what a list item shows of each closed complaint (`ColdSummary`), so a page
/// of closed complaints costs one read each instead of following each one's chain of records
/// through the log (about ten reads, decodes and a fold).
///
/// Derived data, never the truth: `summaries.dat` holds entries appended one after another,
/// `summaries.idx` the entry of each slot (eight bytes at `slot * 8`: offset << 24 | length, zero
/// when none). Nothing is synced: after a crash an entry may be missing, torn or stale, and then
/// its checksum, its complaint's number, version or newest record does not match, and the list
/// reads the complaint from the log as before (and writes its summary again). Neither file is
/// held in memory, so it costs no resident memory per complaint.
final class ColdSummaries: Sendable {
    private struct Files {
        var data: Int32
        var index: Int32
        /// Where the next entry goes.
        var end: UInt64
        /// Writes left before the free space is looked at again.
        var untilSpaceCheck = 0
        /// Whether the file system is short of space (then nothing is written).
        var spaceIsLow = false
    }

    private let files: Mutex<Files?>
    /// Entries handed out (for the tests).
    let hits = Atomic<Int>(0)
    /// Entries written (for the tests).
    let writes = Atomic<Int>(0)

    /// Whether the files are open (else every summary is read from the log).
    var isOpen: Bool { files.withLock { $0 != nil } }

    /// Whether the files are open and hold no entry yet.
    var isEmpty: Bool { files.withLock { $0?.end == 0 } }

    /// Both descriptors while the files are open (a reader past the lock when `close` runs may
    /// then read another file's bytes: its checks refuse them).
    private var descriptors: (data: Int32, index: Int32)? { files.withLock { $0.map { ($0.data, $0.index) } } }

    /// Free space the summaries never take (`store.summaryReservedFreeBytes`): the log (the
    /// truth) must not be the one that finds the disk full because of derived data.
    let reservedFreeBytes: UInt64

    /// The largest entry read back (a list item's content is bounded well below this).
    static let maximumEntryBytes = 1 << 20
    private static let headerBytes = 16

    /// Opens (creating) the files in `directory`; a file that cannot be opened leaves the
    /// summaries off (every list item is then read from the log).
    init(directory: String, reservedFreeBytes: UInt64) {
        self.reservedFreeBytes = reservedFreeBytes
        // Owner-only like the log (the entries hold owners' names and phones), also when an
        // older copy left them open.
        mkdir(directory, 0o700)
        chmod(directory, 0o700)
        let data = open(directory + "/summaries.dat", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        let index = open(directory + "/summaries.idx", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        var status = stat()
        guard data >= 0, index >= 0, fstat(data, &status) == 0 else {
            if data >= 0 { Glibc.close(data) }
            if index >= 0 { Glibc.close(index) }
            files = Mutex(nil)
            return
        }
        fchmod(data, 0o600)
        fchmod(index, 0o600)
        files = Mutex(Files(data: data, index: index, end: UInt64(status.st_size)))
    }

    deinit { close() }

    /// Closes the files (at shutdown); later reads find nothing and writes do nothing. A read
    /// already past the lock may then read another file's bytes: its checks refuse them.
    func close() {
        files.withLock { files in
            if let open = files {
                Glibc.close(open.data)
                Glibc.close(open.index)
            }
            files = nil
        }
    }

    /// The summary of the complaint at `slot` if the file holds one for exactly this `sequence`,
    /// `version` and newest record `head`; nil otherwise (none, damaged, or stale).
    func summary(slot: Int, sequence: Int32, version: UInt32, head: UInt64) -> ColdSummary? {
        guard let (data, index) = descriptors else { return nil }
        var packed: UInt64 = 0
        guard pread(index, &packed, 8, off_t(slot) * 8) == 8 else { return nil }
        packed = UInt64(littleEndian: packed)
        let offset = packed >> 24
        let length = Int(packed & 0xFF_FFFF)
        guard packed != 0, length > Self.headerBytes, length <= Self.maximumEntryBytes else { return nil }
        var bytes = [UInt8](repeating: 0, count: length)
        let got = bytes.withUnsafeMutableBytes { pread(data, $0.baseAddress, length, off_t(offset)) }
        guard got == length else { return nil }
        let summary = bytes.withUnsafeBytes { raw -> ColdSummary? in
            let bodyLength = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            let magic = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let check = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            let body = UnsafeRawBufferPointer(rebasing: raw[Self.headerBytes...])
            guard magic == Self.magic, bodyLength == body.count, Self.checksum(body) == check else { return nil }
            return ColdSummary(decoding: body)
        }
        guard let summary, summary.sequence == sequence, summary.version == version, summary.head == head else { return nil }
        hits.add(1, ordering: .relaxed)
        return summary
    }

    /// `summary(slot:sequence:version:head:)` for the complaint `key` names.
    func summary(_ key: ReplayBatch.SummaryKey) -> ColdSummary? {
        summary(slot: key.slot, sequence: key.sequence, version: key.version, head: key.head)
    }

    /// Appends `summary` for `slot` and points the slot at it. Failures are ignored: the list
    /// then reads the complaint from the log.
    func write(_ summary: ColdSummary, slot: Int) {
        let body = summary.encoded()
        var entry = [UInt8]()
        entry.reserveCapacity(Self.headerBytes + body.count)
        withUnsafeBytes(of: UInt32(body.count).littleEndian) { entry.append(contentsOf: $0) }
        withUnsafeBytes(of: Self.magic.littleEndian) { entry.append(contentsOf: $0) }
        body.withUnsafeBytes { raw in withUnsafeBytes(of: Self.checksum(raw).littleEndian) { entry.append(contentsOf: $0) } }
        entry.append(contentsOf: body)
        guard entry.count <= Self.maximumEntryBytes else { return }
        files.withLock { files in
            guard let open = files, !isShortOfSpace(&files!) else { return }
            let written = entry.withUnsafeBytes { pwrite(open.data, $0.baseAddress, $0.count, off_t(open.end)) }
            guard written == entry.count else { return }
            var packed = (open.end << 24 | UInt64(entry.count)).littleEndian
            files?.end += UInt64(entry.count)
            _ = pwrite(open.index, &packed, 8, off_t(slot) * 8)
        }
        writes.add(1, ordering: .relaxed)
    }

    /// Which of `count` slots from `first` have an entry in the index (not checked further).
    func present(from first: Int, count: Int) -> [Bool] {
        guard let index = files.withLock({ $0?.index }) else { return [Bool](repeating: false, count: count) }
        var words = [UInt64](repeating: 0, count: count)
        let got = words.withUnsafeMutableBytes { pread(index, $0.baseAddress, $0.count, off_t(first) * 8) }
        let whole = max(0, got) / 8
        return (0..<count).map { $0 < whole && words[$0] != 0 }
    }

    /// Reads both files once, 1 MiB at a time (checking `isStopped` between pieces), so the page
    /// cache holds them, when together they take at most `share` of memory (physical, or the
    /// cgroup's limit when lower: `StoreConfiguration.availableMemory`): at ten
    /// million complaints they are about 4 GB, and a page of 50 closed complaints whose entries
    /// are not cached waits for up to a hundred random disk reads. Read, not `POSIX_FADV_WILLNEED`:
    /// the kernel may drop that hint when memory must first be reclaimed from the cache. Answers
    /// the bytes read (0 when off, closed, empty or too large).
    @discardableResult
    func readAhead(share: Double, isStopped: () -> Bool = { false }) -> UInt64 {
        guard share > 0, let (data, index) = descriptors else { return 0 }
        let sizes = [index, data].map { descriptor -> UInt64 in
            var status = stat()
            return fstat(descriptor, &status) == 0 ? UInt64(status.st_size) : 0
        }
        let memory = Double(StoreConfiguration.availableMemory)
        let total = sizes.reduce(0, +)
        guard total > 0, Double(total) <= memory * share else { return 0 }
        let piece = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: piece, alignment: 16)
        defer { buffer.deallocate() }
        var read: UInt64 = 0
        for (descriptor, size) in zip([index, data], sizes) {
            var offset: UInt64 = 0
            while offset < size, !isStopped() {
                let got = pread(descriptor, buffer, piece, off_t(offset))
                guard got > 0 else { break }
                offset += UInt64(got)
                read += UInt64(got)
            }
        }
        return read
    }

    /// Whether the disk holding the files has less than `reservedFreeBytes` free, looked at
    /// every 256 writes.
    private func isShortOfSpace(_ open: inout Files) -> Bool {
        if open.untilSpaceCheck > 0 {
            open.untilSpaceCheck -= 1
            return open.spaceIsLow
        }
        open.untilSpaceCheck = 255
        var info = statvfs()
        if fstatvfs(open.data, &info) == 0 {
            open.spaceIsLow = UInt64(info.f_bavail) * UInt64(info.f_frsize) < reservedFreeBytes
        }
        return open.spaceIsLow
    }

    /// "CSU2": a summary entry of this format (entries of another format are read from the log).
    private static let magic: UInt32 = 0x3255_5343

    /// FNV-1a: a torn or overwritten entry is found, not trusted (the file is not an audit trail).
    private static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
