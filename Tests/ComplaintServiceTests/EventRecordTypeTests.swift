import Testing

@testable import ComplaintService

/// Which log records a replay folds as domain events: those whose type starts with `complaint.`
/// (other records, such as the notification outbox's, are ingested apart).
@Suite struct EventRecordTypeTests {
    @Test func typesUnderTheComplaintPrefixAreEvents() {
        for type in ["complaint.registered", "complaint.contactViewed", "complaint.", "complaint.事件"] {
            #expect(EventCodec.isEvent(type: type), "\(type)")
        }
    }

    @Test func otherTypesAreNotEvents() {
        let others = [
            "", "complaint", "complaints.registered", "Complaint.registered", "complaint:registered",
            "notification.sent", "xcomplaint.registered", "投诉.registered", "complaint\u{0}registered",
        ]
        for type in others {
            #expect(!EventCodec.isEvent(type: type), "\(type)")
        }
    }

    @Test func aTypeNotStoredAsContiguousUTF8IsJudgedTheSame() {
        // A bridged or lazily built string may not lend its bytes in place.
        let built = String(["c", "o", "m", "p", "l", "a", "i", "n", "t", ".", "x"] as [Character])
        #expect(EventCodec.isEvent(type: built))
        #expect(!EventCodec.isEvent(type: String(built.dropLast(2))))
    }
}
