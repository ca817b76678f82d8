/// Finds a complaint's slot from the owner's 128-bit tracking code without a dictionary of
/// strings: an open-addressing table of slots keyed by the code's low 64 bits, 4 bytes a slot
/// at a load factor of at most one half.
///
/// The table stores only slots; a probe compares the full code through `code(at:)`, so two
/// codes sharing their low bits are still told apart.
public struct TrackingIndex: Sendable {
    /// A tracking code as two 64-bit halves (32 hex digits).
    public struct Code: Sendable, Hashable {
        /// The first 16 hex digits.
        public var high: UInt64
        /// The last 16 hex digits.
        public var low: UInt64

        /// Creates a code from its halves.
        public init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        /// Parses 32 hex digits (either case); nil for anything else.
        public init?(_ text: String) {
            // Read where the bytes lie (a native string always lends them): walking the UTF-8
            // view index by index was 2.6 % of a replay's fold, run twice per registration.
            if let code = text.utf8.withContiguousStorageIfAvailable({ Code(hex: $0) }) {
                guard let code else { return nil }
                self = code
                return
            }
            // A bridged or foreign string: its bytes copied first.
            guard let code = Array(text.utf8).withUnsafeBufferPointer({ Code(hex: $0) }) else { return nil }
            self = code
        }

        /// Parses 32 hex digits (either case) in `bytes`; nil for anything else.
        private init?(hex bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count == 32 else { return nil }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<32 {
                let byte = bytes[index]
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte &- UInt8(ascii: "A") &+ 10
                default: return nil
                }
                if index < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            }
            self.init(high: high, low: low)
        }

        /// The code of a tracking string that is not 32 hex digits (test fixtures, hand-made
        /// codes): two independent FNV-1a hashes of its bytes, so it still finds its complaint.
        public init(legacy text: String) {
            var high: UInt64 = 0xcbf2_9ce4_8422_2325
            var low: UInt64 = 0x8422_2325_cbf2_9ce4
            for byte in text.utf8 {
                high = (high ^ UInt64(byte)) &* 0x100_0000_01b3
                low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9E37_79B9
            }
            self.init(high: high, low: low)
        }

        /// The code a presented tracking string stands for.
        public init(presented text: String) {
            self = Code(text) ?? Code(legacy: text)
        }

        /// The 32 lowercase hex digits.
        public var text: String {
            var bytes = [UInt8](repeating: 0, count: 32)
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            for i in 0..<16 {
                bytes[i] = hex[Int((high >> UInt64(60 - 4 * i)) & 0xF)]
                bytes[16 + i] = hex[Int((low >> UInt64(60 - 4 * i)) & 0xF)]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static let empty: Int32 = -1
    private var table: [Int32] = []
    private var mask = 0
    /// The number of codes indexed.
    public private(set) var count = 0

    /// Creates an empty index.
    public init() {}

    /// Adds `slot` under `code`; `code(at:)` must already answer `code` for it.
    public mutating func insert(_ code: Code, slot: Int32, code codeAt: (Int32) -> Code) {
        if (count + 1) * 2 > table.count { grow(code: codeAt) }
        var index = Self.start(code, mask)
        while table[index] != Self.empty { index = (index + 1) & mask }
        table[index] = slot
        count += 1
    }

    /// Adds `slot` under `code` unless a slot already holds `code` (false, and nothing added):
    /// a registration's check and insertion in one probe. `slot` itself is never asked for its
    /// code here, so it may be added before its record exists.
    public mutating func insertIfAbsent(_ code: Code, slot: Int32, code codeAt: (Int32) -> Code) -> Bool {
        if (count + 1) * 2 > table.count { grow(code: codeAt) }
        let (found, index) = probe(code, code: codeAt)
        guard found == nil else { return false }
        table[index] = slot
        count += 1
        return true
    }

    /// The slot holding `code`, if any.
    public func slot(of code: Code, code codeAt: (Int32) -> Code) -> Int32? {
        guard !table.isEmpty else { return nil }
        return probe(code, code: codeAt).found
    }

    /// Walks `code`'s probe sequence in a table that is not empty: the slot holding `code` and
    /// where it lies, or nil and the first free place, where `code` would go.
    @inline(__always)
    private func probe(_ code: Code, code codeAt: (Int32) -> Code) -> (found: Int32?, index: Int) {
        var index = Self.start(code, mask)
        while table[index] != Self.empty {
            if codeAt(table[index]) == code { return (table[index], index) }
            index = (index + 1) & mask
        }
        return (nil, index)
    }

    /// Makes room for `capacity` codes at once (a snapshot's count), so loading does not regrow.
    public mutating func reserveCapacity(_ capacity: Int, code codeAt: (Int32) -> Code) {
        var size = Swift.max(16, table.count)
        while size < capacity * 2 { size *= 2 }
        if size > table.count { rehash(size: size, code: codeAt) }
    }

    private mutating func grow(code codeAt: (Int32) -> Code) {
        rehash(size: Swift.max(16, table.count * 2), code: codeAt)
    }

    private mutating func rehash(size: Int, code codeAt: (Int32) -> Code) {
        let old = table
        table = [Int32](repeating: Self.empty, count: size)
        mask = size - 1
        for slot in old where slot != Self.empty {
            var index = Self.start(codeAt(slot), mask)
            while table[index] != Self.empty { index = (index + 1) & mask }
            table[index] = slot
        }
    }

    private static func start(_ code: Code, _ mask: Int) -> Int {
        // The codes are random; a multiplicative mix still spreads hand-made test codes.
        Int(truncatingIfNeeded: (code.low &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }
}
