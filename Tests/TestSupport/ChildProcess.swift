import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A process the tests start with posix_spawn, whose standard streams go to files (or /dev/null,
/// or a pipe nobody reads). Foundation's Process juggles FileHandles that close themselves on
/// deallocation; in a test process where many suites run at once, one descriptor closed twice
/// closes another suite's socket or segment. Here the child opens its files itself and the only
/// descriptor the parent ever holds is a pipe's read end, closed exactly once.
public final class ChildProcess {
    /// Where a standard stream of the child goes.
    public enum Stream {
        /// /dev/null.
        case discard
        /// A file, appended to (created 0600 if missing).
        case file(String)
        /// A pipe whose read end the parent holds and never reads: the child's writes block once it is full.
        case unreadPipe
    }

    public let pid: pid_t
    private var status: Int32?
    private var pipeReadEnd: Int32 = -1

    /// Starts `executable`; the environment is the test's minus any `COMPLAINTD_*`, plus `environment`.
    public init(
        _ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
        stdin: String = "/dev/null", stdout: Stream = .discard, stderr: Stream = .discard
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        var writeEnd: Int32 = -1
        for (descriptor, stream) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch stream {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            case .unreadPipe:
                if writeEnd < 0 {
                    var fds: [Int32] = [-1, -1]
                    guard pipe(&fds) == 0 else { throw TestError("pipe failed: \(errno)") }
                    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                    pipeReadEnd = fds[0]
                    writeEnd = fds[1]
                }
                posix_spawn_file_actions_adddup2(&actions, writeEnd, descriptor)
            }
        }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COMPLAINTD_") }
        environment.merge(extra) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, envp)
        if writeEnd >= 0 { close(writeEnd) }
        guard result == 0 else {
            if pipeReadEnd >= 0 {
                close(pipeReadEnd)
                pipeReadEnd = -1
            }
            throw TestError("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit {
        stop()
        if pipeReadEnd >= 0 { close(pipeReadEnd) }
    }

    /// Reaps the child if it has ended; true while it runs.
    public var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        let reaped = waitpid(pid, &raw, WNOHANG)
        if reaped == pid {
            status = raw
            return false
        }
        return reaped == 0
    }

    /// Waits for the child to end and returns its exit status (128 + signal when a signal ended it).
    @discardableResult
    public func wait() -> Int32 {
        if status == nil {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            status = raw
        }
        return Self.exitCode(status ?? 0)
    }

    /// The exit status once the child ended within `seconds`; nil if it still runs.
    public func exitStatus(within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning {
            if Date() >= deadline { return nil }
            usleep(20_000)
        }
        return wait()
    }

    /// Sends `signal` to a child that still runs.
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// SIGKILL (if it still runs) and reap.
    public func stop() {
        signal(SIGKILL)
        wait()
    }

    private static func exitCode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}

/// The text of a file (empty if it cannot be read).
public func fileText(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
