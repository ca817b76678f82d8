import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// The outcome of a non-blocking I/O call: "would block" is a value, not an error.
public enum IOResult: Equatable, Sendable {
    /// The call moved this many bytes (0 on read means end of stream).
    case processed(Int)
    /// The call would have blocked (EAGAIN/EWOULDBLOCK).
    case wouldBlock
}

/// An error from a system call, naming the call and keeping errno.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    /// The system call that failed, e.g. "bind".
    public let call: String
    /// The errno it left.
    public let errno: Int32

    /// Makes an error for `call` with the given errno value.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// Every system call the server makes goes through here once: EINTR is retried, EAGAIN is a value.
public enum Syscall {
    /// Runs `body` until it does not fail with EINTR; throws on -1 with another errno.
    @inline(__always)
    public static func retrying<T: FixedWidthInteger>(_ call: String, _ body: () -> T) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result == -1 {
                let code = Glibc.errno
                if code == EINTR { continue }
                throw SystemCallError(call: call, errno: code)
            }
            return result
        }
    }

    /// Runs a non-blocking I/O call: EINTR retried, EAGAIN turned into `.wouldBlock`.
    @inline(__always)
    public static func nonBlocking(_ call: String, _ body: () -> Int) throws(SystemCallError) -> IOResult {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = Glibc.errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw SystemCallError(call: call, errno: code)
        }
    }

    /// Reads into `buffer` from a non-blocking descriptor.
    @inline(__always)
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> IOResult {
        try nonBlocking("read") { clinux_read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes `buffer` to a non-blocking socket without raising SIGPIPE.
    @inline(__always)
    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemCallError) -> IOResult {
        try nonBlocking("send") { clinux_send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Closes a descriptor; EBADF is a programmer error and traps.
    public static func close(_ fd: Int32) {
        if Glibc.close(fd) == -1, Glibc.errno == EBADF {
            preconditionFailure("close(\(fd)): bad file descriptor")
        }
    }
}
