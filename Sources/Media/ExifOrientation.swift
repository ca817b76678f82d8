/// The one Exif fact a stripped photo keeps: which way up it is (TIFF tag 0x0112 in IFD0). A phone
/// stores the picture as the sensor saw it and says "rotate 90°" here; without it a portrait
/// photo would be shown on its side.
enum ExifOrientation {
    /// How an Exif APP1 payload starts.
    static let identifier: [UInt8] = Array("Exif".utf8) + [0, 0]

    /// The orientation (1...8) in a TIFF structure (the APP1 payload after `identifier`); nil when
    /// there is none or the structure is broken. Every offset is checked against the bytes.
    static func read(_ tiff: ArraySlice<UInt8>) -> UInt16? {
        let bytes = Array(tiff)
        guard bytes.count >= 8 else { return nil }
        let bigEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x4D, 0x4D): bigEndian = true  // "MM"
        case (0x49, 0x49): bigEndian = false  // "II"
        default: return nil
        }
        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return bigEndian ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
        }
        func u32(_ at: Int) -> UInt32? {
            guard let first = u16(at), let second = u16(at + 2) else { return nil }
            return bigEndian ? UInt32(first) << 16 | UInt32(second) : UInt32(second) << 16 | UInt32(first)
        }
        guard u16(2) == 42, let ifd = u32(4), ifd <= UInt32(bytes.count), let entries = u16(Int(ifd)) else { return nil }
        for index in 0..<Int(entries) {
            let entry = Int(ifd) + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            guard tag == 0x0112 else { continue }
            // SHORT, one value, held in the first two bytes of the value field.
            guard u16(entry + 2) == 3, u32(entry + 4) == 1, let value = u16(entry + 8), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }

    /// A complete APP1 segment (marker included) holding only `orientation`: big-endian TIFF,
    /// IFD0 with one entry, no next IFD.
    static func minimalSegment(_ orientation: UInt16) -> [UInt8] {
        let tiff: [UInt8] = [
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // "MM", 42, IFD0 at 8
            0x00, 0x01,  // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,  // Orientation, SHORT, count 1
            UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,  // no next IFD
        ]
        let length = 2 + identifier.count + tiff.count
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + identifier + tiff
    }
}
