/// The bounds a reader enforces, so a hostile or broken document costs bounded time, memory and stack.
///
/// Every limit is checked while reading, before the work it guards: a document over
/// `maximumInputBytes` is refused before the first byte is looked at, a string over
/// `maximumStringBytes` before it is copied. The defaults suit request bodies, log records and
/// snapshot lines; a caller reading a whole snapshot file raises the counts it needs.
public struct JSONLimits: Sendable, Hashable {
    /// The deepest nesting of objects and arrays, counting the outermost as 1 (also bounds stack use).
    public var maximumDepth: Int
    /// The largest document, in bytes.
    public var maximumInputBytes: Int
    /// The longest string (or member name), in bytes of its encoded form between the quotes.
    public var maximumStringBytes: Int
    /// The most members in any one object.
    public var maximumObjectMembers: Int
    /// The most elements in any one array.
    public var maximumArrayElements: Int
    /// The longest number literal, in bytes (bounds the cost of exact decimal conversion).
    public var maximumNumberBytes: Int

    /// The hard ceiling on `maximumDepth`: each level costs about a kilobyte of stack.
    public static let depthCeiling = 512

    /// The hard ceiling on `maximumInputBytes`: offsets are kept in 32 bits.
    public static let inputCeiling = Int(UInt32.max)

    /// Creates limits; depth and input size are clamped to their ceilings.
    public init(
        maximumDepth: Int = 64,
        maximumInputBytes: Int = 64 << 20,
        maximumStringBytes: Int = 1 << 20,
        maximumObjectMembers: Int = 10_000,
        maximumArrayElements: Int = 1_000_000,
        maximumNumberBytes: Int = 128
    ) {
        self.maximumDepth = max(0, min(maximumDepth, Self.depthCeiling))
        self.maximumInputBytes = max(0, min(maximumInputBytes, Self.inputCeiling))
        self.maximumStringBytes = max(0, maximumStringBytes)
        self.maximumObjectMembers = max(0, maximumObjectMembers)
        self.maximumArrayElements = max(0, maximumArrayElements)
        self.maximumNumberBytes = max(1, maximumNumberBytes)
    }

    /// The defaults: depth 64, 64 MiB input, 1 MiB strings, 10,000 members, 1,000,000 elements, 128-byte numbers.
    public static let `default` = JSONLimits()
}
