import Dispatch
import Foundation
import Synchronization
import Testing

@testable import POSIXIO

#if canImport(Glibc)
    import Glibc
#endif

/// The loop itself: cross-thread tasks wake it through the eventfd, timers fire in deadline
/// order and can be cancelled, and `stop()` returns from `run()`.
@Suite(.serialized)
struct EventLoopTests {
    private func startLoop() throws -> (EventLoop, DispatchSemaphore) {
        let loop = try EventLoop(name: "test-loop")
        let stopped = DispatchSemaphore(value: 0)
        Threads.start(name: "test-loop") {
            loop.run()
            stopped.signal()
        }
        return (loop, stopped)
    }

    @Test func tasksFromOtherThreadsRunOnTheLoopThread() throws {
        let (loop, stopped) = try startLoop()
        let ran = Atomic<Int>(0)
        let onLoop = Atomic<Bool>(true)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.concurrentPerform(iterations: 100) { _ in
            loop.execute {
                if !loop.inEventLoop { onLoop.store(false, ordering: .relaxed) }
                if ran.add(1, ordering: .relaxed).newValue == 100 { done.signal() }
            }
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        let count = ran.load(ordering: .relaxed)
        let allOnLoop = onLoop.load(ordering: .relaxed)
        #expect(count == 100)
        #expect(allOnLoop)
        #expect(!loop.inEventLoop)
        loop.stop()
        #expect(stopped.wait(timeout: .now() + 10) == .success)
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() throws {
        let (loop, stopped) = try startLoop()
        let order = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        loop.execute {
            loop.schedule(afterNanoseconds: 60_000_000) {
                order.withLock { $0.append(3) }
                done.signal()
            }
            loop.schedule(afterNanoseconds: 20_000_000) { order.withLock { $0.append(1) } }
            let cancelled = loop.schedule(afterNanoseconds: 30_000_000) { order.withLock { $0.append(99) } }
            loop.schedule(afterNanoseconds: 40_000_000) { order.withLock { $0.append(2) } }
            loop.cancelTimer(cancelled)
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(order.withLock { $0 } == [1, 2, 3])
        loop.stop()
        #expect(stopped.wait(timeout: .now() + 10) == .success)
    }

    @Test func aListenerBindsAnEphemeralLoopbackPortAndRefusesABadAddress() throws {
        let fd = try Socket.makeListener(host: "127.0.0.1", port: 0)
        defer { Syscall.close(fd) }
        #expect(Socket.localPort(fd) > 0)
        #expect(throws: SystemCallError.self) { _ = try Socket.makeListener(host: "not-an-address", port: 0) }
        #expect(try Socket.accept(fd) == .wouldBlock)
    }

    @Test func aPortSomeoneListensOnCannotBeBoundAgain() throws {
        let fd = try Socket.makeListener(host: "127.0.0.1", port: 0)
        defer { Syscall.close(fd) }
        do {
            let second = try Socket.makeListener(host: "127.0.0.1", port: Socket.localPort(fd))
            Syscall.close(second)
            Issue.record("a second listener bound a port in use")
        } catch {
            #expect(error.errno == EADDRINUSE)
        }
    }
}

extension Socket.AcceptResult: Equatable {
    public static func == (a: Socket.AcceptResult, b: Socket.AcceptResult) -> Bool {
        switch (a, b) {
        case (.wouldBlock, .wouldBlock), (.transient, .transient): return true
        case (.accepted(let x), .accepted(let y)), (.outOfDescriptors(let x), .outOfDescriptors(let y)): return x == y
        default: return false
        }
    }
}
