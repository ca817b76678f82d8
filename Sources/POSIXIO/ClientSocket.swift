import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// One address a host name resolved to, ready for `connect`.
public struct SocketAddress: Sendable {
    /// The address family (AF_INET or AF_INET6).
    public let family: Int32
    /// The raw `sockaddr` bytes.
    let bytes: [UInt8]
}

/// Why a host name did not resolve; `getaddrinfo` reports its own codes, not errno.
public struct ResolveError: Error, CustomStringConvertible, Sendable {
    /// The name that was looked up.
    public let host: String
    /// `gai_strerror` of the failure.
    public let reason: String

    public var description: String { "cannot resolve \(host): \(reason)" }
}

/// Outgoing TCP connections for the service's own clients (the notification sender): name
/// resolution, a non-blocking connect, and waiting on one descriptor with a timeout.
public enum ClientSocket {
    /// The stream addresses `host` resolves to for `port`, in the resolver's order.
    public static func resolve(host: String, port: Int) throws(ResolveError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw ResolveError(host: host, reason: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            guard let address = info.pointee.ai_addr else { continue }
            let raw = UnsafeRawBufferPointer(start: address, count: Int(info.pointee.ai_addrlen))
            addresses.append(SocketAddress(family: info.pointee.ai_family, bytes: Array(raw)))
        }
        return addresses
    }

    /// A non-blocking, close-on-exec TCP socket (Nagle off) that has started connecting to
    /// `address`; `connected` is true when the connection completed at once (loopback may).
    /// Otherwise wait for `Poll.output` and read `pendingError`.
    public static func startConnecting(to address: SocketAddress) throws(SystemCallError) -> (fd: Int32, connected: Bool) {
        let fd = try Syscall.retrying("socket") {
            Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        Socket.setNoDelay(fd)
        let result = address.bytes.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result == 0 { return (fd, true) }
        let code = Glibc.errno
        // EINTR: the connection goes on in the background, exactly as EINPROGRESS.
        if code == EINPROGRESS || code == EINTR { return (fd, false) }
        Syscall.close(fd)
        throw SystemCallError(call: "connect", errno: code)
    }

    /// The error a non-blocking connect ended with (0 when it succeeded): SO_ERROR.
    public static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return Glibc.errno }
        return value
    }
}

/// poll(2) on one descriptor, for the blocking worker threads (the event loops use epoll).
public enum Poll {
    /// POLLIN.
    public static let input = Int16(POLLIN)
    /// POLLOUT.
    public static let output = Int16(POLLOUT)

    /// Waits until `fd` is ready for `events` or `timeoutMilliseconds` pass; false on timeout.
    /// An interrupted wait reports false too: callers loop against their own deadline.
    public static func wait(_ fd: Int32, for events: Int16, timeoutMilliseconds: Int32) throws(SystemCallError) -> Bool {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        let ready = Glibc.poll(&descriptor, 1, timeoutMilliseconds)
        if ready > 0 { return true }
        if ready == 0 || Glibc.errno == EINTR { return false }
        throw SystemCallError(call: "poll", errno: Glibc.errno)
    }
}
