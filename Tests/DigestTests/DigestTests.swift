import Digest
import Testing

/// SHA-256 against FIPS 180-2/180-4 examples and HMAC-SHA256 against RFC 4231 cases 1–7.
struct DigestTests {
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func sha256Vectors(message: String, digest: String) {
        #expect(hexString(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func sha256OfOneMillionAs() {
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(hexString(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha256IncrementalEqualsOneShotAcrossBlockBoundaries() {
        let message = (0..<200).map { UInt8($0) }
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 199] {
            var hasher = SHA256()
            hasher.update(message[0..<split])
            hasher.update(message[split...])
            #expect(hasher.finalize() == SHA256.hash(message), "split at \(split)")
        }
    }

    /// Updates of every size (one byte, odd lengths, several blocks at once) and input that is
    /// not contiguous in memory give the same digest as the FIPS vector.
    @Test func sha256OfOneMillionAsInUnevenPieces() {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = SHA256()
        var offset = 0
        var size = 1
        while offset < million.count {
            let end = min(million.count, offset + size)
            million.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[offset..<end])) }
            offset = end
            size = size * 7 % 9_973 + 1
        }
        #expect(hexString(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var lazy = SHA256()
        lazy.update(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
        #expect(hexString(lazy.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231 §4.2–4.8 (case 5 is truncated to 128 bits).
    @Test(arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "dd", count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        ("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b"),
        (
            String(repeating: "aa", count: 131),
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            String(repeating: "aa", count: 131),
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ])
    func hmacRFC4231(key: String, data: String, mac: String) {
        let code = HMACSHA256.authenticationCode(for: Self.bytes(hex: data), key: Self.bytes(hex: key))
        #expect(hexString(code).hasPrefix(mac) && mac.count >= 32)
    }

}

/// PBKDF2-HMAC-SHA256 against published vectors and against the definition spelt out with our HMAC.
@Suite struct PBKDF2Tests {
    private func hex(_ bytes: [UInt8]) -> String { hexString(bytes) }

    @Test func matchesThePublishedVectors() {
        let p = Array("password".utf8)
        let s = Array("salt".utf8)
        #expect(
            hex(PBKDF2SHA256.deriveKey(password: p, salt: s, iterations: 1)) == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
        #expect(
            hex(PBKDF2SHA256.deriveKey(password: p, salt: s, iterations: 2)) == "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43")
        #expect(
            hex(PBKDF2SHA256.deriveKey(password: p, salt: s, iterations: 4096)) == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
        // RFC 7914 §11: two output blocks.
        #expect(
            hex(PBKDF2SHA256.deriveKey(password: Array("passwd".utf8), salt: s, iterations: 1, length: 64))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    @Test func equalsTheDefinitionWrittenWithHMAC() {
        let password = Array("长密码 with a key longer than one SHA-256 block, so it is hashed first........".utf8)
        let salt: [UInt8] = (0..<16).map { UInt8($0 * 7) }
        var u = HMACSHA256.authenticationCode(for: salt + [0, 0, 0, 1], key: password)
        var t = u
        for _ in 1..<25 {
            u = HMACSHA256.authenticationCode(for: u, key: password)
            for i in 0..<32 { t[i] ^= u[i] }
        }
        #expect(PBKDF2SHA256.deriveKey(password: password, salt: salt, iterations: 25) == t)
    }
}
