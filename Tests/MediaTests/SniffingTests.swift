import Testing

@testable import Media

/// The kind of a file is read from its first bytes, whatever it is called or declared as.
@Suite struct SniffingTests {
    static func sniff(_ bytes: [UInt8]) -> MediaKind? { bytes.withUnsafeBytes { MediaSniffer.sniff($0) } }
    static func ftyp(_ major: String, _ compatible: [String]) -> [UInt8] {
        let size = 16 + 4 * compatible.count
        return [0, 0, 0, UInt8(size)] + Array("ftyp".utf8) + Array(major.utf8) + [0, 0, 0, 0] + compatible.flatMap { Array($0.utf8) }
    }

    @Test func everyAcceptedKindIsKnownByItsMagic() {
        #expect(Self.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]) == .jpeg)
        #expect(Self.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) == .png)
        #expect(Self.sniff(Array("RIFF".utf8) + [1, 2, 3, 4] + Array("WEBPVP8 ".utf8)) == .webp)
        #expect(Self.sniff(Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(Self.sniff(Self.ftyp("heic", ["mif1", "heic"])) == .heic)
        #expect(Self.sniff(Self.ftyp("mif1", ["mif1", "heic"])) == .heic)
        #expect(Self.sniff(Self.ftyp("mif1", ["mif1"])) == .heif)
        #expect(MediaKind.heic.mediaType == "image/heic" && MediaKind.pdf.isImage == false)
    }

    @Test func lookalikesAndOtherFilesAreRefused() {
        #expect(Self.sniff(Self.ftyp("avif", ["avif", "mif1"])) == nil, "AVIF shares the container but is not accepted")
        #expect(Self.sniff(Self.ftyp("mif1", ["avif"])) == nil)
        #expect(Self.sniff(Self.ftyp("isom", ["mp41"])) == nil, "an MP4 video is not a picture")
        #expect(Self.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)) == nil)
        #expect(Self.sniff(Array("GIF89a".utf8)) == nil)
        #expect(Self.sniff(Array("<svg xmlns=".utf8)) == nil)
        #expect(Self.sniff(Array("MZ\u{90}\u{0}".utf8)) == nil)
        #expect(Self.sniff([0xFF, 0xD8]) == nil, "too short to tell")
        #expect(Self.sniff([]) == nil)
        #expect(Self.sniff([0x89, 0x50, 0x4E, 0x47]) == nil)
    }

    @Test func aLongerPrefixNeverChangesTheVerdictOfEnoughBytes() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        #expect(Self.sniff(png + Array(repeating: 0x41, count: 100)) == .png)
    }
}
