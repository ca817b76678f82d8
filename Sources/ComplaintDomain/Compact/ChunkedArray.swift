/// A growable array stored in fixed-size chunks, so a copy shares every chunk and a later
/// mutation copies only the chunk it touches.
///
/// A snapshot takes a copy of the compact state (O(number of chunks)) and writes it out in the
/// background while the live state goes on changing: new complaints and the recent, still-open
/// ones live in the last chunks, so the writer's copy costs a few chunks of memory, never a
/// second copy of ten million records.
public struct ChunkedArray<Element>: Sendable where Element: Sendable {
    /// Elements per chunk: 65,536 (a chunk of 128-byte records is 8 MiB).
    public static var chunkShift: Int { 16 }
    @usableFromInline static var chunkSize: Int { 1 << chunkShift }
    @usableFromInline static var chunkMask: Int { chunkSize - 1 }

    // Reachable from inlinable code: appends and reads from other modules (a snapshot load
    // appends a million records) are specialised there instead of looking up `[[Element]]`'s
    // generic metadata on every call (8 % of a restart).
    @usableFromInline var chunks: [[Element]] = []
    @usableFromInline var storedCount = 0
    /// The number of elements.
    public var count: Int { storedCount }

    /// Creates an empty array.
    public init() {}

    /// An array made of `chunks` as they are (a snapshot's, decoded chunk by chunk): every chunk
    /// but the last must hold exactly `chunkSize` elements; nil otherwise.
    public init?(adopting chunks: [[Element]]) {
        for (index, chunk) in chunks.enumerated() {
            let isLast = index == chunks.count - 1
            if isLast ? (chunk.isEmpty || chunk.count > Self.chunkSize) : chunk.count != Self.chunkSize { return nil }
        }
        self.chunks = chunks
        storedCount = chunks.reduce(0) { $0 + $1.count }
    }

    /// Whether the array holds no element.
    public var isEmpty: Bool { count == 0 }

    /// The element at `index` (0 ..< count).
    @inlinable
    public subscript(index: Int) -> Element {
        get { chunks[index >> Self.chunkShift][index & Self.chunkMask] }
        set { chunks[index >> Self.chunkShift][index & Self.chunkMask] = newValue }
        _modify { yield &chunks[index >> Self.chunkShift][index & Self.chunkMask] }
    }

    /// Where the element at `index` lies now, for a hint to the CPU only (never read through:
    /// the next change may move it); nil when `index` is out of range.
    public func address(of index: Int) -> UnsafeRawPointer? {
        guard index >= 0, index < count else { return nil }
        return chunks[index >> Self.chunkShift].withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress! + (index & Self.chunkMask)) }
    }

    /// Appends `element`, starting a new chunk when the last is full.
    @inlinable
    public mutating func append(_ element: Element) {
        if count & Self.chunkMask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        storedCount += 1
    }

    /// The elements of chunk `index`, for writing a snapshot chunk by chunk.
    public func chunk(_ index: Int) -> ArraySlice<Element> { chunks[index][...] }

    /// The number of chunks.
    public var chunkCount: Int { chunks.count }

    /// Removes every element.
    public mutating func removeAll() {
        chunks = []
        storedCount = 0
    }
}
