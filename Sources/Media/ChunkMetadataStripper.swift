/// Removes the metadata that can say where a PNG or WebP picture was taken before it is stored
/// (PIPL), as `JPEGMetadataStripper` does for JPEG photos.
///
/// - PNG: the `eXIf` chunk (Exif, with its GPS block) and the text chunks `tEXt`, `zTXt` and
///   `iTXt` (XMP travels in `iTXt`) are removed; every other chunk is kept byte for byte, so
///   nothing else changes (each chunk carries its own CRC). Bytes after `IEND` are removed.
/// - WebP: the `EXIF` and `XMP ` chunks are blanked in place — renamed `JUNK` and zeroed, the
///   RIFF padding chunk every reader skips — and their flags in the `VP8X` header are cleared.
///   Blanking keeps every size as it was, so the RIFF header written first stays true while the
///   file streams through. Bytes after the RIFF container are removed.
///
/// A push filter like the JPEG one: bytes go in as they arrive, kept bytes come out through
/// `emit`, and at most one chunk header (12 bytes) is held. A file whose chunk structure is broken
/// or cut short is refused, since it could not be said what it carries.
public struct ChunkMetadataStripper {
    /// The container.
    public enum Format: Sendable {
        /// PNG: a signature, then chunks of length, type, data and CRC, up to `IEND`.
        case png
        /// WebP: a RIFF container of chunks (fourcc, little-endian size, data, even padding).
        case webp
    }

    /// Why a file was refused.
    public struct Malformed: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong with the file, for the 422 that refuses it.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Chunks removed (PNG) or blanked (WebP).
    public private(set) var removedChunks = 0
    /// Bytes dropped after the end of the picture.
    public private(set) var trailingBytesRemoved = 0

    private enum Mode { case copy, drop, blank, flags }

    private enum State {
        /// The PNG signature or the 12-byte RIFF header, collected in `pending`.
        case header
        /// A chunk header (8 bytes), collected in `pending`.
        case chunkHeader
        /// `remaining` bytes of a chunk's data (PNG: and its CRC; WebP: and its padding).
        case body(remaining: Int, mode: Mode)
        case trailer
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let pngRemoved: Set<[UInt8]> = [Array("eXIf".utf8), Array("tEXt".utf8), Array("zTXt".utf8), Array("iTXt".utf8)]
    static let webpBlanked: Set<[UInt8]> = [Array("EXIF".utf8), Array("XMP ".utf8)]
    static let blank: [UInt8] = Array("JUNK".utf8)
    /// The VP8X flags that announce Exif (0x08) and XMP (0x04) chunks.
    static let metadataFlags: UInt8 = 0x0C

    private let format: Format
    private var state = State.header
    private var pending: [UInt8] = []
    /// WebP: bytes of the container still to come after the current chunk header.
    private var containerRemaining = 0
    /// PNG: the chunk being read is `IEND`.
    private var atEnd = false

    /// A new filter expecting the first byte of a `format` file.
    public init(_ format: Format) { self.format = format }

    /// Whether the file has ended properly (its end chunk or its container is complete).
    public var isComplete: Bool {
        if case .trailer = state { return true }
        return false
    }

    private var name: String { format == .png ? "PNG" : "WebP" }

    /// Feeds the next bytes of the file; what is kept is passed to `emit`, in order.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        var i = 0
        while i < bytes.count {
            switch state {
            case .header, .chunkHeader:
                let wanted: Int
                if case .header = state { wanted = format == .png ? 8 : 12 } else { wanted = 8 }
                let take = min(wanted - pending.count, bytes.count - i)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)]))
                i += take
                guard pending.count == wanted else { continue }
                if case .header = state { try beginFile(emit) } else { try beginChunk(emit) }
            case .body(let remaining, let mode):
                let take = min(remaining, bytes.count - i)
                let piece = UnsafeRawBufferPointer(rebasing: bytes[i..<(i + take)])
                var next = mode
                switch mode {
                case .copy: emit(piece)
                case .drop: break
                case .blank: [UInt8](repeating: 0, count: take).withUnsafeBytes { emit($0) }
                case .flags:
                    [piece[0] & ~Self.metadataFlags].withUnsafeBytes { emit($0) }
                    emit(UnsafeRawBufferPointer(rebasing: piece[1...]))
                    next = .copy
                }
                i += take
                if remaining == take { endChunk() } else { state = .body(remaining: remaining - take, mode: next) }
            case .trailer:
                trailingBytesRemoved += bytes.count - i
                i = bytes.count
            }
        }
    }

    /// Checks the file ended where it may; call once after the last `feed`.
    public func finish() throws(Malformed) {
        guard isComplete else { throw Malformed("the \(name) file is cut short (it ends inside a chunk or before its end)") }
    }

    private mutating func beginFile(_ emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        switch format {
        case .png:
            guard pending == Self.pngSignature else { throw Malformed("the PNG signature is wrong") }
        case .webp:
            guard pending[0..<4].elementsEqual("RIFF".utf8), pending[8..<12].elementsEqual("WEBP".utf8) else {
                throw Malformed("the RIFF header of a WebP file is wrong")
            }
            containerRemaining = Self.littleEndian(pending[4..<8]) - 4
            guard containerRemaining >= 8 else { throw Malformed("the WebP container holds no chunk") }
        }
        pending.withUnsafeBytes { emit($0) }
        pending.removeAll(keepingCapacity: true)
        state = .chunkHeader
    }

    private mutating func beginChunk(_ emit: (UnsafeRawBufferPointer) -> Void) throws(Malformed) {
        let type = Array(format == .png ? pending[4..<8] : pending[0..<4])
        var header = pending
        pending.removeAll(keepingCapacity: true)
        let total: Int
        var mode = Mode.copy
        switch format {
        case .png:
            let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
            guard length <= 0x7FFF_FFFF else { throw Malformed("a PNG chunk is longer than 2^31 - 1 bytes") }
            guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw Malformed("a PNG chunk type is not four letters")
            }
            total = length + 4
            atEnd = type.elementsEqual("IEND".utf8)
            if Self.pngRemoved.contains(type) { mode = .drop }
        case .webp:
            let size = Self.littleEndian(header[4..<8])
            total = size + (size & 1)
            guard total <= containerRemaining - 8 else { throw Malformed("a WebP chunk runs past the end of its RIFF container") }
            containerRemaining -= 8 + total
            if Self.webpBlanked.contains(type) {
                header.replaceSubrange(0..<4, with: Self.blank)
                mode = .blank
            } else if type.elementsEqual("VP8X".utf8) && size > 0 {
                mode = .flags
            }
        }
        if mode == .drop || mode == .blank { removedChunks += 1 }
        if mode != .drop { header.withUnsafeBytes { emit($0) } }
        if total == 0 { endChunk() } else { state = .body(remaining: total, mode: mode) }
    }

    private mutating func endChunk() {
        switch format {
        case .png: state = atEnd ? .trailer : .chunkHeader
        case .webp: state = containerRemaining == 0 ? .trailer : .chunkHeader
        }
        if case .chunkHeader = state, format == .webp, containerRemaining < 8 {
            // Fewer bytes left than a chunk header: the container is broken; `finish` says so.
            state = .body(remaining: Int.max, mode: .drop)
        }
    }

    private static func littleEndian(_ bytes: ArraySlice<UInt8>) -> Int {
        let b = Array(bytes)
        return Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24
    }
}
