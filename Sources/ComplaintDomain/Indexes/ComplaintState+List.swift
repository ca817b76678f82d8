import Foundation

extension ComplaintState {
    /// The most matches an order other than newest-first sorts (more answer a validation error
    /// naming `sort`: narrow the filters).
    public static let sortLimit = 100_000
    /// Candidates examined to count the matches after a page before the total is given as "at least".
    public static let countBudget = 200_000

    /// Lists complaints matching `query` within `scope`, one page at a time, with the total.
    ///
    /// Candidates come from the most selective index (`ListPlan`): an id, a search chain (phone
    /// tail, name, home), a slot list (estate, handler, the scope's estates), or bitsets scanned a
    /// word of 64 slots at a time; the remaining checks are made per candidate on its compact
    /// record (`ListMatcher`). Newest-first pages stream from the top and stop when full; other
    /// orders sort every match (at most `sortLimit`).
    ///
    /// The text of a cold complaint is not in memory: `coldText` reads it (the service reads its
    /// registration from the log), at most `coldReads` times a request — a page that would need
    /// more ends early with a cursor where it stopped and a total that is only a lower bound, so
    /// one request never reads the whole log. Without `coldText`, cold complaints never match a text.
    public func list(
        _ query: ComplaintQuery, within scope: AccessScope = .unrestricted,
        coldText: ((Int) -> String?)? = nil, coldReads: Int = 2_000
    ) -> Result<ComplaintPage, DomainError> {
        var check = Validator()
        if !(1...200).contains(query.limit) { check.fail("limit", .limitOutOfRange, ["min": "1", "max": "200"]) }
        var cursor: ListCursor?
        if let text = query.cursor {
            cursor = ListCursor(text)
            switch cursor {
            case .below?: if query.sort != .newestFirst { check.fail("cursor", .notACursor) }
            case .after(let sort, _, _, _)?: if sort != query.sort.text { check.fail("cursor", .notACursor) }
            case nil: check.fail("cursor", .notACursor)
            }
        }
        if (query.overdue != nil || query.dueWithin != nil) && query.now == nil { check.fail("now", .nowRequired) }
        if let within = query.dueWithin, !(within > 0) { check.fail("dueWithin", .notPositiveDuration) }
        if let error = check.error { return .failure(error) }

        let plan = ListPlan(query, scope: scope, state: self)
        if plan.isEmpty { return .success(ComplaintPage(slots: [], nextCursor: nil)) }
        if query.sort == .newestFirst {
            return .success(newestFirst(plan, query, cursor: cursor, coldText: coldText, coldReads: coldReads))
        }
        return ordered(plan, query, cursor: cursor, coldText: coldText, coldReads: coldReads)
    }

    /// A newest-first page, streamed from the candidates below the cursor, then the matches after
    /// it counted (a population count when only bitsets decide, else up to `countBudget`).
    private func newestFirst(
        _ plan: ListPlan, _ query: ComplaintQuery, cursor: ListCursor?,
        coldText: ((Int) -> String?)?, coldReads: Int
    ) -> ComplaintPage {
        var high = plan.high
        var countBefore = 0
        if case .below(let sequence, let count)? = cursor {
            high = Swift.min(high, book.lowerBound(sequence: sequence))
            countBefore = count
        }
        var walker = CandidateWalker(plan.source, low: plan.low, high: high, groups: plan.matcher.groups, search: indexes.search)
        var slots: [Int] = []
        var next: ListCursor?
        var reads = 0
        var lowerBound = false
        var after = 0
        scan: while let slot = walker.next() {
            switch plan.matcher.check(slot, in: self, coldText: coldText, reads: &reads, budget: coldReads) {
            case .miss:
                continue
            case .outOfBudget:
                // Out of reads: the next page starts at this candidate.
                next = .below(sequence: Int(book.records[slot].sequence) + 1, countBefore: countBefore + slots.count)
                lowerBound = true
                break scan
            case .match:
                if slots.count < query.limit {
                    slots.append(slot)
                    continue
                }
                next = .below(sequence: Int(book.records[slots[slots.count - 1]].sequence), countBefore: countBefore + slots.count)
                after = 1
                break scan
            }
        }
        if next != nil && !lowerBound {
            if plan.matcher.isBitsetsOnly, let remaining = walker.countRemaining() {
                after += remaining
            } else {
                // Counting may read what is left of the budget; a text it cannot read makes the total "at least".
                var examined = 0
                count: while let slot = walker.next() {
                    examined += 1
                    if examined > Self.countBudget {
                        lowerBound = true
                        break
                    }
                    switch plan.matcher.check(slot, in: self, coldText: coldText, reads: &reads, budget: coldReads) {
                    case .match: after += 1
                    case .miss: continue
                    case .outOfBudget:
                        lowerBound = true
                        break count
                    }
                }
            }
        }
        var page = ComplaintPage(slots: slots, nextCursor: next?.text)
        page.total = countBefore + slots.count + after
        page.totalIsLowerBound = lowerBound
        return page
    }

    /// A page of another order: every match is collected and sorted (at most `sortLimit`).
    private func ordered(
        _ plan: ListPlan, _ query: ComplaintQuery, cursor: ListCursor?,
        coldText: ((Int) -> String?)?, coldReads: Int
    ) -> Result<ComplaintPage, DomainError> {
        var walker = CandidateWalker(plan.source, low: plan.low, high: plan.high, groups: plan.matcher.groups, search: indexes.search)
        var matches: [SortedMatch] = []
        var reads = 0
        while let slot = walker.next() {
            switch plan.matcher.check(slot, in: self, coldText: coldText, reads: &reads, budget: coldReads) {
            case .miss:
                continue
            case .outOfBudget:
                return .failure(.invalid([FieldError(field: "sort", rule: .searchNewestFirstOnly, values: ["limit": String(coldReads)])]))
            case .match:
                matches.append(sortKey(slot, query.sort.key))
                if matches.count > Self.sortLimit {
                    return .failure(.invalid([FieldError(field: "sort", rule: .tooManyToSort, values: ["limit": String(Self.sortLimit)])]))
                }
            }
        }
        let descending = query.sort.descending
        matches.sort { $0.precedes($1, descending: descending) }
        var start = 0
        if case .after(_, let group, let key, let sequence)? = cursor {
            let mark = SortedMatch(group: group, key: key, sequence: sequence, slot: -1)
            start = matches.firstIndex { mark.precedes($0, descending: descending) } ?? matches.count
        }
        let end = Swift.min(matches.count, start + query.limit)
        var page = ComplaintPage(slots: matches[start..<end].map(\.slot), nextCursor: nil)
        if end < matches.count, let last = matches[start..<end].last {
            page.nextCursor = ListCursor.after(sort: query.sort.text, group: last.group, key: last.key, sequence: last.sequence).text
        }
        page.total = matches.count
        return .success(page)
    }

    /// The sort key of `slot`: its sequence, its latest change, or its earliest unmet deadline.
    private func sortKey(_ slot: Int, _ key: ListSort.Key) -> SortedMatch {
        let record = book.records[slot]
        let sequence = Int(record.sequence)
        switch key {
        case .received: return SortedMatch(group: 0, key: Int64(sequence), sequence: sequence, slot: slot)
        case .updated: return SortedMatch(group: 0, key: record.updatedAt, sequence: sequence, slot: slot)
        case .due:
            guard let due = book.hot[Int32(slot)]?.nextDueAt else { return SortedMatch(group: 1, key: 0, sequence: sequence, slot: slot) }
            return SortedMatch(group: 0, key: Milliseconds.of(due), sequence: sequence, slot: slot)
        }
    }
}
