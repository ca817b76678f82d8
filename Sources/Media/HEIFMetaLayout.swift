/// What a HEIF `meta` box says about its metadata items (Exif, XMP): where their bytes are.
/// Read by `HEIFMetadataBlanker`; every read is bounds-checked, a broken box is refused.
struct HEIFMetaLayout {
    typealias Malformed = HEIFMetadataBlanker.Malformed

    /// (construction method, range) of every metadata extent: method 0 gives file offsets,
    /// method 1 offsets into the data of `idat`.
    var metadataExtents: [(method: Int, range: Range<Int>)] = []
    /// How many metadata items the box names.
    var metadataItems = 0
    /// Where the data of `idat` lies in the box, if it has one.
    var idat: Range<Int>?

    init(_ box: [UInt8], childrenAt start: Int) throws(Malformed) {
        var metadataIDs: Set<Int> = []
        var locations: [Int: (method: Int, ranges: [Range<Int>])] = [:]
        for child in try Self.boxes(box, start..<box.count) {
            switch child.type {
            case "iinf": metadataIDs = try Self.metadataItems(box, child.body)
            case "iloc": locations = try Self.locations(box, child.body)
            case "idat": idat = child.body
            default: break
            }
        }
        metadataItems = metadataIDs.count
        for id in metadataIDs.sorted() {
            guard let location = locations[id] else { continue }  // an item without data
            for range in location.ranges {
                guard range.upperBound != Int.max else { throw Malformed("a metadata item of the HEIF file has no length") }
                metadataExtents.append((location.method, range))
            }
        }
    }

    /// The boxes laid out in `range` of `bytes`: type and body.
    static func boxes(_ bytes: [UInt8], _ range: Range<Int>) throws(Malformed) -> [(type: String, body: Range<Int>)] {
        var found: [(String, Range<Int>)] = []
        var at = range.lowerBound
        while at < range.upperBound {
            var reader = Reader(bytes, at..<range.upperBound)
            var size = try reader.int(4)
            let type = String(decoding: try reader.bytes(4), as: UTF8.self)
            if size == 1 { size = try reader.int(8) } else if size == 0 { size = range.upperBound - at }
            let headerSize = reader.at - at
            guard size >= headerSize, size <= range.upperBound - at else { throw Malformed("a box inside the meta box has an impossible size") }
            found.append((type, (at + headerSize)..<(at + size)))
            at += size
        }
        return found
    }

    /// The ids of the Exif items and the XMP (`mime`, `application/rdf+xml`) items of `iinf`.
    static func metadataItems(_ bytes: [UInt8], _ body: Range<Int>) throws(Malformed) -> Set<Int> {
        var reader = Reader(bytes, body)
        let version = try reader.int(1)
        _ = try reader.int(3)
        _ = try reader.int(version == 0 ? 2 : 4)
        var ids: Set<Int> = []
        for entry in try boxes(bytes, reader.at..<body.upperBound) where entry.type == "infe" {
            var infe = Reader(bytes, entry.body)
            let v = try infe.int(1)
            _ = try infe.int(3)
            let id = try infe.int(v == 3 ? 4 : 2)
            _ = try infe.int(2)  // protection index
            var type = "mime"
            if v >= 2 { type = String(decoding: try infe.bytes(4), as: UTF8.self) }
            _ = infe.string()  // item name
            let contentType = type == "mime" ? infe.string() : ""
            if type == "Exif" || (type == "mime" && contentType == "application/rdf+xml") { ids.insert(id) }
        }
        return ids
    }

    /// Every item's construction method and extents, from `iloc`.
    static func locations(_ bytes: [UInt8], _ body: Range<Int>) throws(Malformed) -> [Int: (method: Int, ranges: [Range<Int>])] {
        var reader = Reader(bytes, body)
        let version = try reader.int(1)
        guard version <= 2 else { throw Malformed("the iloc box has an unknown version") }
        _ = try reader.int(3)
        let sizes = try reader.int(1)
        let more = try reader.int(1)
        let offsetSize = sizes >> 4
        let lengthSize = sizes & 0xF
        let baseSize = more >> 4
        let indexSize = version == 0 ? 0 : more & 0xF
        for size in [offsetSize, lengthSize, baseSize, indexSize] where ![0, 4, 8].contains(size) {
            throw Malformed("the iloc box has a field size of \(size) bytes")
        }
        let count = try reader.int(version < 2 ? 2 : 4)
        var locations: [Int: (method: Int, ranges: [Range<Int>])] = [:]
        for _ in 0..<count {
            let id = try reader.int(version < 2 ? 2 : 4)
            let method = version == 0 ? 0 : try reader.int(2) & 0xF
            _ = try reader.int(2)  // data reference index
            let base = try reader.int(baseSize)
            let extents = try reader.int(2)
            // Extents described by zero bytes each (every field size 0) would let a few bytes of
            // iloc ask for millions of ranges: at most one such, and never more than the box holds.
            let described = offsetSize + lengthSize + indexSize
            guard described > 0 ? extents * described <= reader.end - reader.at : extents <= 1 else {
                throw Malformed("the iloc box lists more extents than it describes")
            }
            var ranges: [Range<Int>] = []
            for _ in 0..<extents {
                _ = try reader.int(indexSize)
                let offset = try reader.int(offsetSize)
                let length = try reader.int(lengthSize)
                guard base <= Int.max / 4, offset <= Int.max / 4, length <= Int.max / 4 else {
                    throw Malformed("an item extent in iloc has an impossible offset or length")
                }
                // Length 0 means "to the end of the file": fine for a picture, refused for metadata below.
                ranges.append((base + offset)..<(length == 0 ? Int.max : base + offset + length))
            }
            locations[id] = (method, ranges)
        }
        return locations
    }

    /// Big-endian reads within a range; reading past it is a malformed box.
    struct Reader {
        let bytes: [UInt8]
        let end: Int
        var at: Int

        init(_ bytes: [UInt8], _ range: Range<Int>) {
            self.bytes = bytes
            self.at = range.lowerBound
            self.end = range.upperBound
        }

        mutating func bytes(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
            guard count <= end - at else { throw Malformed("a box inside the meta box is cut short") }
            defer { at += count }
            return bytes[at..<(at + count)]
        }

        mutating func int(_ count: Int) throws(Malformed) -> Int {
            guard count <= 8 else { throw Malformed("a field is wider than 8 bytes") }
            var value = 0
            for byte in try bytes(count) { value = value << 8 | Int(byte) }
            guard value >= 0 else { throw Malformed("a field is out of range") }
            return value
        }

        /// A NUL-terminated string (to the end of the box when unterminated).
        mutating func string() -> String {
            let stop = bytes[at..<end].firstIndex(of: 0) ?? end
            defer { at = min(end, stop + 1) }
            return String(decoding: bytes[at..<stop], as: UTF8.self)
        }
    }
}
