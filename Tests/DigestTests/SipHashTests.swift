import Digest
import Testing

/// SipHash-2-4 against the reference vectors (key 00…0f, message 00…(n-1)).
struct SipHashTests {
    static let hasher = SipHash24(key: Array(0..<16))!

    @Test(arguments: [
        (0, 0x726f_db47_dd0e_0e31 as UInt64), (8, 0x93f5_f579_9a93_2462), (15, 0xa129_ca61_49be_45e5), (63, 0x958a_324c_eb06_4572),
    ])
    func referenceVectors(length: Int, tag: UInt64) {
        #expect(Self.hasher.hash(Array(0..<UInt8(length))) == tag)
    }

    @Test func anotherKeyGivesAnotherTagAndOnlySixteenByteKeysAreTaken() {
        let message = Array("roster-token-001234-abcdefghij".utf8)
        var key = Array(UInt8(0)..<16)
        key[15] ^= 1
        #expect(SipHash24(key: key)!.hash(message) != Self.hasher.hash(message))
        #expect(SipHash24(key: Array(0..<15)) == nil && SipHash24(key: Array(0..<17)) == nil)
    }
}
