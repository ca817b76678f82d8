import Foundation

/// A missed deadline that is still unmet, with who was told.
public struct OpenEscalation: Sendable, Hashable {
    /// The complaint.
    public var complaintID: String
    /// The clock.
    public var clock: ClockKind
    /// The missed deadline.
    public var dueAt: Date
    /// Seconds past the deadline at the time of the query.
    public var lateBySeconds: Double
    /// When it was escalated; nil when overdue but not fired yet.
    public var escalatedAt: Date?
    /// Who was told (empty when not fired yet).
    public var notified: [Role]
}

/// A return or follow-up visit waiting in the work queue.
public struct VisitDue: Sendable, Hashable {
    /// Which visit.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// The first return visit after the reply.
        case first
        /// Another attempt after the owner could not be reached.
        case retry
        /// The later follow-up visit (004 六).
        case followUp
    }

    /// The complaint.
    public var complaintID: String
    /// Which visit.
    public var kind: Kind
    /// From when the visit is due.
    public var dueAt: Date
    /// The return-visit clock's deadline, for first visits and retries.
    public var deadline: Date?
    /// Unreachable attempts so far.
    public var attempts: Int
}

extension ComplaintBook {
    /// The armed deadlines due at `now` that have not fired, earliest first.
    public func dueDeadlines(now: Date) -> [DueDeadline] {
        let entries = heap.entries(dueBy: now.timeIntervalSinceReferenceDate)
            .filter { Self.isLive($0, in: armed) }
            .sorted { ($0.dueAt, $0.slot, $0.kind) < ($1.dueAt, $1.slot, $1.kind) }
        var seen = Set<Int64>()
        return entries.compactMap { entry in
            // A clock re-armed to the same time may sit in the heap twice; report it once.
            guard seen.insert(Int64(entry.slot) << 8 | Int64(entry.kind)).inserted else { return nil }
            let kind: DeadlineKind =
                entry.kind == DeadlineHeap.autoUpgradeKind
                ? .autoUpgrade : .clock(ClockKind(ordinal: Int(entry.kind)))
            return DueDeadline(
                complaintID: hot[entry.slot]?.id ?? id(ofSlot: Int(entry.slot)), kind: kind,
                dueAt: Date(timeIntervalSinceReferenceDate: entry.dueAt))
        }
    }

    /// The earliest armed deadline, for the service's timer.
    public var nextDeadline: Date? {
        heap.top.map { Date(timeIntervalSinceReferenceDate: $0.dueAt) }
    }

    /// Every unmet clock past its deadline at `now`, fired or not, with who was told, of the
    /// complaints in `scope`, in slot order. Only open complaints have such clocks, and they are hot.
    public func openEscalations(now: Date, within scope: AccessScope = .unrestricted) -> [OpenEscalation] {
        var result: [OpenEscalation] = []
        for slot in hot.slots {
            guard let complaint = hot[slot], complaint.status != .closed, complaint.isVisible(to: scope) else { continue }
            for (clock, deadline) in complaint.deadlines.all where deadline.metAt == nil && deadline.dueAt <= now {
                let told = complaint.escalations.last { $0.clock == clock && deadline.escalatedAt != nil }
                result.append(
                    OpenEscalation(
                        complaintID: complaint.id, clock: clock, dueAt: deadline.dueAt,
                        lateBySeconds: now.timeIntervalSince(deadline.dueAt), escalatedAt: deadline.escalatedAt,
                        notified: told?.notify ?? []))
            }
        }
        return result
    }

    /// The visit work queue of the complaints in `scope`: visits due at or before `before`, earliest first.
    public func visitsDue(before: Date, within scope: AccessScope = .unrestricted) -> [VisitDue] {
        var result: [VisitDue] = []
        for (_, complaint) in hot where complaint.visitDueAt != nil || complaint.followUpDueAt != nil {
            guard complaint.isVisible(to: scope) else { continue }
            let attempts = complaint.visits.reversed().prefix { $0.outcome == .unreachable }.count
            if complaint.status == .replied, let due = complaint.visitDueAt, due <= before {
                result.append(
                    VisitDue(
                        complaintID: complaint.id, kind: attempts > 0 ? .retry : .first, dueAt: due,
                        deadline: complaint.deadlines[.returnVisit]?.dueAt, attempts: attempts))
            } else if let due = complaint.followUpDueAt, due <= before {
                result.append(VisitDue(complaintID: complaint.id, kind: .followUp, dueAt: due, deadline: nil, attempts: attempts))
            }
        }
        return result.sorted { ($0.dueAt, $0.complaintID) < ($1.dueAt, $1.complaintID) }
    }

    /// Commands the policies ask for after `events` were applied, e.g. incident upgrades.
    ///
    /// The service sends each through `decide` as the `system` actor; `decide` re-checks them.
    public func followUpCommands(after events: [DomainEvent]) -> [Command] {
        var incidents: [String] = []
        for event in events {
            switch event {
            // Only staff-confirmed keys count; an intake client's key is a hint.
            case .registered(let e): if let key = e.incidentKey, e.actor.role != .intake { incidents.append(key) }
            case .linked(let e): incidents.append(e.incidentID)
            default: break
            }
        }
        var commands: [Command] = []
        for incident in Set(incidents).sorted() where distinctOwners(ofIncident: incident) > policy.incidentOwnersForMajor {
            for slot in slotsByIncident[incident] ?? [] {
                let record = records[Int(slot)]
                if record.complaintStatus.isOpen && record.complaintSeverity != .major {
                    commands.append(.upgradeForIncident(id: id(of: record), incidentID: incident))
                }
            }
        }
        return commands
    }

    /// How many different owners complained about `incident`; invalid or out-of-scope ones do not count.
    ///
    /// Two complaints come from the same owner when they share a phone or a unit; a complaint
    /// counts as a new owner when it matches neither an earlier phone nor an earlier unit.
    public func distinctOwners(ofIncident incident: String) -> Int {
        var phones = Set<UInt64>()
        var units = Set<UInt64>()
        var owners = 0
        for slot in slotsByIncident[incident] ?? [] {
            let record = records[Int(slot)]
            guard !record.flagSet.contains(.invalid) && !record.flagSet.contains(.outOfScope) else { continue }
            let unit = RecentUnitIndex.key(building: record.building, unit: record.unit)
            if !phones.contains(record.phoneHash) && !units.contains(unit) { owners += 1 }
            phones.insert(record.phoneHash)
            units.insert(unit)
        }
        return owners
    }
}
