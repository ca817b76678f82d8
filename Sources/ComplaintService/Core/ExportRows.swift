import ComplaintDomain
import Foundation

/// One complaint as a row of the list export. A hot complaint is read from memory; a cold one
/// from its compact record and its registration (one read from the log), never its whole
/// history, so a file of ten thousand rows costs ten thousand small reads at most.
struct ExportRow: Sendable {
    var id: String
    var status: ComplaintStatus
    var receivedAt: Date
    var updatedAt: Date
    var channel: Channel
    var name = ""
    var phone = ""
    var estate = ""
    var building = ""
    var unit = ""
    var category: Department?
    var severity: Severity?
    var department: Department?
    var handler: String?
    var content = ""
    var demands: String?
    var overdue = false
    var nextDueAt: Date?
}

extension ComplaintCore {
    /// The rows of `slots`, in order; a cold complaint whose registration cannot be read keeps its
    /// compact fields and empty texts.
    func exportRows(slots: [Int], now: Date) -> [ExportRow] {
        let found = read { state in
            slots.map { slot -> (ExportRow, UInt64?) in
                let book = state.book
                let record = book.record(at: slot)
                var row = ExportRow(
                    id: book.id(ofSlot: slot), status: record.complaintStatus, receivedAt: record.receivedDate,
                    updatedAt: Milliseconds.date(record.updatedAt), channel: record.complaintChannel)
                row.category = record.complaintCategory
                row.severity = record.complaintSeverity
                row.department = record.complaintDepartment
                row.handler = record.handler == CompactComplaint.none32 ? nil : book.strings.users[record.handler]
                guard case .hot(let complaint) = book.lookup(slot: slot) else { return (row, state.chains.registration(of: slot)) }
                row.fill(complaint.complainant, content: complaint.content, demands: complaint.demands)
                row.overdue = complaint.isOverdue(now: now)
                row.nextDueAt = complaint.nextDueAt
                return (row, nil)
            }
        }
        return found.map { row, packed in
            guard let packed, let registered = cold.registration(at: packed, id: row.id) else { return row }
            var row = row
            row.fill(registered.complainant, content: registered.content, demands: registered.demands)
            return row
        }
    }
}

extension ExportRow {
    fileprivate mutating func fill(_ person: Complainant, content: String, demands: String?) {
        name = person.name
        phone = person.phone
        estate = person.estate
        building = person.building
        unit = person.unit
        self.content = content
        self.demands = demands
    }
}
