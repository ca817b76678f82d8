import Foundation
import JSONCodec

// The lists inside a complaint (visits and the like), read for `Complaint.init(from:)`.
extension Complaint {
    static func visits(_ r: inout JSONReader) throws -> [VisitRecord] {
        var visits: [VisitRecord] = []
        try r.readArray { r in
            var outcome: VisitOutcome?
            var solved: Bool?
            var satisfied: Bool?
            var method: VisitMethod?
            var number: String?
            var demands: String?
            var note: String?
            var followUp = false
            var by = ""
            var at: Date?
            try r.readObject { key, r in
                switch key {
                case "outcome": outcome = try Tables.outcome.read(from: &r)
                case "solved": solved = try r.readNullOrBool()
                case "satisfied": satisfied = try r.readNullOrBool()
                case "method": method = try Tables.method.read(from: &r)
                case "numberCalled": number = try r.readNullOrString()
                case "newDemands": demands = try r.readNullOrString()
                case "note": note = try r.readNullOrString()
                case "isFollowUp": followUp = try r.readBool()
                case "by": by = try r.readString()
                case "at": at = try EventFields.time(&r)
                default: try r.skipValue()
                }
            }
            guard let outcome, let method, let at else { throw r.missingMember("outcome, method and at") }
            visits.append(
                VisitRecord(
                    outcome: outcome, solved: solved, satisfied: satisfied, method: method, numberCalled: number,
                    newDemands: demands, note: note, isFollowUp: followUp, by: by, at: at))
        }
        return visits
    }

    static func escalations(_ r: inout JSONReader) throws -> [EscalationRecord] {
        var records: [EscalationRecord] = []
        try r.readArray { r in
            var clock: ClockKind?
            var due: Date?
            var at: Date?
            var notify: [Role] = []
            try r.readObject { key, r in
                switch key {
                case "clock": clock = try Tables.clock.read(from: &r)
                case "dueAt": due = try EventFields.time(&r)
                case "at": at = try EventFields.time(&r)
                case "notify": notify = try EventFields.roles(&r)
                default: try r.skipValue()
                }
            }
            guard let clock, let due, let at else { throw r.missingMember("clock, dueAt and at") }
            records.append(EscalationRecord(clock: clock, dueAt: due, at: at, notify: notify))
        }
        return records
    }

    static func upgrades(_ r: inout JSONReader) throws -> [UpgradeRecord] {
        var records: [UpgradeRecord] = []
        try r.readArray { r in
            var reason: UpgradeReason?
            var from: Severity?
            var to: Severity?
            var at: Date?
            var by = ""
            try r.readObject { key, r in
                switch key {
                case "reason": reason = try Tables.reason.read(from: &r)
                case "from": from = try EventFields.optional(&r, Tables.severity)
                case "to": to = try Tables.severity.read(from: &r)
                case "at": at = try EventFields.time(&r)
                case "by": by = try r.readString()
                default: try r.skipValue()
                }
            }
            guard let reason, let to, let at else { throw r.missingMember("reason, to and at") }
            records.append(UpgradeRecord(reason: reason, from: from, to: to, at: at, by: by))
        }
        return records
    }

    static func transitions(_ r: inout JSONReader) throws -> [Transition] {
        var transitions: [Transition] = []
        try r.readArray { r in
            var status: ComplaintStatus?
            var by = ""
            var at: Date?
            try r.readObject { key, r in
                switch key {
                case "status": status = try Tables.status.read(from: &r)
                case "by": by = try r.readString()
                case "at": at = try EventFields.time(&r)
                default: try r.skipValue()
                }
            }
            guard let status, let at else { throw r.missingMember("status and at") }
            transitions.append(Transition(status: status, by: by, at: at))
        }
        return transitions
    }
}
