import Testing

@testable import ComplaintService

/// Tracking codes are the owners' secrets: 32 hex digits, never repeated, across pool refills.
struct TrackingCodeTests {
    @Test func codesAreFreshHexAcrossRefills() {
        let codes = (0..<1_000).map { _ in TrackingCode.make() }
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) } })
    }

    @Test func aPoolNeverHandsOutAWordTwice() {
        var pool = RandomPool()
        var seen = Set<UInt64>()
        for _ in 0..<100 {
            let (high, low) = pool.next()
            #expect(seen.insert(high).inserted && seen.insert(low).inserted)
        }
    }
}
