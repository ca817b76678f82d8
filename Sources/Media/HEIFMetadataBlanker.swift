/// Blanks the metadata that can say where a HEIC/HEIF photo was taken (an iPhone writes the GPS
/// position into an `Exif` item; XMP is a `mime` item of type `application/rdf+xml`) before it is
/// stored (PIPL).
///
/// A HEIF file is a sequence of ISO-BMFF boxes; the top-level `meta` box says, in `iinf`, what
/// each item is and, in `iloc`, where its bytes are — usually in the `mdat` box that follows, or
/// in the `idat` box inside `meta`. The `meta` box (small: a few KiB, at most 1 MiB here) is held
/// and read; the bytes of the Exif and XMP items are then zeroed as they stream past, in `idat`
/// before `meta` is passed on, in `mdat` on the way. Nothing moves and no size changes, so every
/// offset in the file stays true and the picture is untouched. A file whose boxes are broken, or
/// whose metadata could not be found or blanked, is refused.
public struct HEIFMetadataBlanker {
    /// Why a file was refused.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong with the file, for the 422 that refuses it.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The largest `meta` box held to be read.
    public static let maxMetaBytes = 1 << 20
    /// Metadata items blanked.
    public private(set) var blankedItems = 0

    private enum State {
        /// A box header (8 bytes, 16 with a 64-bit size), collected in `pending`.
        case header
        /// The `meta` box, collected whole in `pending`.
        case meta(size: Int)
        /// The rest of a box passed on (`Int.max`: it runs to the end of the file).
        case body(remaining: Int)
    }

    private var state = State.header
    private var pending: [UInt8] = []
    /// Where the next input byte sits in the file (output offsets are the same).
    private var position = 0
    /// File ranges still to be zeroed as they pass.
    private var ranges: [Range<Int>] = []
    private var sawMeta = false

    /// A new filter expecting the first byte of a file.
    public init() {}

    /// Feeds the next bytes of the file; what is kept is passed to `emit`, in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        var i = 0
        while i < bytes.count {
            switch state {
            case .header:
                let wanted = pending.count >= 4 && Self.int(pending, 0, 4) == 1 ? 16 : 8
                let take = min(wanted - pending.count, bytes.count - i)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                if pending.count == 8 && Self.int(pending, 0, 4) == 1 { continue }
                if pending.count == wanted { try beginBox(emit) }
            case .meta(let size):
                let take = min(size - pending.count, bytes.count - i)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                if pending.count == size { try endMeta(emit) }
            case .body(let remaining):
                let take = min(remaining, bytes.count - i)
                pass(UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]), emit)
                i += take
                state = remaining == Int.max ? state : (remaining == take ? .header : .body(remaining: remaining - take))
            }
        }
    }

    /// Checks the file ended where it may and every metadata byte was blanked.
    public func finish() throws(Malformed) {
        switch state {
        case .header where pending.isEmpty: break
        case .body(Int.max): break
        default: throw Malformed("the HEIF file is cut short (it ends inside a box)")
        }
        guard ranges.isEmpty else { throw Malformed("the HEIF file ends before the metadata its meta box locates") }
    }

    private mutating func beginBox(_ emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        let headerSize = pending.count
        let declared = Self.int(pending, 0, 4) == 1 ? Self.int(pending, 8, 8) : Self.int(pending, 0, 4)
        let type = Array(pending[4..<8])
        // Blanking a box header would change the file's structure (a second pass would read
        // other boxes): metadata the meta box locates must lie inside box bodies.
        let header = position..<(position + headerSize)
        guard !ranges.contains(where: { $0.overlaps(header) }) else { throw Malformed("HEIF metadata overlaps a box header") }
        if declared == 0 {  // runs to the end of the file
            guard !type.elementsEqual("meta".utf8) else { throw Malformed("the meta box has no size") }
            pass(pending, emit)
            pending.removeAll()
            state = .body(remaining: Int.max)
            return
        }
        guard declared >= headerSize, declared <= Int.max / 2 else { throw Malformed("a HEIF box has an impossible size") }
        if type.elementsEqual("meta".utf8) {
            guard !sawMeta else { throw Malformed("the HEIF file has two meta boxes") }
            guard declared <= Self.maxMetaBytes else { throw Malformed("the meta box is larger than \(Self.maxMetaBytes) bytes") }
            sawMeta = true
            state = .meta(size: declared)
            if declared == headerSize { try endMeta(emit) }
            return
        }
        pass(pending, emit)
        pending.removeAll()
        state = declared == headerSize ? .header : .body(remaining: declared - headerSize)
    }

    /// The whole `meta` box is in `pending`: finds its metadata items, blanks those in `idat`,
    /// keeps the file ranges of the others, and passes the box on.
    private mutating func endMeta(_ emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        var box = pending
        pending = []
        let start = position
        let end = start + box.count
        let headerSize = Self.int(box, 0, 4) == 1 ? 16 : 8
        guard box.count >= headerSize + 4 else { throw Malformed("the meta box is too short") }
        let layout = try HEIFMetaLayout(box, childrenAt: headerSize + 4)
        for (method, extent) in layout.metadataExtents {
            switch method {
            case 0:
                guard extent.lowerBound >= end else { throw Malformed("HEIF metadata lies before or inside its meta box") }
                ranges.append(extent)
            case 1:
                guard let idat = layout.idat, extent.upperBound <= idat.count else { throw Malformed("HEIF metadata lies outside idat") }
                for index in extent { box[idat.lowerBound + index] = 0 }
            default:
                throw Malformed("HEIF metadata stored by reference cannot be blanked")
            }
        }
        blankedItems += layout.metadataItems
        ranges.sort { $0.lowerBound < $1.lowerBound }
        box.withUnsafeBytes { emit($0) }
        position = end
        state = .header
    }

    /// Passes bytes on, zeroing any that fall in a metadata range.
    private mutating func pass(_ bytes: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        let span = position..<(position + bytes.count)
        position += bytes.count
        guard let first = ranges.first, first.lowerBound < span.upperBound else { return emit(bytes) }
        var copy = Array(bytes)
        for range in ranges where range.overlaps(span) {
            for offset in range.clamped(to: span) { copy[offset - span.lowerBound] = 0 }
        }
        ranges.removeAll { $0.upperBound <= span.upperBound }
        copy.withUnsafeBytes { emit($0) }
    }

    private mutating func pass(_ bytes: [UInt8], _ emit: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { raw in pass(raw, emit) }
    }

    static func int(_ bytes: [UInt8], _ at: Int, _ count: Int) -> Int {
        var value = 0
        for index in at..<(at + count) { value = value << 8 | Int(bytes[index]) }
        return value
    }
}
