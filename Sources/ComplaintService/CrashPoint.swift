import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Named places where the crash tests kill the real binary (`COMPLAINTD_CRASH_POINT=<name>`): a
/// SIGKILL there is exactly a power cut or an OOM kill at that instant. Unset (always, outside
/// the tests) nothing happens; the variable is read once.
enum CrashPoint: String {
    /// Every file of an upload is written and synced, its record not yet appended.
    case attachmentStaged = "attachment-staged"
    /// The upload's record is durable, its files not yet moved out of `pending/`.
    case attachmentAppended = "attachment-appended"

    /// The environment variable naming the point to die at.
    static let variable = "COMPLAINTD_CRASH_POINT"

    private static let armed: CrashPoint? = ProcessInfo.processInfo.environment[variable].flatMap(CrashPoint.init(rawValue:))

    /// Dies here when this is the armed point.
    func reach() {
        guard CrashPoint.armed == self else { return }
        kill(getpid(), SIGKILL)
    }
}
