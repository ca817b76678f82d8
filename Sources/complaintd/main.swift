// complaintd: configuration, signals, run. Everything else lives in the libraries.
import ComplaintService
import Foundation
import POSIXIO
import Synchronization
import Telemetry

/// Exits once the queued log lines are written, waiting at most a second: logging never
/// blocks, so a stdout nobody reads can delay the exit only that long.
func finish(_ code: Int32) -> Never {
    Log.shared.flush(timeoutSeconds: 1)
    exit(code)
}

// First, before any thread: may start the program again with glibc's allocator tuned.
ProcessSetup.applyMallocTunables(arguments: CommandLine.unsafeArgv)

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "hash-password" {
    exit(HashPasswordCommand.run(Array(arguments.dropFirst())))
}
if arguments.contains("--help") || arguments.contains("-h") {
    print(ConfigurationLoader.usage)
    exit(0)
}

let configuration: ServiceConfiguration
do {
    configuration = try ConfigurationLoader.load(arguments: arguments, environment: ProcessInfo.processInfo.environment)
} catch {
    Log.shared.error("configuration rejected", [("error", .string("\(error)"))])
    FileHandle.standardError.write(Data("complaintd: \(error)\n".utf8))
    finish(2)
}
Log.shared.setMinimumLevel(configuration.logLevel)

// Signals are blocked before any thread starts, so only the main thread's sigwait sees them.
ProcessSetup.blockTerminationSignals()
let fileLimit = ProcessSetup.raiseOpenFileLimit()

// One thread waits for the signal from the start. A signal during start-up (a replay of a large
// log takes minutes) ends the process at once: nothing has been acknowledged yet, and every file
// start-up writes is replaced atomically, so there is nothing to finish. Once the service runs,
// the signal goes to the main thread, which shuts down gracefully.
let phase = Mutex<(running: Bool, signal: Int32?)>((false, nil))
let signalled = DispatchSemaphore(value: 0)
let signalWaiter = Thread {
    let received = ProcessSetup.waitForTerminationSignal()
    let running = phase.withLock { state in
        state.signal = received
        return state.running
    }
    guard running else {
        Log.shared.info("stopped during start-up", [("signal", .int(Int(received)))])
        Log.shared.flush(timeoutSeconds: 1)
        _exit(0)  // not exit(): the main thread is still replaying; no global teardown under it
    }
    signalled.signal()
}
signalWaiter.name = "signals"
signalWaiter.start()

let service = Service(configuration: configuration)
do {
    _ = try service.start()
} catch let error as StartupError {
    Log.shared.error("start-up failed", [("error", .string(error.description))])
    FileHandle.standardError.write(Data("complaintd: \(error.description)\n".utf8))
    finish(error.exitCode)
} catch let error as ConfigurationError {
    // Settings only the running process can check (e.g. a secret from the environment).
    Log.shared.error("configuration rejected", [("error", .string(error.description))])
    FileHandle.standardError.write(Data("complaintd: \(error)\n".utf8))
    finish(2)
} catch {
    Log.shared.error("start-up failed", [("error", .string("\(error)"))])
    FileHandle.standardError.write(Data("complaintd: \(error)\n".utf8))
    finish(1)
}
Log.shared.info("started", [("openFileLimit", .int(fileLimit)), ("pid", .int(Int(getpid())))])

phase.withLock { $0.running = true }
signalled.wait()
let signal = phase.withLock { $0.signal } ?? SIGTERM
Log.shared.info("shutting down", [("signal", .int(Int(signal))), ("graceSeconds", .double(configuration.shutdownGraceSeconds))])
let clean = service.shutdown()
Log.shared.info("stopped", [("clean", .bool(clean))])
finish(0)
