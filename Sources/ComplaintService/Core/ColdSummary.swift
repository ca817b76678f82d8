import ComplaintDomain
import Foundation

/// What a list item shows of a closed complaint (`ComplaintJSON.writeSummary`), in a small
/// binary form for the summary file (`ColdSummaries`): one read instead of a chain of them.
///
/// Derived data: it names the complaint's number, version and newest record, and is used only
/// while all three still match the book, so a stale or foreign entry is never shown.
struct ColdSummary: Equatable {
    /// The complaint's book-wide number.
    var sequence: Int32
    /// The complaint's version when the summary was taken.
    var version: UInt32
    /// The packed position of the complaint's newest record when the summary was taken.
    var head: UInt64
    /// A complaint holding only what a list item shows (everything else at its default), and
    /// its demands when `hasSearchText`.
    var complaint: Complaint
    /// Whether the entry holds the complaint's demands, and so the whole text the list's `text`
    /// filter searches (entries written before the demands were added do not).
    var hasSearchText: Bool

    /// The fields of `complaint` a list item shows, as a complaint that holds only those.
    init(sequence: Int32, version: UInt32, head: UInt64, of whole: Complaint) {
        self.sequence = sequence
        self.version = version
        self.head = head
        var c = Complaint(
            id: whole.id, sequence: whole.sequence, trackingCode: "", channel: whole.channel, complainant: whole.complainant,
            content: whole.content, receivedBy: "", receivedAt: whole.receivedAt)
        c.status = whole.status
        c.version = whole.version
        c.category = whole.category
        c.severity = whole.severity
        c.isUrgent = whole.isUrgent
        c.department = whole.department
        c.handler = whole.handler
        c.deadlines = whole.deadlines
        c.reprocessCount = whole.reprocessCount
        c.reminderCount = whole.reminderCount
        c.confirmedSinceReply = whole.confirmedSinceReply
        c.demands = whole.demands
        self.complaint = c
        self.hasSearchText = true
    }

    /// The text the list's `text` filter searches (as for a complaint in memory), when held.
    var searchText: String? { hasSearchText ? complaint.content + "\n" + (complaint.demands ?? "") : nil }

    /// The entry's bytes (without the file's header).
    func encoded() -> [UInt8] {
        let c = complaint
        var out = SummaryBytes(base: Milliseconds.of(c.receivedAt))
        out.number(UInt64(UInt32(bitPattern: sequence)))
        out.number(UInt64(version))
        out.number(head)
        out.string(c.id)
        out.number(UInt64(bitPattern: Int64(c.sequence)))
        out.string(c.channel.rawValue)
        out.string(c.status.rawValue)
        out.number(UInt64(c.version))
        for text in [c.complainant.name, c.complainant.phone, c.complainant.estate, c.complainant.building, c.complainant.unit, c.content] {
            out.string(text)
        }
        for text in [c.category?.rawValue, c.severity?.rawValue, c.department?.rawValue, c.handler] { out.optional(text) }
        out.byte((c.isUrgent ? 1 : 0) | (c.confirmedSinceReply ? 2 : 0))
        out.number(UInt64(bitPattern: out.base))
        out.number(UInt64(c.reprocessCount))
        out.number(UInt64(c.reminderCount))
        let clocks = c.deadlines.all
        out.byte(UInt8(clocks.count))
        for (kind, deadline) in clocks {
            out.string(kind.rawValue)
            out.time(deadline.dueAt)
            out.optionalTime(deadline.metAt)
            out.optionalTime(deadline.escalatedAt)
            out.number(UInt64(deadline.extendedCount))
        }
        // Last, so entries written without it still read (then `hasSearchText` is false).
        out.optional(c.demands)
        return out.bytes
    }

