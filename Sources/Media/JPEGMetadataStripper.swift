/// Removes the metadata that can say where a JPEG photo was taken before it is stored (PIPL):
/// a phone writes the GPS position into the Exif block, and XMP and IPTC blocks can repeat it.
///
/// What goes, what stays:
/// - APP1 segments (Exif, XMP, extended XMP) are removed. Of Exif only the orientation is kept:
///   when the picture was taken sideways a new, minimal Exif block holding nothing but the
///   orientation tag is written in its place, so the photo is still shown upright.
/// - APP13 segments (Photoshop resources, IPTC: may hold a city, a sub-location, a caption) are removed.
/// - Anything after the end-of-image marker is removed (a phone's trailer, or the second
///   pictures of a multi-picture file, each with an Exif block of its own).
/// - Everything else is kept byte for byte: the picture data, JFIF (APP0), the colour profile
///   (APP2), Adobe colour information (APP14), tables, comments.
///
/// A push filter: bytes go in as they arrive, kept bytes come out through `emit`, and memory
/// stays bounded (at most one APP1 segment, 64 KiB, is held to read its orientation). A file that
/// is not a well-formed JPEG is refused, since it could not be said what it carries.
public struct JPEGMetadataStripper {
    /// Why a file was refused.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong with the file, for the 422 that refuses it.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// What was removed, for the log and the tests.
    public private(set) var removedExif = 0
    public private(set) var removedXMP = 0
    public private(set) var removedIPTC = 0
    public private(set) var removedOther = 0
    /// The orientation kept from the Exif block (2...8), if any.
    public private(set) var keptOrientation: UInt16?
    /// Bytes dropped after the end-of-image marker.
    public private(set) var trailingBytesRemoved = 0

    private enum State {
        case start(seen: Int)
        /// Between segments: `sawFF` once the marker's 0xFF (or fill bytes) arrived.
        case marker(sawFF: Bool)
        /// The two length bytes of segment `code`; `high` once the first arrived.
        case length(code: UInt8, high: UInt8?)
        /// A kept payload; picture data follows when it is a start-of-scan header.
        case copy(remaining: Int, thenScan: Bool)
        case skip(remaining: Int)
        /// An APP1 payload held whole to read it.
        case hold(remaining: Int)
        /// Entropy-coded data after SOS; `sawFF` when the last byte was 0xFF.
        case scan(sawFF: Bool)
        case trailer
    }

    private var state = State.start(seen: 0)
    private var held: [UInt8] = []

    /// A new filter expecting the first byte of a file.
    public init() {}

    /// Whether the file has ended properly so far (after the end-of-image marker, or inside the
    /// picture data of a file cut short there, where no metadata can follow).
    public var isComplete: Bool {
        switch state {
        case .trailer, .scan: return true
        default: return false
        }
    }

    /// Feeds the next bytes of the file; what is kept is passed to `emit`, in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        var i = 0
        let count = bytes.count
        while i < count {
            switch state {
            case .start(let seen):
                let expected: UInt8 = seen == 0 ? 0xFF : 0xD8
                guard bytes[i] == expected else { throw Malformed("the file does not start like a JPEG") }
                i += 1
                if seen == 1 {
                    Self.emitBytes([0xFF, 0xD8], emit)
                    state = .marker(sawFF: false)
                } else {
                    state = .start(seen: 1)
                }
            case .marker(let sawFF):
                let byte = bytes[i]
                i += 1
                if !sawFF {
                    guard byte == 0xFF else { throw Malformed("a segment does not start with a marker") }
                    state = .marker(sawFF: true)
                } else if byte != 0xFF {  // further 0xFF are fill bytes
                    try begin(code: byte, emit: emit)
                }
            case .length(let code, let high):
                let byte = bytes[i]
                i += 1
                guard let high else {
                    state = .length(code: code, high: byte)
                    continue
                }
                let length = Int(high) << 8 | Int(byte)
                guard length >= 2 else { throw Malformed("a segment length is below 2") }
                startPayload(code: code, length: length, emit: emit)
            case .copy(let remaining, let thenScan):
                let take = min(remaining, count - i)
                emit(UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                let after: State = thenScan ? .scan(sawFF: false) : .marker(sawFF: false)
                state = remaining == take ? after : .copy(remaining: remaining - take, thenScan: thenScan)
            case .skip(let remaining):
                let take = min(remaining, count - i)
                i += take
                state = remaining == take ? .marker(sawFF: false) : .skip(remaining: remaining - take)
            case .hold(let remaining):
                let take = min(remaining, count - i)
                held.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                if remaining == take { finishHeld(emit: emit) } else { state = .hold(remaining: remaining - take) }
            case .scan(let sawFF):
                i = try scanPictureData(bytes, from: i, sawFF: sawFF, emit: emit)
            case .trailer:
                trailingBytesRemoved += count - i
                i = count
            }
        }
    }

