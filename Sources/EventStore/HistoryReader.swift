// Reading one stream's history back by positions, all or nothing. An audit trail that is short a
// record must never look complete: a position in a missing, altered or pruned segment, a line that
// is not the record the position promised, or a record a repair set aside answers a HistoryGap
// instead of a shorter list. What a read finds wrong is remembered as damage (and logged once).

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct HistoryReader {
    let layout: LogLayout
    let manifest: ManifestState
    let integrity: LogIntegrity

    func read(_ positions: [RecordPosition], stream: String) -> Result<[StoredRecord], HistoryGap> {
        var records: [StoredRecord] = []
        records.reserveCapacity(positions.count)
        var reasons: [String] = []
        var sequences: [ClosedRange<UInt64>] = []
        var files: [String] = []
        var kind = HistoryGap.Kind.pruned  // until something graver is found
        func gap(_ file: String, _ reason: String, _ range: ClosedRange<UInt64>?, _ gapKind: HistoryGap.Kind = .damaged) {
            if !files.contains(file) { files.append(file) }
            if !reasons.contains(reason) { reasons.append(reason) }
            if let range { sequences.append(range) }
            // The gravest kind wins: damage, then a passing read error, then pruning.
            if gapKind.rank > kind.rank { kind = gapKind }
        }
        for lost in manifest.lost where lost.streams.contains(stream) {
            gap(
                lost.quarantine ?? "log", "records \(lost.sequences.text) were set aside by a repair" + (lost.quarantine.map { " (in \($0))" } ?? ""),
                lost.sequences)
        }
        var previous: UInt64 = 0
        for position in positions {
            let file = LogLayout.segmentName(position.segment)
            if let snapshot = manifest.deleted[position.segment] {
                gap(
                    file, "the segment was deleted after the snapshot at sequence \(snapshot) (store.deleteSegmentsCoveredBySnapshot)",
                    manifest.sealed[position.segment]?.range, .pruned)
                continue
            }
            if manifest.holes.contains(Hole(segment: position.segment, offset: position.offset, length: UInt64(position.length))) {
                // Set aside by a repair: a known loss, not new damage.
                gap(file, "a record at offset \(position.offset) was set aside by a repair", nil)
                continue
            }
            if let damage = integrity.segmentDamage(position.segment) ?? integrity.lineDamage(segment: position.segment, offset: position.offset) {
                gap(file, damage.reason, damage.sequences)
                continue
            }
            do {
                let record = try LogReader.read(layout: layout, at: position)
                let range = manifest.sealed[position.segment]?.range
                guard record.stream == stream, record.sequence > previous, range?.contains(record.sequence) ?? true else {
                    let reason =
                        "the record at offset \(position.offset) is sequence \(record.sequence) of \(record.stream), not the next record of \(stream)"
                    integrity.markLine(segment: position.segment, offset: position.offset, reason: reason, sequences: nil)
                    gap(file, reason, nil)
                    continue
                }
                previous = record.sequence
                records.append(record)
            } catch StoreError.io(_, _, ENOENT) {
                integrity.markSegment(position.segment, reason: "the segment is missing", sequences: manifest.sealed[position.segment]?.range)
                gap(file, "the segment is missing", manifest.sealed[position.segment]?.range)
            } catch let error as StoreError {
                if case .corruption(_, _, _, let reason) = error {
                    integrity.markLine(segment: position.segment, offset: position.offset, reason: reason, sequences: nil)
                    gap(file, reason, nil)
                } else {
                    // Not damage (e.g. too many open files): the caller may try again.
                    gap(file, "\(error)", nil, .unreadable)
                }
            } catch {
                gap(file, "\(error)", nil, .unreadable)
            }
        }
        guard reasons.isEmpty else {
            return .failure(HistoryGap(kind: kind, description: reasons.joined(separator: "; "), sequences: sequences, files: files))
        }
        return .success(records)
    }
}

