/// Building the list indexes of a restored book in bulk.
///
/// At a million complaints, indexing restored records one slot at a time spent most of its time
/// appending to arrays nested in arrays (two uniqueness checks per append) and growing bitsets one
/// bit at a time. The records are all known at load, so each bitset is filled word by word in one
/// pass and each estate's and building's list is cut out of one counting sort. The result is
/// exactly what `observe` built live: `RestoredIndexesTests` compares them.
extension ComplaintIndexes {
    /// Indexes every restored record in bitsets and estate and building lists (not the search
    /// chains: `SearchIndexes.insertAll` builds those, possibly on another thread).
    mutating func restoreLists(_ records: ChunkedArray<CompactComplaint>) {
        let count = records.count
        let wordCount = (count + 63) >> 6
        // One column of words per value of each enumeration, then visit-pending and escalated-open.
        let severityBase = ComplaintStatus.caseCount
        let departmentBase = severityBase + Severity.caseCount
        let categoryBase = departmentBase + Department.caseCount
        let channelBase = categoryBase + Department.caseCount
        let visitColumn = channelBase + Channel.caseCount
        let escalatedColumn = visitColumn + 1
        var columns = [UInt64](repeating: 0, count: (escalatedColumn + 1) * wordCount)
        var estateCounts: [Int] = []
        var buildingCounts: [Int] = []
        columns.withUnsafeMutableBufferPointer { columns in
            for slot in 0..<count {
                let record = records[slot]
                let word = slot >> 6
                let bit: UInt64 = 1 << UInt64(slot & 63)
                columns[record.complaintStatus.ordinal * wordCount + word] |= bit
                if let severity = record.complaintSeverity { columns[(severityBase + severity.ordinal) * wordCount + word] |= bit }
                if let department = record.complaintDepartment {
                    columns[(departmentBase + department.ordinal) * wordCount + word] |= bit
                }
                if let category = record.complaintCategory { columns[(categoryBase + category.ordinal) * wordCount + word] |= bit }
                columns[(channelBase + record.complaintChannel.ordinal) * wordCount + word] |= bit
                let flags = record.flagSet
                if flags.contains(.visitPending) { columns[visitColumn * wordCount + word] |= bit }
                if flags.contains(.escalatedOpen) { columns[escalatedColumn * wordCount + word] |= bit }
                Self.count(Int(record.estate), in: &estateCounts)
                Self.count(Int(record.building), in: &buildingCounts)
            }
        }
        func sets(from base: Int, _ values: Int) -> [SlotBitSet] {
            (0..<values).map { SlotBitSet(trimming: columns[(base + $0) * wordCount..<(base + $0 + 1) * wordCount]) }
        }
        status = EnumIndex(sets: sets(from: 0, ComplaintStatus.caseCount))
        severity = EnumIndex(sets: sets(from: severityBase, Severity.caseCount))
        department = EnumIndex(sets: sets(from: departmentBase, Department.caseCount))
        category = EnumIndex(sets: sets(from: categoryBase, Department.caseCount))
        channel = EnumIndex(sets: sets(from: channelBase, Channel.caseCount))
        visitPending = sets(from: visitColumn, 1)[0]
        escalatedOpen = sets(from: escalatedColumn, 1)[0]
        slotsByEstate = Self.lists(records, counts: estateCounts) { Int($0.estate) }
        slotsByBuilding = Self.lists(records, counts: buildingCounts) { Int($0.building) }
    }

    private static func count(_ key: Int, in counts: inout [Int]) {
        if key >= counts.count { counts.append(contentsOf: repeatElement(0, count: key + 1 - counts.count)) }
        counts[key] += 1
    }

    /// The ascending slot lists per key, `counts[key]` slots each: a counting sort into one flat
    /// array, then each list copied out of it whole.
    private static func lists(
        _ records: ChunkedArray<CompactComplaint>, counts: [Int], key: (CompactComplaint) -> Int
    ) -> [[Int32]] {
        var starts = [Int](repeating: 0, count: counts.count + 1)
        for index in counts.indices { starts[index + 1] = starts[index] + counts[index] }
        var next = starts
        let total = starts[counts.count]
        let flat = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
            next.withUnsafeMutableBufferPointer { next in
                for slot in 0..<total {
                    let list = key(records[slot])
                    buffer[next[list]] = Int32(slot)
                    next[list] += 1
                }
            }
            initialized = total
        }
        return counts.indices.map { Array(flat[starts[$0]..<starts[$0 + 1]]) }
    }
}
