// `complaintd hash-password [--iterations N]`: prints the passwordHash of a password read from
// standard input — typed without echo at a terminal (twice), or piped in (one line).
import ComplaintService
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum HashPasswordCommand {
    static let usage = """
        usage: complaintd hash-password [--iterations N]
        Reads a password from standard input (without echo at a terminal) and prints the
        "passwordHash" value for a user in the configuration's users list.
        """

    static func run(_ arguments: [String]) -> Int32 {
        var iterations = PasswordHashing.defaultIterations
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--iterations":
                guard index + 1 < arguments.count, let n = Int(arguments[index + 1]), PasswordHashing.iterationRange.contains(n) else {
                    let range = PasswordHashing.iterationRange
                    FileHandle.standardError.write(
                        Data("complaintd: --iterations needs a number in \(range.lowerBound)...\(range.upperBound)\n".utf8))
                    return 2
                }
                iterations = n
                index += 2
            case "--help", "-h":
                print(usage)
                return 0
            default:
                FileHandle.standardError.write(Data("complaintd: unknown option \(arguments[index])\n\(usage)\n".utf8))
                return 2
            }
        }
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            guard let first = readHidden(prompt: "Password: "), let second = readHidden(prompt: "Again: ") else { return 1 }
            guard first == second else {
                FileHandle.standardError.write(Data("complaintd: the two passwords differ\n".utf8))
                return 1
            }
            password = first
        } else {
            var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            if text.hasSuffix("\n") { text.removeLast() }  // "\r\n" is one Character in Swift
            password = text
        }
        guard !password.isEmpty, password.utf8.count <= 1024 else {
            FileHandle.standardError.write(Data("complaintd: the password must be 1 to 1024 bytes\n".utf8))
            return 2
        }
        print(PasswordHashing.hash(password: password, iterations: iterations))
        return 0
    }

    /// Reads one line from the terminal with echo off (restored even on a signal-free error path).
    private static func readHidden(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if hasTerminal {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if hasTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