extension HistoryGap.Kind {
    fileprivate var rank: Int {
        switch self {
        case .pruned: return 0
        case .unreadable: return 1
        case .damaged: return 2
        }
    }
}

extension HistoryReader {
    /// Reads one stream's history by following the `prev` chain back from its newest record at
    /// `offset` of `segment`; oldest first. The same all-or-nothing rule as `read`: a link that
    /// leads to a missing, altered or set-aside record, or to a record of another stream or of a
    /// later sequence, answers a HistoryGap.
    func chain(
        segment: UInt32, offset: UInt64, stream: String,
        earlier: [(segment: UInt32, offset: UInt64)] = []
    ) -> Result<[StoredRecord], HistoryGap> {
        var records: [StoredRecord] = []
        var next: (segment: UInt32, offset: UInt64, length: UInt32?)? = (segment, offset, nil)
        var later = UInt64.max
        var unlinked = earlier
        // The segment open now: a complaint's records mostly share one or two segments.
        var open: (segment: UInt32, descriptor: Int32, path: String)?
        defer { if let open { FileSystem.close(open.descriptor) } }
        while let link = next {
            let file = LogLayout.segmentName(link.segment)
            if manifest.deleted[link.segment] != nil || integrity.segmentDamage(link.segment) != nil
                || integrity.lineDamage(segment: link.segment, offset: link.offset) != nil
                || manifest.holes.contains(where: { $0.segment == link.segment && $0.offset == link.offset })
            {
                // The exact reason (pruned, repaired, damaged) is what `read` reports for that position.
                let position = RecordPosition(segment: link.segment, offset: link.offset, length: link.length ?? 2)
                if case .failure(let gap) = read([position], stream: stream) { return .failure(gap) }
                return .failure(
                    HistoryGap(
                        kind: .damaged, description: "the history of \(stream) breaks at \(file):\(link.offset)",
                        sequences: [], files: [file]))
            }
            do {
                if open?.segment != link.segment {
                    if let previous = open { FileSystem.close(previous.descriptor) }
                    open = nil
                    let path = layout.segmentPath(link.segment)
                    open = (link.segment, try FileSystem.open(path, O_RDONLY), path)
                }
                let current = open!
                let record = try LogReader.read(
                    descriptor: current.descriptor, path: current.path, segment: link.segment, offset: link.offset, length: link.length)
                guard record.stream == stream, record.sequence < later else {
                    let reason =
                        "the record at offset \(link.offset) is sequence \(record.sequence) of \(record.stream), not an earlier record of \(stream)"
                    integrity.markLine(segment: link.segment, offset: link.offset, reason: reason, sequences: nil)
                    return .failure(HistoryGap(kind: .damaged, description: reason, sequences: [], files: [file]))
                }
                later = record.sequence
                records.append(record)
                next = record.previous.map { ($0.segment, $0.offset, $0.length) }
                if next == nil {
                    // Written before records carried links (an older version's log): the caller
                    // knows where the stream's earlier records are; go on with the newest of them
                    // that lies before this one.
                    while let candidate = unlinked.last, (candidate.segment, candidate.offset) >= (link.segment, link.offset) {
                        unlinked.removeLast()
                    }
                    next = unlinked.popLast().map { ($0.segment, $0.offset, nil) }
                }
            } catch {
                let position = RecordPosition(segment: link.segment, offset: link.offset, length: link.length ?? 2)
                if case .failure(let gap) = read([position], stream: stream) { return .failure(gap) }
                return .failure(HistoryGap(kind: .unreadable, description: "\(error)", sequences: [], files: [file]))
            }
        }
        // Records a repair set aside from this stream break its chain silently: say so.
        if let lost = manifest.lost.first(where: { $0.streams.contains(stream) }) {
            return .failure(
                HistoryGap(
                    kind: .damaged, description: "records \(lost.sequences.text) were set aside by a repair",
                    sequences: [lost.sequences], files: [lost.quarantine ?? "log"]))
        }
        return .success(records.reversed())
    }
}
