// libFuzzer harness: the PNG and WebP chunk walker that removes location metadata
// (ChunkMetadataStripper).
//
// Input: byte 0 picks the format (bit 0: PNG or WebP) and where the file is cut into two reads
// (the other bits); the rest is the file.
// Must hold: no trap; the verdict and the output do not depend on how the bytes arrive; an
// accepted PNG keeps no eXIf, tEXt, zTXt or iTXt chunk and ends with IEND; an accepted WebP keeps
// no EXIF or XMP chunk, has no metadata flag in VP8X and keeps its length up to the end of its
// container; stripping an output again changes nothing.
@testable import Media

struct Outcome: Equatable {
    var output: [UInt8] = []
    var refusal: String?
}

func run(_ file: ArraySlice<UInt8>, _ format: ChunkMetadataStripper.Format, cut: Int) -> Outcome {
    var stripper = ChunkMetadataStripper(format)
    var outcome = Outcome()
    do {
        for piece in [file[file.startIndex..<(file.startIndex + cut)], file[(file.startIndex + cut)...]] {
            try Array(piece).withUnsafeBytes { try stripper.feed($0) { outcome.output.append(contentsOf: $0) } }
        }
        try stripper.finish()
    } catch let error as ChunkMetadataStripper.Malformed {
        outcome.refusal = error.description
    } catch {
        fatalError("an error of another type: \(error)")
    }
    return outcome
}

/// The chunk types of a PNG written by the stripper (signature skipped).
func pngTypes(_ bytes: [UInt8]) -> [String] {
    var types: [String] = []
    var i = 8
    while i + 8 <= bytes.count {
        let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        types.append(String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self))
        i += 12 + length
    }
    check(i == bytes.count, "the PNG output does not end at a chunk boundary")
    return types
}

/// The fourccs of a WebP written by the stripper, and the first byte of its VP8X payload if any.
func webpChunks(_ bytes: [UInt8]) -> (types: [String], flags: UInt8?) {
    var types: [String] = []
    var flags: UInt8?
    var i = 12
    while i + 8 <= bytes.count {
        let size = Int(bytes[i + 4]) | Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]) << 16 | Int(bytes[i + 7]) << 24
        let type = String(decoding: bytes[i..<(i + 4)], as: UTF8.self)
        types.append(type)
        if type == "VP8X" && size > 0 && i + 8 < bytes.count { flags = bytes[i + 8] }
        i += 8 + size + (size & 1)
    }
    return (types, flags)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunkStripper(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let format: ChunkMetadataStripper.Format = bytes[0] & 1 == 0 ? .png : .webp
    let file = bytes[1...]
    let whole = run(file, format, cut: 0)
    let split = run(file, format, cut: file.isEmpty ? 0 : Int(bytes[0] >> 1) % (file.count + 1))
    check(whole == split, "the verdict or output depends on how the bytes arrive")
    guard whole.refusal == nil else { return 0 }
    switch format {
    case .png:
        let types = pngTypes(whole.output)
        check(types.last == "IEND", "an accepted PNG does not end with IEND")
        for removed in ["eXIf", "tEXt", "zTXt", "iTXt"] { check(!types.contains(removed), "a \(removed) chunk survived") }
    case .webp:
        let riffSize = Int(whole.output[4]) | Int(whole.output[5]) << 8 | Int(whole.output[6]) << 16 | Int(whole.output[7]) << 24
        check(whole.output.count == riffSize + 8, "the WebP output is not exactly its RIFF container")
        let (types, flags) = webpChunks(whole.output)
        check(!types.contains("EXIF") && !types.contains("XMP "), "an EXIF or XMP chunk survived")
        check((flags ?? 0) & 0x0C == 0, "the VP8X header still announces metadata")
    }
    let again = run(whole.output[...], format, cut: 0)
    check(again == Outcome(output: whole.output, refusal: nil), "stripping the output again changes it")
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