    /// Reads an entry's bytes back; nil when they are not a whole, well-formed entry.
    init?(decoding bytes: UnsafeRawBufferPointer) {
        var r = SummaryBytesReader(bytes)
        guard let sequence = r.number().flatMap(UInt32.init(exactly:)), let version = r.number().flatMap(UInt32.init(exactly:)),
            let head = r.number(), let id = r.string(), let number = r.number(), let channel = r.string().flatMap(Channel.init(rawValue:)),
            let status = r.string().flatMap(ComplaintStatus.init(rawValue:)), let complaintVersion = r.number(),
            let name = r.string(), let phone = r.string(), let estate = r.string(), let building = r.string(),
            let unit = r.string(), let content = r.string(),
            let category = r.optional(), let severity = r.optional(), let department = r.optional(), let handler = r.optional(),
            let flags = r.byte(), let receivedAt = r.base(), let reprocessCount = r.number(), let reminderCount = r.number(),
            let clockCount = r.byte()
        else { return nil }
        var c = Complaint(
            id: id, sequence: Int(Int64(bitPattern: number)), trackingCode: "", channel: channel,
            complainant: Complainant(name: name, phone: phone, estate: estate, building: building, unit: unit),
            content: content, receivedBy: "", receivedAt: receivedAt)
        c.status = status
        c.version = Int(truncatingIfNeeded: complaintVersion)
        guard let category = Self.value(category, Department.init(rawValue:)), let severity = Self.value(severity, Severity.init(rawValue:)),
            let department = Self.value(department, Department.init(rawValue:))
        else { return nil }
        c.category = category
        c.severity = severity
        c.department = department
        c.handler = handler
        c.isUrgent = flags & 1 != 0
        c.confirmedSinceReply = flags & 2 != 0
        c.reprocessCount = Int(truncatingIfNeeded: reprocessCount)
        c.reminderCount = Int(truncatingIfNeeded: reminderCount)
        for _ in 0..<clockCount {
            guard let kind = r.string().flatMap(ClockKind.init(rawValue:)), let dueAt = r.time(), let metAt = r.optionalTime(),
                let escalatedAt = r.optionalTime(), let extended = r.number()
            else { return nil }
            c.deadlines[kind] = Deadline(dueAt: dueAt, extendedCount: Int(truncatingIfNeeded: extended), escalatedAt: escalatedAt, metAt: metAt)
        }
        hasSearchText = !r.isAtEnd
        if hasSearchText {
            guard let demands = r.optional() else { return nil }
            c.demands = demands
        }
        guard r.isAtEnd else { return nil }
        self.sequence = Int32(bitPattern: sequence)
        self.version = version
        self.head = head
        self.complaint = c
    }

    /// An optional raw value read back: `.some(nil)` when absent, nil when it names no case.
    private static func value<T>(_ raw: String?, _ make: (String) -> T?) -> T?? {
        guard let raw else { return .some(nil) }
        guard let value = make(raw) else { return nil }
        return .some(value)
    }
}

/// Numbers as LEB128 varints, times as the zig-zagged distance in milliseconds from the
/// complaint's receipt (`base`), strings as their UTF-8 length and bytes: an entry is mostly its
/// texts, so the file stays a fraction of the log.
private struct SummaryBytes {
    var bytes: [UInt8] = []
    let base: Int64

    init(base: Int64) {
        self.base = base
        bytes.reserveCapacity(320)
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func number(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func time(_ date: Date) {
        let delta = Milliseconds.of(date) &- base
        number(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
    }

    mutating func optionalTime(_ date: Date?) {
        byte(date == nil ? 0 : 1)
        if let date { time(date) }
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            number(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional(_ text: String?) {
        byte(text == nil ? 0 : 1)
        if let text { string(text) }
    }
}

/// Reads what `SummaryBytes` wrote; every read is bounds-checked and answers nil past the end.
private struct SummaryBytesReader {
    let bytes: UnsafeRawBufferPointer
    var at = 0
    /// The receipt time, once read: later times are distances from it.
    var baseMilliseconds: Int64 = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { at == bytes.count }

    mutating func byte() -> UInt8? {
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func number() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let next = byte() {
            guard shift < 64 else { return nil }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// The receipt time, the base of the times after it.
    mutating func base() -> Date? {
        guard let raw = number() else { return nil }
        baseMilliseconds = Int64(bitPattern: raw)
        return Milliseconds.date(baseMilliseconds)
    }

    mutating func time() -> Date? {
        guard let raw = number() else { return nil }
        let delta = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
        return Milliseconds.date(baseMilliseconds &+ delta)
    }

    /// `.some(nil)` for an absent time, nil past the end.
    mutating func optionalTime() -> Date?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard flag == 1, let date = time() else { return nil }
        return .some(date)
    }

    mutating func string() -> String? {
        guard let count = number(), count <= UInt64(bytes.count - at) else { return nil }
        let end = at + Int(count)
        defer { at = end }
        return String(validating: UnsafeRawBufferPointer(rebasing: bytes[at..<end]).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// `.some(nil)` for an absent string, nil past the end.
    mutating func optional() -> String?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard flag == 1, let text = string() else { return nil }
        return .some(text)
    }
}
