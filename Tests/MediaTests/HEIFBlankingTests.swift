import Testing

@testable import Media

/// HEIC photos keep every byte but those of their Exif and XMP items, which are zeroed in place
/// wherever `iloc` says they are (in `mdat` or in `idat`), however the bytes arrive.
@Suite struct HEIFBlankingTests {
    static func be(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).map { UInt8((value >> (8 * (count - 1 - $0))) & 0xFF) } }
    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] { be(8 + body.count, 4) + Array(type.utf8) + body }
    static func fullBox(_ type: String, version: UInt8, _ body: [UInt8]) -> [UInt8] { box(type, [version, 0, 0, 0] + body) }
    static func infe(_ id: Int, _ type: String, contentType: String? = nil) -> [UInt8] {
        fullBox("infe", version: 2, be(id, 2) + [0, 0] + Array(type.utf8) + [0] + (contentType.map { Array($0.utf8) + [0] } ?? []))
    }

    static let ftyp = box("ftyp", Array("heic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8))
    static let pixels: [UInt8] = Array(repeating: 0xA5, count: 40)
    static let exif: [UInt8] = [0, 0, 0, 6] + Array("Exif\0\0MM\0*GPSLatitude 31.2304N".utf8)
    static let xmp: [UInt8] = Array("<x:xmpmeta><exif:GPSLatitude>31,13.8N</exif:GPSLatitude></x:xmpmeta>".utf8)

    /// ftyp, meta (iinf: a picture, Exif, XMP; iloc version 0 into mdat), mdat (picture, Exif, XMP).
    static func photo(exif: [UInt8] = exif, xmp: [UInt8] = xmp) -> [UInt8] {
        let iinf = fullBox("iinf", version: 0, be(3, 2) + infe(1, "hvc1") + infe(2, "Exif") + infe(3, "mime", contentType: "application/rdf+xml"))
        func iloc(_ mdatData: Int) -> [UInt8] {
            var body: [UInt8] = [0x44, 0x00] + be(3, 2)
            var offset = mdatData
            for (id, length) in [(1, pixels.count), (2, exif.count), (3, xmp.count)] {
                body += be(id, 2) + [0, 0] + be(1, 2) + be(offset, 4) + be(length, 4)
                offset += length
            }
            return fullBox("iloc", version: 0, body)
        }
        let hdlr = fullBox("hdlr", version: 0, [0, 0, 0, 0] + Array("pict".utf8) + Array(repeating: 0, count: 13))
        let metaSize = fullBox("meta", version: 0, hdlr + iinf + iloc(0)).count
        let meta = fullBox("meta", version: 0, hdlr + iinf + iloc(ftyp.count + metaSize + 8))
        return ftyp + meta + box("mdat", pixels + exif + xmp)
    }

    static func blank(_ file: [UInt8], step: Int = 0) throws -> [UInt8] {
        var blanker = HEIFMetadataBlanker()
        var out: [UInt8] = []
        var offset = 0
        while offset < file.count {
            let end = step == 0 ? file.count : min(file.count, offset + step)
            try Array(file[offset..<end]).withUnsafeBytes { try blanker.feed($0) { out.append(contentsOf: $0) } }
            offset = end
        }
        try blanker.finish()
        return out
    }

    @Test func exifAndXMPItemsInMdatAreZeroedAndNothingElseChanges() throws {
        let file = Self.photo()
        let expected = Self.photo(exif: Array(repeating: 0, count: Self.exif.count), xmp: Array(repeating: 0, count: Self.xmp.count))
        for step in [0, 1, 7, 33, 100] {
            #expect(try Self.blank(file, step: step) == expected, "step \(step)")
        }
        #expect(try Self.blank(expected) == expected, "blanking twice changes nothing")
    }

    @Test func metadataInIdatIsZeroedInsideTheMetaBox() throws {
        let iinf = Self.fullBox("iinf", version: 0, Self.be(1, 2) + Self.infe(7, "Exif"))
        let iloc = Self.fullBox(
            "iloc", version: 1,
            [0x44, 0x00] + Self.be(1, 2) + Self.be(7, 2) + Self.be(1, 2) + [0, 0] + Self.be(1, 2)
                + Self.be(0, 4) + Self.be(Self.exif.count, 4))
        func file(_ exif: [UInt8]) -> [UInt8] {
            Self.ftyp + Self.fullBox("meta", version: 0, iinf + iloc + Self.box("idat", exif)) + Self.box("mdat", Self.pixels)
        }
        #expect(try Self.blank(file(Self.exif), step: 5) == file(Array(repeating: 0, count: Self.exif.count)))
    }

    @Test func metadataReachingIntoABoxHeaderIsRefused() throws {
        // The mdat box ends 4 bytes early: the XMP item's last 4 bytes are the size field of a
        // `free` box after it. Zeroing them would change the file's structure.
        var file = Self.photo()
        let mdatStart = file.count - (8 + Self.pixels.count + Self.exif.count + Self.xmp.count)
        file.replaceSubrange(mdatStart..<(mdatStart + 4), with: Self.be(file.count - mdatStart - 4, 4))
        file.replaceSubrange((file.count - 4)..., with: Self.be(8, 4))
        file += Array("free".utf8)
        #expect(throws: HEIFMetadataBlanker.Malformed("HEIF metadata overlaps a box header")) { try Self.blank(file) }
        #expect(throws: HEIFMetadataBlanker.Malformed("HEIF metadata overlaps a box header")) { try Self.blank(file, step: 3) }
    }

    @Test func brokenOrCutFilesAreRefused() {
        let file = Self.photo()
        #expect(throws: HEIFMetadataBlanker.Malformed.self) { try Self.blank(Array(file.dropLast(3))) }
        #expect(throws: HEIFMetadataBlanker.Malformed.self) { try Self.blank(Array(file.prefix(Self.ftyp.count + 20))) }
        var overlong = file
        overlong[Self.ftyp.count + 3] = 0xFF  // the meta box claims more than the file holds
        #expect(throws: HEIFMetadataBlanker.Malformed.self) { try Self.blank(overlong) }
        // Field sizes of zero: 65,535 extents in a few bytes are refused, not listed.
        let iinf = Self.fullBox("iinf", version: 0, Self.be(1, 2) + Self.infe(2, "Exif"))
        let iloc = Self.fullBox("iloc", version: 0, [0, 0] + Self.be(1, 2) + Self.be(2, 2) + [0, 0] + Self.be(65535, 2))
        #expect(throws: HEIFMetadataBlanker.Malformed("the iloc box lists more extents than it describes")) {
            try Self.blank(Self.ftyp + Self.fullBox("meta", version: 0, iinf + iloc))
        }
        var tiny = file
        tiny[3] = 4  // a box smaller than its header
        #expect(throws: HEIFMetadataBlanker.Malformed.self) { try Self.blank(tiny) }
    }
}
