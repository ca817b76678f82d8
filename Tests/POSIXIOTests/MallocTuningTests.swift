import POSIXIO
import Testing

/// What the daemon puts in `GLIBC_TUNABLES` before it starts itself again.
@Suite struct MallocTuningTests {
    @Test func bothSettingsAreAddedToAnEmptyEnvironment() {
        #expect(ProcessSetup.tunables(to: "") == "glibc.malloc.tcache_count=1024:glibc.malloc.hugetlb=1")
    }

    @Test func anOperatorsSettingIsKeptAndOnlyTheMissingOneAdded() {
        #expect(
            ProcessSetup.tunables(to: "glibc.malloc.tcache_count=7") == "glibc.malloc.tcache_count=7:glibc.malloc.hugetlb=1")
        #expect(
            ProcessSetup.tunables(to: "glibc.malloc.hugetlb=0:glibc.pthread.rseq=0")
                == "glibc.malloc.hugetlb=0:glibc.pthread.rseq=0:glibc.malloc.tcache_count=1024")
    }

    /// The second start finds both set and does not start again (no loop of `execv`).
    @Test func nothingIsAddedOnceBothAreSet() {
        #expect(ProcessSetup.tunables(to: "glibc.malloc.tcache_count=1024:glibc.malloc.hugetlb=1") == nil)
        #expect(ProcessSetup.tunables(to: "glibc.malloc.hugetlb=1:glibc.malloc.tcache_count=16") == nil)
    }

    /// A name that merely contains another's is not taken for it.
    @Test func similarNamesAreNotMistaken() {
        #expect(
            ProcessSetup.tunables(to: "glibc.malloc.tcache_count_max=9")
                == "glibc.malloc.tcache_count_max=9:glibc.malloc.tcache_count=1024:glibc.malloc.hugetlb=1")
    }
}
