import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A pipe for capturing what a component writes to a descriptor (a logger's output): hand it
/// `writeEnd`, then read what arrived with `drain()` — or never, to play a reader that stopped.
public final class PipeCapture {
    /// The descriptor to write to.
    public let writeEnd: Int32
    /// The descriptor to read from (non-blocking).
    public let readEnd: Int32
    private var captured: [UInt8] = []

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestError("pipe failed: \(errno)") }
        readEnd = fds[0]
        writeEnd = fds[1]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
    }

    // Both ends stay open for the rest of the test run (a handful of descriptors): a logger's
    // writer thread may still write after the test ended, and a closed number is soon another
    // test's socket or segment, which the late write would then corrupt.

    /// Reads everything available now and returns all text captured so far.
    @discardableResult
    public func drain() -> String {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, 65536) }
            if n <= 0 { break }
            captured.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: captured, as: UTF8.self)
    }

    /// Every complete line captured so far, parsed as a JSON object (nil for a line that is not one).
    public func jsonLines() -> [[String: Any]?] {
        drain().split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }
}
