import Foundation

/// One outbox record: its type (`notification.queued`…) and JSON payload.
public struct JournalRecord: Sendable {
    /// The record type, one of `NotificationRecordType`.
    public var type: String
    /// The JSON object.
    public var payload: [UInt8]

    /// Makes a record.
    public init(type: String, payload: [UInt8]) {
        self.type = type
        self.payload = payload
    }
}

/// Where the outbox makes its records durable — the service's event log — so a notification is
/// recorded before it is sent and survives a restart. The outbox knows nothing else of it.
public protocol NotificationJournal: Sendable {
    /// Appends `records` (stream `NotificationRecordType.stream`); `completion` tells whether
    /// they are durable.
    func append(_ records: [JournalRecord], completion: @escaping @Sendable (Result<Void, any Error>) -> Void)
}
