import Testing

@testable import Media

/// JPEG files built segment by segment, so each test states exactly which bytes must survive.
enum JPEGFixture {
    static func segment(_ code: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, code, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// A TIFF structure (big- or little-endian) whose IFD0 holds an orientation and a GPS pointer,
    /// and a GPS IFD with a latitude: what a phone writes.
    static func exif(orientation: UInt16, littleEndian: Bool = false) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] {
            littleEndian ? u16(UInt16(v & 0xFFFF)) + u16(UInt16(v >> 16)) : u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF))
        }
        var tiff: [UInt8] = (littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]) + u16(42) + u32(8)
        tiff += u16(2)
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0)
        tiff += u16(0x8825) + u16(4) + u32(1) + u32(38)  // GPS IFD pointer
        tiff += u32(0)
        // GPS IFD at 38: GPSLatitudeRef "N", and the marker text a leak would show.
        tiff += u16(1) + u16(0x0001) + u16(2) + u32(2) + Array("N\0".utf8) + u16(0) + u32(0)
        tiff += Array("GPS-31.2304N-121.4737E".utf8)
        return Array("Exif".utf8) + [0, 0] + tiff
    }

    static let xmp = Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>31,13.8N</exif:GPSLatitude></x:xmpmeta>".utf8)
    static let iptc = Array("Photoshop 3.0\08BIM\u{04}\u{04}Sub-location: Building 3 Unit 1202".utf8)
    static let jfif = Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]
    static let icc = Array("ICC_PROFILE\0".utf8) + [1, 1] + Array(repeating: 0x42, count: 40)
    static let tables =
        segment(0xDB, [0] + Array(repeating: 1, count: 64)) + segment(0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0])
        + segment(0xC4, [0, 0, 1] + Array(repeating: 0, count: 15) + [0])
    /// Picture data with a stuffed 0xFF and a restart marker inside.
    static let scan = segment(0xDA, [1, 1, 0, 0, 63, 0]) + [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78, 0x9A]

    /// A phone photo: every kind of metadata, then a trailer after the end marker.
    static func photo(orientation: UInt16 = 6, littleEndian: Bool = false) -> [UInt8] {
        [0xFF, 0xD8] + segment(0xE0, jfif) + segment(0xE1, exif(orientation: orientation, littleEndian: littleEndian))
            + segment(0xE1, xmp) + segment(0xED, iptc) + segment(0xE2, icc) + tables + scan + [0xFF, 0xD9]
            + Array("MPF trailer with a second Exif: GPS-31.2304N".utf8)
    }

    /// What must remain of `photo`.
    static func stripped(orientation: UInt16 = 6) -> [UInt8] {
        [0xFF, 0xD8] + segment(0xE0, jfif) + (orientation == 1 ? [] : ExifOrientation.minimalSegment(orientation))
            + segment(0xE2, icc) + tables + scan + [0xFF, 0xD9]
    }
}

func strip(_ bytes: [UInt8], pieces: Int = 1) throws -> (output: [UInt8], stripper: JPEGMetadataStripper) {
    var stripper = JPEGMetadataStripper()
    var output: [UInt8] = []
    let size = max(1, bytes.count / pieces)
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + size)
        try bytes[offset..<end].withUnsafeBytes { try stripper.feed($0) { output.append(contentsOf: $0) } }
        offset = end
    }
    try stripper.finish()
    return (output, stripper)
}

@Suite struct JPEGStrippingTests {
    @Test func aPhoneFileLosesItsLocationButKeepsPictureProfileAndOrientation() throws {
        let (output, stripper) = try strip(JPEGFixture.photo())
        #expect(output == JPEGFixture.stripped())
        #expect(!String(decoding: output, as: UTF8.self).contains("GPS"))
        #expect(!String(decoding: output, as: UTF8.self).contains("Building 3"))
        #expect(stripper.removedExif == 1 && stripper.removedXMP == 1 && stripper.removedIPTC == 1)
        #expect(stripper.keptOrientation == 6)
        #expect(stripper.trailingBytesRemoved > 0)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func theOutputDoesNotDependOnHowTheBytesArrive(pieces: Int) throws {
        let whole = try strip(JPEGFixture.photo()).output
        let split = try strip(JPEGFixture.photo(), pieces: pieces)
        #expect(split.output == whole)
    }

    @Test func aByteAtATimeGivesTheSameFile() throws {
        let photo = JPEGFixture.photo(littleEndian: true)
        var stripper = JPEGMetadataStripper()
        var output: [UInt8] = []
        for byte in photo { try [byte].withUnsafeBytes { try stripper.feed($0) { output.append(contentsOf: $0) } } }
        try stripper.finish()
        #expect(output == JPEGFixture.stripped())
    }

    @Test func anUprightPhotoKeepsNoExifAtAll() throws {
        let (output, stripper) = try strip(JPEGFixture.photo(orientation: 1))
        #expect(output == JPEGFixture.stripped(orientation: 1))
        #expect(stripper.keptOrientation == nil && stripper.removedExif == 1)
    }

    @Test func theKeptOrientationBlockReadsBack() {
        let segment = ExifOrientation.minimalSegment(8)
        #expect(ExifOrientation.read(segment[(4 + ExifOrientation.identifier.count)...]) == 8)
    }

    @Test func aProgressiveFileKeepsEveryScan() throws {
        let second =
            JPEGFixture.segment(0xC4, [1, 0, 1] + Array(repeating: 0, count: 15) + [0])
            + JPEGFixture.segment(0xDA, [1, 1, 0, 1, 5, 0]) + [0x01, 0xFF, 0x00, 0x02]
        let file = [0xFF, 0xD8] + JPEGFixture.tables + JPEGFixture.scan + second + [0xFF, 0xD9]
        #expect(try strip(file).output == file)
    }

    @Test func aFileCutShortInsideThePictureIsAcceptedWithItsMetadataGone() throws {
        let photo = JPEGFixture.photo()
        let trailer = Array("MPF trailer with a second Exif: GPS-31.2304N".utf8).count
        let cut = Array(photo[..<(photo.count - trailer - 4)])  // inside the picture data, before the end marker
        let (output, _) = try strip(cut)
        #expect(!String(decoding: output, as: UTF8.self).contains("GPS"))
    }

    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47], "the file does not start like a JPEG"),
            ([0xFF, 0xD8, 0x00], "a segment does not start with a marker"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01], "a segment length is below 2"),
            ([0xFF, 0xD8, 0xFF, 0xD8], "an unexpected marker 0xd8 between segments"),
        ] as [([UInt8], String)])
    func malformedFilesAreRefused(bytes: [UInt8], reason: String) {
        #expect(throws: JPEGMetadataStripper.Malformed(reason)) { try strip(bytes) }
    }

    @Test func aFileEndingInsideASegmentIsRefused() {
        let header = [0xFF, 0xD8] + JPEGFixture.segment(0xE1, JPEGFixture.exif(orientation: 6)).prefix(20)
        #expect(throws: JPEGMetadataStripper.Malformed("the file ends inside a JPEG segment")) { try strip(Array(header)) }
    }
}
