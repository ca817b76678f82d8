import Foundation

// When each clock is due (workflow.md §4). Resolution clocks run from receipt, or from the moment
// an unsatisfied owner sent the complaint back, because the second round gets a full time limit.

extension ComplaintBook {
    /// The resolution clocks for `severity`, measured from `origin`.
    func resolutionClocks(for severity: Severity, from origin: Date, requestedBy: Date?) -> [ArmedClock] {
        switch severity {
        case .minor:
            var due = origin.addingTimeInterval(policy.resolveMinor)
            // "Or the time the owner asked for", when that is sooner (001 VI.4(1)).
            if let requestedBy, requestedBy > origin, requestedBy < due { due = requestedBy }
            return [ArmedClock(kind: .resolve, dueAt: due)]
        case .important:
            return [ArmedClock(kind: .resolve, dueAt: origin.addingTimeInterval(policy.resolveImportant))]
        case .major:
            return [
                ArmedClock(kind: .majorAnswer, dueAt: origin.addingTimeInterval(policy.majorAnswer)),
                ArmedClock(kind: .majorSettle, dueAt: origin.addingTimeInterval(policy.majorSettle)),
            ]
        }
    }

    /// Where the resolution clocks of `complaint` start: receipt, or the last reprocessing.
    func clockOrigin(of complaint: Complaint) -> Date {
        complaint.reprocessCount > 0 ? (complaint.dispatchedAt ?? complaint.receivedAt) : complaint.receivedAt
    }

    /// The end of the local day of `date` in the policy zone: the same-day reply limit (001 VI.3).
    func endOfLocalDay(_ date: Date) -> Date {
        zone.endOfDay(date)
    }

    /// When the 7-day upgrade is due, or nil when it cannot apply.
    func autoUpgradeDue(for complaint: Complaint, severity: Severity) -> Date? {
        severity == .major ? nil : complaint.receivedAt.addingTimeInterval(policy.autoUpgradeAfter)
    }
}
