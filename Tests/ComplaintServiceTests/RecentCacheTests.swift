import Testing

@testable import ComplaintService

@Suite("The cache of cold complaints")
struct RecentCacheTests {
    /// Against a plain model (a list, most recent first) over a long mixed run: the cache keeps
    /// exactly the `capacity` most recently used ids, and answers each with the latest value put.
    @Test func keepsTheMostRecentlyUsedLikeAPlainList() {
        var cache = RecentCache<Int>(capacity: 5)
        var model: [(id: String, value: Int)] = []
        var state: UInt64 = 7
        for step in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let id = "C\((state >> 33) % 9)"
            let known = model.firstIndex { $0.id == id }
            if state >> 20 & 1 == 0 {
                #expect(cache.get(id) == known.map { model[$0].value }, "step \(step)")
                if let known { model.insert(model.remove(at: known), at: 0) }
            } else {
                let returned = cache.put(id, step)
                var dropped: Int?
                if let known { dropped = model.remove(at: known).value }
                model.insert((id, step), at: 0)
                if model.count > 5 { dropped = model.removeLast().value }
                #expect(returned == dropped, "step \(step): put hands back what it replaced or forgot")
            }
            #expect(cache.count == model.count)
        }
    }

    @Test func aCacheOfOneKeepsTheLastPut() {
        var cache = RecentCache<String>(capacity: 1)
        cache.put("a", "1")
        cache.put("b", "2")
        #expect(cache.get("a") == nil && cache.get("b") == "2")
        cache.put("b", "3")
        #expect(cache.get("b") == "3" && cache.count == 1)
    }
}
