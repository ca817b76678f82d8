/// A start-up failure with the exit code it deserves (2: bad configuration, data directory locked or damaged).
public struct StartupError: Error, CustomStringConvertible {
    /// What went wrong, for the operator.
    public let description: String
    /// The process exit code.
    public let exitCode: Int32

    /// Makes an error.
    public init(_ description: String, exitCode: Int32 = 2) {
        self.description = description
        self.exitCode = exitCode
    }
}
