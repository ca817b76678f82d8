// libFuzzer harness: the magic-byte sniffing that decides what an uploaded file is (MediaSniffer).
//
// Input: the first bytes of a file.
// Must hold: no trap; only the first `prefixLength` bytes matter; a verdict agrees with the
// file's signature (JPEG FF D8 FF, PNG's eight bytes, RIFF…WEBP, %PDF-, an ftyp box with a HEIF
// brand); the media type maps back to the same kind; and a kind never changes when more bytes
// follow the first 32.
@testable import Media

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMediaSniff(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let kind = bytes.withUnsafeBytes { MediaSniffer.sniff($0) }
    let prefix = Array(bytes.prefix(MediaSniffer.prefixLength))
    check(kind == prefix.withUnsafeBytes { MediaSniffer.sniff($0) }, "bytes after the prefix changed the verdict")
    if bytes.count >= MediaSniffer.prefixLength {
        let longer = bytes + [0x00, 0xFF, 0x41]
        check(kind == longer.withUnsafeBytes { MediaSniffer.sniff($0) }, "appending bytes changed the verdict")
    }
    guard let kind else { return 0 }
    check(MediaKind(mediaType: kind.mediaType) == kind, "the media type does not map back")
    func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
        bytes.count >= offset + signature.count && Array(bytes[offset..<(offset + signature.count)]) == signature
    }
    switch kind {
    case .jpeg: check(starts([0xFF, 0xD8, 0xFF]), "JPEG without its signature")
    case .png: check(starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "PNG without its signature")
    case .webp: check(starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8), "WebP without its signature")
    case .pdf: check(starts(Array("%PDF-".utf8)), "PDF without its signature")
    case .heic, .heif:
        check(starts(Array("ftyp".utf8), at: 4), "HEIF without an ftyp box")
        let brand = String(decoding: bytes[8..<12], as: UTF8.self)
        check(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].contains(brand), "HEIF with the major brand \(brand)")
    }
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
