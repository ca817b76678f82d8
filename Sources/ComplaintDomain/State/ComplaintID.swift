import Foundation

// The public id of a complaint: "C", two-digit year and month of receipt in the policy zone,
// "-", the book-wide sequence (at least six digits), e.g. "C2611-000123".

extension ComplaintBook {
    /// Makes the public id of the complaint with `sequence` received at `receivedAt`.
    func makeID(sequence: Int, receivedAt: Date) -> String {
        let (year, month) = Self.civilMonth(of: receivedAt, offset: zone.secondsFromGMT(for: receivedAt))
        let yy = ((year % 100) + 100) % 100
        guard sequence >= 0 else { return "C" + Self.twoDigits(yy) + Self.twoDigits(month) + "-" + String(sequence) }
        // Written as bytes: joining six Strings cost 3,000 instructions a registration.
        var width = 6
        var rest = sequence / 1_000_000
        while rest > 0 {
            width += 1
            rest /= 10
        }
        return String(unsafeUninitializedCapacity: 6 + width) { out in
            out[0] = UInt8(ascii: "C")
            out[1] = UInt8(ascii: "0") + UInt8(yy / 10)
            out[2] = UInt8(ascii: "0") + UInt8(yy % 10)
            out[3] = UInt8(ascii: "0") + UInt8(month / 10)
            out[4] = UInt8(ascii: "0") + UInt8(month % 10)
            out[5] = UInt8(ascii: "-")
            var value = sequence
            for index in stride(from: 5 + width, through: 6, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            return 6 + width
        }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// The id of the complaint whose compact record is `record`.
    func id(of record: CompactComplaint) -> String {
        makeID(sequence: Int(record.sequence), receivedAt: record.receivedDate)
    }

    /// Whether `id` is the id of `record` (its sequence already matched): the year and month of
    /// receipt are compared as numbers, without making the id.
    func matches(_ id: String, _ record: CompactComplaint) -> Bool {
        // The prefix read where the bytes lie (every event's lookup checks one; walking them
        // with the UTF-8 view's iterator was 0.8 % of a replay's instructions).
        let prefix = id.utf8.withContiguousStorageIfAvailable { Self.yearMonth(inIDPrefix: UnsafeRawBufferPointer($0)) }
        guard let value = prefix ?? Self.yearMonth(inIDPrefix: Array(id.utf8.prefix(6))) else { return false }
        // Whole seconds of receipt, as `makeID` reads the date (rounded down), in integers.
        let millis = record.receivedAt
        guard millis > -Self.integerMillisLimit, millis < Self.integerMillisLimit else {
            let received = record.receivedDate
            let (year, month) = Self.civilMonth(of: received, offset: zone.secondsFromGMT(for: received))
            return value == (((year % 100) + 100) % 100) * 100 + month
        }
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let (year, month) = Self.civilMonth(localSeconds: Int(seconds) + zone.secondsFromGMT(forSeconds: seconds))
        return value == (((year % 100) + 100) % 100) * 100 + month
    }

    /// The year and month "C" and four digits give at the start of an id, as YYMM (a dash must
    /// follow them); nil when the id does not start so.
    private static func yearMonth<Bytes: Collection>(inIDPrefix bytes: Bytes) -> Int? where Bytes.Element == UInt8, Bytes.Index == Int {
        guard bytes.count >= 6, bytes[bytes.startIndex] == UInt8(ascii: "C"), bytes[bytes.startIndex + 5] == UInt8(ascii: "-") else { return nil }
        var value = 0
        for index in bytes.startIndex + 1..<bytes.startIndex + 5 {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Receipt times (ms) inside ±10^14 (about ±3,000 years) take the integer path of `matches`.
    private static let integerMillisLimit: Int64 = 100_000_000_000_000

    /// The public id of the complaint at `slot`.
    public func id(ofSlot slot: Int) -> String { id(of: records[slot]) }

    /// The sequence number inside an id ("C2611-000123" → 123).
    public static func sequence(inID id: String) -> Int? {
        // Read from the end in place: every event's lookup (and the generator's merge) parses one.
        // Through the base address with wrapping arithmetic (at most nine digits cannot
        // overflow): the checked loop cost 145 instructions a call, 5 % of a replay's fold.
        if let parsed = id.utf8.withContiguousStorageIfAvailable({ bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            let count = bytes.count
            var index = count
            var value = 0
            var scale = 1
            while index > 0 {
                let digit = base[index &- 1] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                index &-= 1
                guard count &- index <= 9 else { return nil }
                value &+= Int(digit) &* scale
                scale &*= 10
            }
            guard index > 0, index < count, base[index &- 1] == UInt8(ascii: "-") else { return nil }
            return value
        }) {
            return parsed
        }
        guard let dash = id.utf8.lastIndex(of: UInt8(ascii: "-")) else { return nil }
        let digits = id.utf8[id.utf8.index(after: dash)...]
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Year and month of a local time, by arithmetic (Hinnant's civil-from-days) rather than
    /// `Calendar`, which dominates the cost of a registration on Linux.
    static func civilMonth(of date: Date, offset: Int) -> (year: Int, month: Int) {
        let raw = (date.timeIntervalSince1970 + Double(offset)).rounded(.down)
        // Any instant a complaint can hold (years 0...9999 and beyond) stays far inside Int.
        return civilMonth(localSeconds: raw.isFinite ? Int(Swift.max(-1e15, Swift.min(1e15, raw))) : 0)
    }

    /// Year and month of a local time given as whole seconds since 1970 (local midnight of
    /// 1 January 1970 is 0).
    static func civilMonth(localSeconds seconds: Int) -> (year: Int, month: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month)
    }
}
