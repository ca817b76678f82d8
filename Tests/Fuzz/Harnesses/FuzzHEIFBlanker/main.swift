// libFuzzer harness: the HEIF box walker that zeroes Exif and XMP items in place
// (HEIFMetadataBlanker, HEIFMetaLayout).
//
// Input: byte 0 picks where the file is cut into two reads; the rest is the file.
// Must hold: no trap; the verdict and the output do not depend on how the bytes arrive; an
// accepted file's output has exactly the input's length and differs from it only by bytes set to
// zero; blanking the output again changes nothing.
@testable import Media

struct Outcome: Equatable {
    var output: [UInt8] = []
    var refusal: String?
}

func run(_ file: ArraySlice<UInt8>, cut: Int) -> Outcome {
    var blanker = HEIFMetadataBlanker()
    var outcome = Outcome()
    do {
        for piece in [file[file.startIndex..<(file.startIndex + cut)], file[(file.startIndex + cut)...]] {
            try Array(piece).withUnsafeBytes { try blanker.feed($0) { outcome.output.append(contentsOf: $0) } }
        }
        try blanker.finish()
    } catch let error as HEIFMetadataBlanker.Malformed {
        outcome.refusal = error.description
    } catch {
        fatalError("an error of another type: \(error)")
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHEIFBlanker(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = bytes[1...]
    let whole = run(file, cut: 0)
    let split = run(file, cut: file.isEmpty ? 0 : Int(bytes[0]) % (file.count + 1))
    check(whole == split, "the verdict or output depends on how the bytes arrive")
    guard whole.refusal == nil else { return 0 }
    check(whole.output.count == file.count, "an accepted file changed length")
    for (index, byte) in whole.output.enumerated() where byte != file[file.startIndex + index] {
        check(byte == 0, "a byte was changed to something other than zero")
    }
    let again = run(whole.output[...], cut: 0)
    check(again == Outcome(output: whole.output, refusal: nil), "blanking the output again changes it")
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
