import Foundation

extension ComplaintState {
    /// The report of `period`, optionally for one estate: the cohort scanned from the compact
    /// records received in the period, the activities and the open balance from the ledger.
    ///
    /// An estate-scoped reader gets the figures of their estates only; an estate outside the
    /// scope reads like an unknown one (all zero). Department scopes are not applied here: the
    /// service refuses reports to those roles.
    public func periodReport(_ period: ReportPeriod, estate: String? = nil, within scope: AccessScope = .unrestricted) -> PeriodReport {
        let zone = ledger.timeZone
        var report = PeriodReport(period: period, from: period.from(in: zone), to: period.to(in: zone), estate: estate)
        var names: [String]?
        if let scoped = scope.estates {
            if let estate {
                names = scoped.contains(estate) ? [estate] : []
            } else {
                names = scoped.sorted()
                report.estates = names
            }
        } else if let estate {
            names = [estate]
        }
        let ids: [UInt32]? = names.map { $0.compactMap { book.strings.estates.id(of: $0) } }
        var bucket = ReportBucket()
        let from = Milliseconds.of(report.from)
        let to = Milliseconds.of(report.to)
        forEachSlot(receivedFrom: from, to: to, estates: ids) { slot in
            let record = book.records[slot]
            let facts = record.reportFacts
            bucket.add(facts, building: Int32(bitPattern: record.building), sign: 1)
            bucket.moveDurations(from: nil, to: facts)
        }
        ledger.countActivities(days: period.days, estates: ids, into: &bucket)
        let openAtEnd =
            ids.map { $0.reduce(0) { $0 + ledger.openAtEnd(of: period.days.upperBound, estate: $1) } }
            ?? ledger.openAtEnd(of: period.days.upperBound, estate: nil)
        bucket.fill(&report, openAtEnd: openAtEnd) { building in
            let id = UInt32(bitPattern: building)
            let key = book.strings.buildings[id]
            let estate = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            return (estate, book.strings.buildingName(id))
        }
        return report
    }

    /// Deployment-wide totals for `/metrics`.
    public var reportTotals: ReportTotals { ledger.totals }

    /// Calls `body` with every slot received in `from ..< to` (milliseconds), of `estates` when given.
    private func forEachSlot(receivedFrom from: Int64, to: Int64, estates: [UInt32]?, _ body: (Int) -> Void) {
        let ascending = book.receiptsAscend
        if let estates {
            for estate in estates where Int(estate) < indexes.slotsByEstate.count {
                let list = indexes.slotsByEstate[Int(estate)]
                var index = ascending ? Self.firstIndex(count: list.count, atLeast: from) { book.records[Int(list[$0])].receivedAt } : 0
                while index < list.count {
                    let received = book.records[Int(list[index])].receivedAt
                    if ascending && received >= to { break }
                    if received >= from && received < to { body(Int(list[index])) }
                    index += 1
                }
            }
            return
        }
        var slot = ascending ? Self.firstIndex(count: book.count, atLeast: from) { book.records[$0].receivedAt } : 0
        while slot < book.count {
            let received = book.records[slot].receivedAt
            if ascending && received >= to { break }
            if received >= from && received < to { body(slot) }
            slot += 1
        }
    }

    /// The first index in `0 ..< count` whose key is at least `value`, keys ascending.
    private static func firstIndex(count: Int, atLeast value: Int64, key: (Int) -> Int64) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if key(middle) < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension ReportLedger {
    /// Adds the activities of `days` (of `estates` when given) to `bucket`'s activity counters.
    func countActivities(days: ClosedRange<Int32>, estates: [UInt32]?, into bucket: inout ReportBucket) {
        let wanted = estates.map(Set.init)
        var index = 0
        if activitiesAscend {
            var low = 0
            var high = activities.count
            while low < high {
                let middle = (low + high) / 2
                if Self.day(of: activities[middle]) < days.lowerBound { low = middle + 1 } else { high = middle }
            }
            index = low
        }
        typealias O = ReportBucket.Offset
        while index < activities.count {
            let activity = activities[index]
            index += 1
            let day = Self.day(of: activity)
            if day > days.upperBound { if activitiesAscend { break } else { continue } }
            guard day >= days.lowerBound else { continue }
            if let wanted, !wanted.contains(Self.estate(of: activity)) { continue }
            let kind = Int(Self.kind(of: activity))
            switch kind {
            case 0: bucket.counts[O.closed] += 1
            case 1...6: bucket.counts[O.escalations + kind - 1] += 1
            case 7...9: bucket.counts[O.upgrades + kind - 7] += 1
            case 10: bucket.counts[O.extensions] += 1
            case 11: bucket.counts[O.reminders] += 1
            default: break
            }
        }
    }
}
