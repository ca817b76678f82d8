// libFuzzer harness: the JPEG segment walker that strips location metadata (JPEGMetadataStripper).
//
// Input: byte 0 picks where the file is cut into two reads; the rest is the file.
// Must hold: no trap; the verdict and the output do not depend on how the bytes arrive; an
// accepted file's output starts with the start-of-image marker, holds no APP13 segment and no
// APP1 segment but the minimal orientation block, and stripping it again changes nothing.
@testable import Media

struct Outcome: Equatable {
    var output: [UInt8] = []
    var refusal: String?
}

func run(_ file: ArraySlice<UInt8>, cut: Int) -> Outcome {
    var stripper = JPEGMetadataStripper()
    var outcome = Outcome()
    do {
        for piece in [file[file.startIndex..<(file.startIndex + cut)], file[(file.startIndex + cut)...]] {
            try Array(piece).withUnsafeBytes { try stripper.feed($0) { outcome.output.append(contentsOf: $0) } }
        }
        try stripper.finish()
    } catch let error as JPEGMetadataStripper.Malformed {
        outcome.refusal = error.description
    } catch {
        fatalError("an error of another type: \(error)")
    }
    return outcome
}

/// The markers of the segments before the first scan (where metadata lives).
func headerMarkers(_ bytes: [UInt8]) -> [(code: UInt8, payload: ArraySlice<UInt8>)] {
    var markers: [(UInt8, ArraySlice<UInt8>)] = []
    var i = 2
    while i + 4 <= bytes.count, bytes[i] == 0xFF {
        let code = bytes[i + 1]
        if code == 0xD9 || (0xD0...0xD7).contains(code) || code == 0x01 {
            i += 2
            continue
        }
        let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        let end = min(bytes.count, i + 2 + length)
        markers.append((code, bytes[min(end, i + 4)..<end]))
        if code == 0xDA { break }
        i = end
    }
    return markers
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEGStripper(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = bytes[1...]
    let whole = run(file, cut: 0)
    let split = run(file, cut: file.isEmpty ? 0 : Int(bytes[0]) % (file.count + 1))
    check(whole == split, "the verdict or output depends on how the bytes arrive")
    guard whole.refusal == nil else { return 0 }
    check(whole.output.starts(with: [0xFF, 0xD8]), "an accepted file's output does not start with SOI")
    for (code, payload) in headerMarkers(whole.output) {
        check(code != 0xED, "an APP13 segment survived")
        if code == 0xE1 {
            check(isMinimalOrientation(payload), "an APP1 segment other than the orientation block survived")
        }
    }
    let again = run(whole.output[...], cut: 0)
    check(again == Outcome(output: whole.output, refusal: nil), "stripping the output again changes it")
    return 0
}

func isMinimalOrientation(_ payload: ArraySlice<UInt8>) -> Bool {
    (1...8).contains { Array(ExifOrientation.minimalSegment(UInt16($0)).dropFirst(4)) == Array(payload) }
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
