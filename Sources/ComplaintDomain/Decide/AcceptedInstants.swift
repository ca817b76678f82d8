import Foundation

/// The instants the service accepts from outside: 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z.
///
/// Every date in a body, a query or a header is inside this range or refused naming the field:
/// RFC 3339 writes four-digit years only, and nothing in a complaint happens before the epoch.
public enum AcceptedInstants {
    /// 1970-01-01T00:00:00.000Z in milliseconds since the epoch.
    public static let earliestMilliseconds: Int64 = 0
    /// 9999-12-31T23:59:59.999Z in milliseconds since the epoch.
    public static let latestMilliseconds: Int64 = 253_402_300_799_999
    /// The range as told to clients in error messages and the documentation.
    public static let text = "1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z"
    /// The refusal message for a date outside the range.
    public static let refusal = "must be an instant between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"

    /// Whether `milliseconds` since the epoch is inside the range.
    public static func contains(milliseconds: Int64) -> Bool {
        milliseconds >= earliestMilliseconds && milliseconds <= latestMilliseconds
    }

    /// Whether `date` is inside the range (NaN and infinities are not).
    public static func contains(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970
        return seconds >= 0 && seconds < 253_402_300_800
    }
}
