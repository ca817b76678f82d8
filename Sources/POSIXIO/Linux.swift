import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// epoll(7), keeping the C names.
public enum Epoll {
    /// EPOLLIN.
    public static let input = UInt32(EPOLLIN.rawValue)
    /// EPOLLOUT.
    public static let output = UInt32(EPOLLOUT.rawValue)
    /// EPOLLERR.
    public static let error = UInt32(EPOLLERR.rawValue)
    /// EPOLLHUP.
    public static let hangUp = UInt32(EPOLLHUP.rawValue)
    /// EPOLLRDHUP.
    public static let readHangUp = UInt32(EPOLLRDHUP.rawValue)
    /// EPOLLEXCLUSIVE: of the epoll instances watching one descriptor, wake only one (used for a
    /// listening socket shared by every loop). Only valid with `add`, never with `modify`.
    public static let exclusive = UInt32(EPOLLEXCLUSIVE.rawValue)

    /// epoll_create1(EPOLL_CLOEXEC).
    public static func create() throws(SystemCallError) -> Int32 {
        try Syscall.retrying("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    /// Adds `fd` with interest `events`; `data` comes back with each event.
    public static func add(_ epfd: Int32, _ fd: Int32, events: UInt32, data: UInt64) throws(SystemCallError) {
        _ = try Syscall.retrying("epoll_ctl(ADD)") { clinux_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data) }
    }

    /// Changes the interest of a registered `fd`.
    public static func modify(_ epfd: Int32, _ fd: Int32, events: UInt32, data: UInt64) throws(SystemCallError) {
        _ = try Syscall.retrying("epoll_ctl(MOD)") { clinux_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events, data) }
    }

    /// Removes `fd` (closing the descriptor also removes it).
    public static func remove(_ epfd: Int32, _ fd: Int32) {
        _ = clinux_epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// Waits up to `timeoutMilliseconds` (-1 = forever); fills the two arrays; returns the count (0 on EINTR).
    public static func wait(
        _ epfd: Int32, events: UnsafeMutablePointer<UInt32>, data: UnsafeMutablePointer<UInt64>, capacity: Int32, timeoutMilliseconds: Int32
    ) throws(SystemCallError) -> Int {
        let n = clinux_epoll_wait(epfd, events, data, capacity, timeoutMilliseconds)
        if n < 0 {
            if Glibc.errno == EINTR { return 0 }
            throw SystemCallError(call: "epoll_wait", errno: Glibc.errno)
        }
        return Int(n)
    }
}

/// eventfd(2): how another thread wakes a loop.
public enum EventFd {
    /// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
    public static func create() throws(SystemCallError) -> Int32 {
        try Syscall.retrying("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
    }

    /// Adds one to the counter (wakes the reader).
    public static func signal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(fd, $0.baseAddress, 8) }
    }

    /// Resets the counter to zero.
    public static func drain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(fd, $0.baseAddress, 8) }
    }
}

/// The monotonic clock in nanoseconds (CLOCK_MONOTONIC, a vDSO call).
public enum Monotonic {
    /// Now, in nanoseconds since an arbitrary start.
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
