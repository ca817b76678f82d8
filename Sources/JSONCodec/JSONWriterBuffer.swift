/// The writer's storage: one growing block of bytes written through a pointer, so an append
/// costs a capacity check and a copy, not a uniqueness check per byte as `[UInt8].append` does.
///
/// The mutable state (the count) lives in this struct and the class only owns the memory, so
/// writes need no dynamic exclusivity checks. The writer calls `makeUnique()` before writing:
/// a copied writer gets its own bytes (copy-on-write), so writers keep value semantics.
@usableFromInline
struct JSONWriterBuffer {
    /// An allocation; replaced (never resized) when the buffer grows.
    @usableFromInline
    final class Storage {
        @usableFromInline let base: UnsafeMutablePointer<UInt8>
        @usableFromInline let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }
    }

    @usableFromInline var storage: Storage
    @usableFromInline var count = 0

    init(capacity: Int) {
        storage = Storage(capacity: max(capacity, 16))
    }

    /// Gives this buffer its own storage if another buffer shares it.
    @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { replaceStorage(capacity: storage.capacity) }
    }

    /// The address to write `extra` more bytes at, growing (geometrically) if needed.
    @inline(__always)
    mutating func reserve(_ extra: Int) -> UnsafeMutablePointer<UInt8> {
        if count &+ extra > storage.capacity {
            var capacity = storage.capacity &* 2
            while capacity < count &+ extra { capacity &*= 2 }
            replaceStorage(capacity: capacity)
        }
        return storage.base + count
    }

    private mutating func replaceStorage(capacity: Int) {
        let replacement = Storage(capacity: capacity)
        replacement.base.update(from: storage.base, count: count)
        storage = replacement
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count &+= 1
    }

    /// Appends bytes.
    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(reserve(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    /// Appends a literal.
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
    }

    /// Copies `count` bytes from `source` to `target`: up to 16 as two overlapping words of 8
    /// or 4 bytes, the rest by `memcpy` (whose call costs more than the copy for the member
    /// names and short values most of a document is made of).
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
        if count >= 8 && count <= 16 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 && count < 8 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        } else if count < 4 {
            var index = 0
            while index < count {
                target.storeBytes(of: source.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index, as: UInt8.self)
                index &+= 1
            }
        } else {
            target.copyMemory(from: source, byteCount: count)
        }
    }

    /// The bytes written so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.base, count: count) }
}
