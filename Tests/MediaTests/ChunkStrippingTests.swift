import Testing

@testable import Media

/// PNG and WebP pictures lose the chunks that can hold a position (Exif, XMP, text) and keep
/// everything else byte for byte, however the bytes arrive.
@Suite struct ChunkStrippingTests {
    static func png(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let n = data.count
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data + [1, 2, 3, 4]
    }

    static func riff(_ fourcc: String, _ data: [UInt8]) -> [UInt8] {
        let n = data.count
        return Array(fourcc.utf8) + [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)] + data
            + (n % 2 == 1 ? [0] : [])
    }

    static func webp(_ chunks: [UInt8]) -> [UInt8] {
        let n = chunks.count + 4
        return Array("RIFF".utf8) + [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)]
            + Array("WEBP".utf8) + chunks
    }

    static let gps = Array("GPSLatitude 31.2304N GPSLongitude 121.4737E".utf8)
    static let header = png("IHDR", [0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0])
    static let pixels = png("IDAT", Array(repeating: 0x78, count: 40))
    static let end = png("IEND", [])

    /// Strips `file` fed in pieces of `step` bytes (0: at once).
    static func strip(_ file: [UInt8], _ format: ChunkMetadataStripper.Format, step: Int = 0) throws -> [UInt8] {
        var stripper = ChunkMetadataStripper(format)
        var out: [UInt8] = []
        var offset = 0
        while offset < file.count {
            let end = step == 0 ? file.count : min(file.count, offset + step)
            try Array(file[offset..<end]).withUnsafeBytes { try stripper.feed($0) { out.append(contentsOf: $0) } }
            offset = end
        }
        try stripper.finish()
        return out
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test func aPNGLosesExifAndTextChunksAndKeepsThePicture() throws {
        let clean = ChunkMetadataStripper.pngSignature + Self.header + Self.png("sRGB", [0]) + Self.pixels + Self.end
        let tagged =
            ChunkMetadataStripper.pngSignature + Self.header + Self.png("eXIf", Array("MM\0*".utf8) + Self.gps) + Self.png("sRGB", [0])
            + Self.png("iTXt", Array("XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>31,13.8N</exif:GPSLatitude>".utf8))
            + Self.png("tEXt", Array("Comment\0taken at home".utf8)) + Self.pixels + Self.png("zTXt", [1, 2, 3]) + Self.end + Array("trailer".utf8)
        for step in [0, 1, 3, 7, 64] {
            #expect(try Self.strip(tagged, .png, step: step) == clean, "step \(step)")
        }
        #expect(try Self.strip(clean, .png) == clean, "a clean picture is kept byte for byte")
        var stripper = ChunkMetadataStripper(.png)
        try tagged.withUnsafeBytes { try stripper.feed($0) { _ in } }
        #expect(stripper.removedChunks == 4 && stripper.trailingBytesRemoved == 7)
    }

    @Test func aBrokenOrCutPNGIsRefused() {
        let file = ChunkMetadataStripper.pngSignature + Self.header + Self.pixels + Self.end
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(Array(file.dropLast(5)), .png) }
        var badType = file
        badType[12] = 0x31  // "1HDR"
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(badType, .png) }
        var wrongSignature = file
        wrongSignature[1] = 0x51
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(wrongSignature, .png) }
    }

    @Test func aWebPHasItsExifAndXMPBlankedAndItsFlagsCleared() throws {
        let vp8x: [UInt8] = [0x2C, 0, 0, 0, 15, 0, 0, 15, 0, 0]  // ICC 0x20, EXIF 0x08, XMP 0x04
        let picture = Self.riff("VP8 ", Array(repeating: 0x9D, count: 31))
        let exif = Array("MM\0*".utf8) + Self.gps
        let xmp = Array("<x:xmpmeta><exif:GPSLatitude>31,13.8N</exif:GPSLatitude></x:xmpmeta>".utf8)
        let tagged = Self.webp(Self.riff("VP8X", vp8x) + Self.riff("ICCP", [1, 2, 3]) + picture + Self.riff("EXIF", exif) + Self.riff("XMP ", xmp))
        let expected = Self.webp(
            Self.riff("VP8X", [0x20] + vp8x.dropFirst()) + Self.riff("ICCP", [1, 2, 3]) + picture
                + Self.riff("JUNK", Array(repeating: 0, count: exif.count)) + Self.riff("JUNK", Array(repeating: 0, count: xmp.count)))
        for step in [0, 1, 5, 13, 100] {
            let out = try Self.strip(tagged + [9, 9, 9], .webp, step: step)
            #expect(out == expected, "step \(step)")
            #expect(!Self.contains(out, Array("GPS".utf8)) && out.count == tagged.count)
        }
        let simple = Self.webp(picture)
        #expect(try Self.strip(simple, .webp) == simple)
    }

    @Test func aBrokenOrCutWebPIsRefused() {
        let picture = Self.riff("VP8 ", Array(repeating: 0x9D, count: 30))
        let file = Self.webp(picture)
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(Array(file.dropLast(4)), .webp) }
        var overlong = file
        overlong[16] = 200  // the chunk claims more than the container holds
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(overlong, .webp) }
        var notWebP = file
        notWebP[8] = 0x41  // "AEBP"
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(notWebP, .webp) }
        let dangling = Self.webp(picture + [1, 2, 3])  // three bytes cannot hold a chunk header
        #expect(throws: ChunkMetadataStripper.Malformed.self) { try Self.strip(dangling, .webp) }
    }
}
