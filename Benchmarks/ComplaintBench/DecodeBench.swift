import ComplaintDomain
import Foundation

/// `ComplaintBench decode FILE...`: reads log segments into memory, then times decoding each
/// record's event (`DomainEvent.Reader`, what a replay's reading thread does per event) on one
/// thread, five runs; prints the thread's CPU per event (median and range) and the line count.
/// Decoding alone, without the file reads, the record checks and the fold, is steady enough to
/// compare two builds of the decoder on a shared machine.
func measureDecoding(files: [String]) {
    var payloads: [UInt8] = []
    var spans: [Range<Int>] = []
    let marker = Array(#","data":"#.utf8)
    for path in files {
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            while start < bytes.count {
                let end = (start..<bytes.count).first { bytes[$0] == 0x0A } ?? bytes.count
                // The event is the record's "data" member, the last one, up to the record's own brace.
                if let at = firstMatch(marker, in: bytes, from: start, to: end), end - 1 > at + marker.count {
                    let from = payloads.count
                    payloads.append(contentsOf: bytes[(at + marker.count)..<(end - 1)])
                    spans.append(from..<payloads.count)
                }
                start = end + 1
            }
        }
    }
    var perEvent: [Double] = []
    var failures = 0
    for _ in 0..<5 {
        failures = 0
        let began = threadCPUSeconds()
        var reader = DomainEvent.Reader()
        payloads.withUnsafeBytes { bytes in
            for span in spans where (try? reader.read(from: UnsafeRawBufferPointer(rebasing: bytes[span]))) == nil {
                failures += 1
            }
        }
        perEvent.append((threadCPUSeconds() - began) / Double(max(1, spans.count)) * 1e9)
    }
    perEvent.sort()
    print(
        String(
            format: "decode: %d events, %.0f ns each (median of 5; %.0f–%.0f), %d unreadable", spans.count, perEvent[2],
            perEvent[0], perEvent[4], failures))
}

private func firstMatch(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
    guard end - start >= needle.count else { return nil }
    var index = start
    while index <= end - needle.count {
        if bytes[index] == needle[0], (1..<needle.count).allSatisfy({ bytes[index + $0] == needle[$0] }) { return index }
        index += 1
    }
    return nil
}
