/// Writes bytes into memory sized beforehand, for lines composed on every request (a response
/// head, an access-log line). Appending to an array byte by byte checks its capacity and
/// uniqueness at every byte; the cursor checks only that the bound holds, and the result is
/// copied out once. A write past the bound stops the process instead of corrupting memory.
public struct ByteCursor {
    @usableFromInline let start: UnsafeMutablePointer<UInt8>
    @usableFromInline var position: UnsafeMutablePointer<UInt8>
    @usableFromInline let end: UnsafeMutablePointer<UInt8>

    @inlinable
    init(_ memory: UnsafeMutablePointer<UInt8>, capacity: Int) {
        start = memory
        position = memory
        end = memory + capacity
    }

    /// Bytes written so far.
    @inlinable public var count: Int { start.distance(to: position) }

    @inlinable @inline(__always)
    mutating func claim(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        precondition(position.distance(to: end) >= n, "ByteCursor: write past the reserved bound")
        defer { position += n }
        return position
    }

    /// One byte.
    @inlinable @inline(__always)
    public mutating func write(_ byte: UInt8) {
        claim(1).pointee = byte
    }

    /// The UTF-8 of a literal.
    @inlinable @inline(__always)
    public mutating func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Raw bytes.
    @inlinable
    public mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        claim(bytes.count).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    /// The bytes of an array.
    @inlinable
    public mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// The UTF-8 of a string, unescaped.
    @inlinable
    public mutating func write(utf8 text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) == nil {
            Array(text.utf8).withUnsafeBytes { write($0) }
        }
    }

    /// A decimal integer.
    @inlinable
    public mutating func writeDecimal(_ value: Int) {
        if value < 0 {
            write(UInt8(ascii: "-"))
            writeDecimal(UInt64(value.magnitude))
        } else {
            writeDecimal(UInt64(value))
        }
    }

    /// A decimal unsigned integer (at most 20 digits).
    @inlinable
    public mutating func writeDecimal(_ value: UInt64) {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        let target = claim(digits)
        var rest = value
        for i in stride(from: digits - 1, through: 0, by: -1) {
            target[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }

    /// The most bytes `writeJSONString` writes for a string of `utf8Count` bytes.
    @inlinable
    public static func jsonStringBound(utf8Count: Int) -> Int { 2 + 6 * utf8Count }

    /// `text` as a JSON string literal: quoted; quote, backslash and control bytes escaped.
    @inlinable
    public mutating func writeJSONString(_ text: String) {
        write(UInt8(ascii: "\""))
        if text.utf8.withContiguousStorageIfAvailable({ writeJSONEscaped($0) }) == nil {
            Array(text.utf8).withUnsafeBufferPointer { writeJSONEscaped($0) }
        }
        write(UInt8(ascii: "\""))
    }

    @inlinable
    mutating func writeJSONEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            write(UnsafeRawBufferPointer(bytes))
            return
        }
        for byte in bytes { writeEscaped(byte) }
    }

    @inlinable
    mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case 0x22: write("\\\"")
        case 0x5C: write("\\\\")
        case 0x0A: write("\\n")
        case 0x0D: write("\\r")
        case 0x09: write("\\t")
        case 0..<0x20:
            write("\\u00")
            write(Self.hexDigit(byte >> 4))
            write(Self.hexDigit(byte & 0xF))
        default: write(byte)
        }
    }

    @inlinable
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ nibble &- 10
    }
}

extension ByteCursor {
    /// Lets `body` write at most `bound` bytes into temporary memory (on the stack when small),
    /// then appends them to `out`: for one-off lines, where no `ByteScratch` is at hand.
    @inlinable
    public static func append(bound: Int, to out: inout [UInt8], _ body: (inout ByteCursor) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bound, 1)) { memory in
            var cursor = ByteCursor(memory.baseAddress!, capacity: bound)
            body(&cursor)
            out.append(contentsOf: UnsafeBufferPointer(start: memory.baseAddress, count: cursor.count))
        }
    }
}

/// Memory one thread reuses to compose bytes with a `ByteCursor` before a single copy into
/// their destination. Not thread-safe: one per event loop.
public final class ByteScratch {
    /// The memory and its size, behind a pointer: `compose` is inlined into other modules, where
    /// a class's stored `var` is checked for exclusive access at every read (two checks a
    /// composition, four a request).
    @usableFromInline let cell: UnsafeMutablePointer<(memory: UnsafeMutablePointer<UInt8>, capacity: Int)>

    /// Scratch memory of `capacity` bytes (it grows when a composition needs more).
    public init(capacity: Int = 4096) {
        cell = .allocate(capacity: 1)
        cell.initialize(to: (.allocate(capacity: capacity), capacity))
    }

    deinit {
        cell.pointee.memory.deallocate()
        cell.deallocate()
    }

    /// Lets `body` write at most `bound` bytes, then appends what it wrote to `out`.
    @inlinable
    public func compose(bound: Int, into out: inout [UInt8], _ body: (inout ByteCursor) -> Void) {
        if bound > cell.pointee.capacity { grow(to: bound) }
        let memory = cell.pointee.memory
        var cursor = ByteCursor(memory, capacity: bound)
        body(&cursor)
        out.append(contentsOf: UnsafeBufferPointer(start: memory, count: cursor.count))
    }

    @usableFromInline
    func grow(to bound: Int) {
        let capacity = max(bound, cell.pointee.capacity * 2)
        cell.pointee.memory.deallocate()
        cell.pointee = (.allocate(capacity: capacity), capacity)
    }
}
