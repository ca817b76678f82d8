import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// TCP socket helpers: listening sockets, accept, options.
public enum Socket {
    /// Creates a non-blocking listening TCP socket bound to `host:port` (IPv4 or IPv6 literal,
    /// or "localhost"). There is no SO_REUSEPORT: binding a port another socket listens on fails
    /// with EADDRINUSE instead of silently sharing its traffic.
    public static func makeListener(host: String, port: Int, backlog: Int32 = 4096) throws(SystemCallError) -> Int32 {
        let name = host == "localhost" ? "127.0.0.1" : host
        var v4 = in_addr()
        var v6 = in6_addr()
        let isV4 = inet_pton(AF_INET, name, &v4) == 1
        let isV6 = !isV4 && inet_pton(AF_INET6, name, &v6) == 1
        guard isV4 || isV6 else { throw SystemCallError(call: "inet_pton(\(host))", errno: EINVAL) }
        let family = isV4 ? AF_INET : AF_INET6
        let fd = try Syscall.retrying("socket") {
            Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        do {
            // SO_REUSEADDR only lets a restart bind while old connections sit in TIME_WAIT.
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if isV4 {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr = v4
                _ = try withUnsafePointer(to: &address) { pointer throws(SystemCallError) in
                    try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(SystemCallError) in
                        try Syscall.retrying("bind(\(host):\(port))") { Glibc.bind(fd, sa, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                    }
                }
            } else {
                var address = sockaddr_in6()
                address.sin6_family = sa_family_t(AF_INET6)
                address.sin6_port = in_port_t(UInt16(port).bigEndian)
                address.sin6_addr = v6
                _ = try withUnsafePointer(to: &address) { pointer throws(SystemCallError) in
                    try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(SystemCallError) in
                        try Syscall.retrying("bind([\(host)]:\(port))") { Glibc.bind(fd, sa, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
                    }
                }
            }
            _ = try Syscall.retrying("listen") { Glibc.listen(fd, backlog) }
        } catch {
            Syscall.close(fd)
            throw error
        }
        return fd
    }

    /// The port a bound socket listens on (useful after binding port 0).
    public static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { return 0 }
        if storage.ss_family == sa_family_t(AF_INET) {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
        }
    }

    /// The result of accepting one connection.
    public enum AcceptResult {
        /// A new non-blocking, close-on-exec descriptor.
        case accepted(Int32)
        /// No connection waiting.
        case wouldBlock
        /// Out of descriptors (EMFILE/ENFILE): the caller must pause accepting, not spin.
        case outOfDescriptors(Int32)
        /// The peer went away before accept (ECONNABORTED and friends): just try again.
        case transient
    }

    /// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
    public static func accept(_ listener: Int32) throws(SystemCallError) -> AcceptResult {
        while true {
            let fd = clinux_accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            if fd >= 0 { return .accepted(fd) }
            switch Glibc.errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfDescriptors(Glibc.errno)
            case ECONNABORTED, EPROTO, EPERM, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH:
                return .transient
            default: throw SystemCallError(call: "accept4", errno: Glibc.errno)
            }
        }
    }

    /// Disables Nagle's algorithm: responses are written whole, so there is nothing to coalesce.
    public static func setNoDelay(_ fd: Int32) {
        try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// setsockopt with an Int32 value.
    public static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(SystemCallError) {
        var v = value
        _ = try Syscall.retrying("setsockopt") { setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// shutdown(SHUT_WR): tells the peer no more data comes, before a lingering close.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }
}

extension Socket {
    /// The peer's IP address as text (`127.0.0.1`, `::1`), or "" when it cannot be read.
    public static func peerAddress(_ fd: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard ok == 0 else { return "" }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let written: UnsafePointer<CChar>? = withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET {
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                var raw = address.pointee.sin6_addr
                return inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
            }
        }
        guard written != nil else { return "" }
        let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // An IPv4 client of an IPv6 socket reads as ::ffff:a.b.c.d; rate limits want a.b.c.d.
        return address.hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }
}
