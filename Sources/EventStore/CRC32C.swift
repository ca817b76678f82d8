// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, init and xorout
// 0xFFFFFFFF. Every replayed and restored byte goes through it: the CPU's CRC-32C instruction
// where there is one (SSE 4.2, several times faster), slice-by-8 otherwise.

import CLinux

/// CRC-32C checksums (also used by tools that write the store's record format).
public enum CRC32C {
    /// Eight 256-entry tables: table k advances a byte's contribution by k further bytes.
    static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
            table[i] = crc
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = table[(k - 1) * 256 + i]
                table[k * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// True when the CPU computes CRC-32C itself.
    static let hasInstruction = clinux_crc32c_available() != 0

    /// The checksum of `bytes`; pass the checksum of what came before as `previous` to extend it.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard hasInstruction, let start = bytes.baseAddress else { return softwareChecksum(bytes, continuing: previous) }
        return clinux_crc32c_update(previous ^ 0xFFFF_FFFF, start, bytes.count) ^ 0xFFFF_FFFF
    }

    /// The checksum computed with the tables (kept where the CPU lacks the instruction, and to test it against).
    static func softwareChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            var crc: UInt32 = previous ^ 0xFFFF_FFFF
            guard var pointer = bytes.baseAddress else { return previous }
            var remaining = bytes.count
            let t = table.baseAddress!
            while remaining >= 8 {
                let low = pointer.loadUnaligned(as: UInt32.self).littleEndian ^ crc
                let high = pointer.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
                crc =
                    t[7 * 256 + Int(low & 0xFF)]
                    ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)]
                    ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)]
                    ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)]
                    ^ t[Int(high >> 24)]
                pointer += 8
                remaining -= 8
            }
            while remaining > 0 {
                let byte = pointer.load(as: UInt8.self)
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(byte)) & 0xFF)]
                pointer += 1
                remaining -= 1
            }
            return crc ^ 0xFFFF_FFFF
        }
    }

    /// The checksum of an array's bytes (extending `previous`).
    static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }

    /// The checksum of A followed by B, from the checksums of A and B and B's length (zlib's
    /// crc32_combine with the Castagnoli polynomial): lets the writer seal a segment without
    /// reading again the part it found on disk at start-up.
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: UInt64) -> UInt32 {
        guard secondLength > 0 else { return first }
        func times(_ matrix: [UInt32], _ vector: UInt32) -> UInt32 {
            var sum: UInt32 = 0
            var vector = vector
            var index = 0
            while vector != 0 {
                if vector & 1 != 0 { sum ^= matrix[index] }
                vector >>= 1
                index += 1
            }
            return sum
        }
        func square(_ matrix: [UInt32]) -> [UInt32] { matrix.map { times(matrix, $0) } }
        // The operator for one zero bit, then two, then four.
        var odd = [UInt32](repeating: 0, count: 32)
        odd[0] = 0x82F6_3B78
        for n in 1..<32 { odd[n] = 1 << UInt32(n - 1) }
        var even = square(odd)
        odd = square(even)
        var crc = first
        var length = secondLength
        // Apply length's bits (in bytes: each step squares the operator for 2^k zero bytes).
        repeat {
            even = square(odd)
            if length & 1 != 0 { crc = times(even, crc) }
            length >>= 1
            if length == 0 { break }
            odd = square(even)
            if length & 1 != 0 { crc = times(odd, crc) }
            length >>= 1
        } while length != 0
        return crc ^ second
    }
}