    /// Checks the file ended where it may; call once after the last `feed`.
    public func finish() throws(Malformed) {
        guard isComplete else { throw Malformed("the file ends inside a JPEG segment") }
    }

    // MARK: segments

    /// A marker `code` arrived after 0xFF.
    private mutating func begin(code: UInt8, emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        switch code {
        case 0xD9:  // EOI
            Self.emitBytes([0xFF, 0xD9], emit)
            state = .trailer
        case 0xD0...0xD7, 0x01:  // RSTn and TEM stand alone
            Self.emitBytes([0xFF, code], emit)
            state = .marker(sawFF: false)
        case 0xD8, 0x00:
            throw Malformed("an unexpected marker 0x\(String(code, radix: 16)) between segments")
        default:
            state = .length(code: code, high: nil)
        }
    }

    /// The length of segment `code` is known (`length` counts its own two bytes).
    private mutating func startPayload(code: UInt8, length: Int, emit: (UnsafeRawBufferPointer) -> Void) {
        let payload = length - 2
        switch code {
        case 0xE1:  // APP1: Exif or XMP
            held = []
            held.reserveCapacity(payload)
            if payload == 0 {
                removedOther += 1
                state = .marker(sawFF: false)
            } else {
                state = .hold(remaining: payload)
            }
        case 0xED:  // APP13: Photoshop resources and IPTC
            removedIPTC += 1
            state = payload == 0 ? .marker(sawFF: false) : .skip(remaining: payload)
        default:
            Self.emitBytes([0xFF, code, UInt8(length >> 8), UInt8(length & 0xFF)], emit)
            let isScan = code == 0xDA
            if payload > 0 {
                state = .copy(remaining: payload, thenScan: isScan)
            } else {
                state = isScan ? .scan(sawFF: false) : .marker(sawFF: false)
            }
        }
    }

    /// A whole APP1 payload is held: keep only an orientation other than "upright".
    private mutating func finishHeld(emit: (UnsafeRawBufferPointer) -> Void) {
        if held.starts(with: ExifOrientation.identifier) {
            removedExif += 1
            if let orientation = ExifOrientation.read(held[ExifOrientation.identifier.count...]), orientation != 1 {
                keptOrientation = orientation
                Self.emitBytes(ExifOrientation.minimalSegment(orientation), emit)
            }
        } else if held.starts(with: Array("http://ns.adobe.com/".utf8)) {
            removedXMP += 1
        } else {
            removedOther += 1
        }
        held = []
        state = .marker(sawFF: false)
    }

    /// Copies picture data up to the next marker; returns where reading stopped.
    private mutating func scanPictureData(
        _ bytes: UnsafeRawBufferPointer, from start: Int, sawFF: Bool,
        emit: (UnsafeRawBufferPointer) -> Void
    ) throws(Malformed) -> Int {
        var i = start
        var pendingFF = sawFF
        var runStart = i
        while i < bytes.count {
            let byte = bytes[i]
            if pendingFF {
                i += 1
                runStart = i
                pendingFF = false
                if byte == 0x00 || (0xD0...0xD7).contains(byte) {
                    // Stuffed 0xFF or a restart marker: part of the picture data.
                    Self.emitBytes([0xFF, byte], emit)
                    continue
                }
                if byte == 0xFF {  // a fill byte before a marker
                    pendingFF = true
                    continue
                }
                // A marker: the picture data ended; its segment is read like any other.
                try begin(code: byte, emit: emit)
                return i
            }
            if byte == 0xFF {
                if runStart < i { emit(UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
                pendingFF = true
                i += 1
                runStart = i
                continue
            }
            i += 1
        }
        if runStart < i { emit(UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
        state = .scan(sawFF: pendingFF)
        return i
    }

    private static func emitBytes(_ bytes: [UInt8], _ emit: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { emit($0) }
    }
}
