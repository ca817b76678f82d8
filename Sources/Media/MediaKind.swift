/// The kinds of file complaintd accepts as evidence, decided by the file's first bytes (its
/// "magic"), never by its name or the type a client declared: a renamed executable stays refused,
/// and a photo named `.txt` is still a photo.
public enum MediaKind: String, Sendable, CaseIterable {
    case jpeg, png, webp, heic, heif, pdf

    /// The media type it is stored and served as.
    public var mediaType: String {
        switch self {
        case .jpeg: return "image/jpeg"
        case .png: return "image/png"
        case .webp: return "image/webp"
        case .heic: return "image/heic"
        case .heif: return "image/heif"
        case .pdf: return "application/pdf"
        }
    }

    /// Whether it is a picture (a photo or a drawn signature), as opposed to a document.
    public var isImage: Bool { self != .pdf }

    /// The kind stored under `mediaType`, if any.
    public init?(mediaType: String) {
        guard let kind = MediaKind.allCases.first(where: { $0.mediaType == mediaType }) else { return nil }
        self = kind
    }
}

/// Recognises a file from its first bytes.
public enum MediaSniffer {
    /// How many leading bytes `sniff` looks at (fewer are enough for a short file).
    public static let prefixLength = 32

    /// The kind of a file starting with `prefix`; nil for anything not accepted.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> MediaKind? {
        let bytes = prefix.prefix(prefixLength)
        func at(_ offset: Int, _ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count >= offset + expected.count else { return false }
            for (index, byte) in expected.enumerated() where bytes[bytes.startIndex + offset + index] != byte { return false }
            return true
        }
        func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[bytes.startIndex + offset] : nil }
        if byte(0) == 0xFF, byte(1) == 0xD8, byte(2) == 0xFF { return .jpeg }
        if [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A].enumerated().allSatisfy({ byte($0.offset) == UInt8($0.element) }) {
            return .png
        }
        if at(0, "RIFF"), at(8, "WEBP") { return .webp }
        if at(0, "%PDF-") { return .pdf }
        if at(4, "ftyp") { return isobmff(Array(bytes)) }
        return nil
    }

    /// Brands of HEIF files (ISO/IEC 23008-12): HEVC-coded pictures are HEIC, the generic
    /// image brands HEIF. AVIF shares the container but is not accepted.
    private static let heicBrands: Set<String> = ["heic", "heix", "hevc", "hevx", "heim", "heis"]
    private static let heifBrands: Set<String> = ["mif1", "msf1"]

    /// The kind of an ISO base media file from its `ftyp` box: major brand, then compatible brands.
    private static func isobmff(_ bytes: [UInt8]) -> MediaKind? {
        guard bytes.count >= 12 else { return nil }
        let size = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard size >= 16 else { return nil }
        func brand(_ offset: Int) -> String? {
            guard offset + 4 <= min(size, bytes.count) else { return nil }
            return String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
        }
        guard let major = brand(8) else { return nil }
        if heicBrands.contains(major) { return .heic }
        guard heifBrands.contains(major) else { return nil }
        // Compatible brands follow the minor version (offset 12..16).
        var compatible: [String] = []
        var offset = 16
        while let next = brand(offset) {
            compatible.append(next)
            offset += 4
        }
        if compatible.contains(where: heicBrands.contains) { return .heic }
        if compatible.contains("avif") || compatible.contains("avis") { return nil }
        return .heif
    }
}
