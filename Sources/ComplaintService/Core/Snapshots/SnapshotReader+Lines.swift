import ComplaintDomain
import Foundation
import JSONCodec

extension SnapshotReader {
    /// Decodes a chunk of compact records or of chain positions (columns of numbers).
    func decodeColumns(_ line: [UInt8], kind: SnapshotLines.Kind) throws {
        var chunk = -1
        var columns: [String: [UInt64]] = [:]
        try JSONReader.withReader(line, limits: Self.bigLines) { r in
            try r.readObject { key, r in
                if key == "records" || key == "chains" {
                    chunk = try r.readInt()
                    return
                }
                var values: [UInt64] = []
                values.reserveCapacity(1 << 16)
                try r.readUInt64Array(into: &values)
                columns[key.string] = values
            }
        }
        guard chunk >= 0 else { throw SnapshotError("a \(kind) line has no chunk number") }
        if kind == .chains {
            guard let first = columns["first"], let last = columns["last"], first.count == last.count else {
                throw SnapshotError("chain chunk \(chunk) lacks its columns")
            }
            parts.withLock { $0.chains[chunk] = (first, last) }
            return
        }
        let records = try Self.records(columns, chunk: chunk)
        parts.withLock { $0.records[chunk] = records }
    }

    private static let bigLines = JSONLimits(
        maximumDepth: 8, maximumInputBytes: 1 << 30, maximumStringBytes: 1 << 20,
        maximumObjectMembers: 64, maximumArrayElements: 1 << 28)

    private static let recordColumns = [
        "sequence", "version", "receivedAt", "updatedAt", "trackingHigh", "trackingLow", "phoneHash",
        "estate", "building", "unit", "ownerName", "handler", "dispatchSeconds", "resolveSeconds",
        "clocks", "reportFlags", "flags", "phoneTail", "status", "severity", "category", "department",
        "channel", "nature", "reachedVisits", "satisfiedVisits",
    ]

    private static func records(_ c: [String: [UInt64]], chunk: Int) throws -> [CompactComplaint] {
        let count = c["sequence"]?.count ?? 0
        for name in recordColumns where c[name]?.count != count {
            throw SnapshotError("record chunk \(chunk): column \(name) is missing or of another length")
        }
        func u32(_ v: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: v) }
        func i64(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }
        let s = c["sequence"]!
        let ver = c["version"]!
        let rec = c["receivedAt"]!
        let upd = c["updatedAt"]!
        let th = c["trackingHigh"]!
        let tl = c["trackingLow"]!
        let ph = c["phoneHash"]!
        let es = c["estate"]!
        let bu = c["building"]!
        let un = c["unit"]!
        let on = c["ownerName"]!
        let ha = c["handler"]!
        let ds = c["dispatchSeconds"]!
        let rs = c["resolveSeconds"]!
        let cl = c["clocks"]!
        let rf = c["reportFlags"]!
        let fl = c["flags"]!
        let pt = c["phoneTail"]!
        let st = c["status"]!
        let se = c["severity"]!
        let ca = c["category"]!
        let de = c["department"]!
        let ch = c["channel"]!
        let na = c["nature"]!
        let rv = c["reachedVisits"]!
        let sv = c["satisfiedVisits"]!
        var records: [CompactComplaint] = []
        records.reserveCapacity(count)
        for i in 0..<count {
            records.append(
                CompactComplaint(
                    sequence: Int32(truncatingIfNeeded: s[i]), version: u32(ver[i]), receivedAt: i64(rec[i]), updatedAt: i64(upd[i]),
                    trackingHigh: th[i], trackingLow: tl[i], phoneHash: ph[i], estate: u32(es[i]), building: u32(bu[i]), unit: u32(un[i]),
                    ownerName: u32(on[i]), handler: u32(ha[i]), dispatchSeconds: u32(ds[i]), resolveSeconds: u32(rs[i]), clocks: u32(cl[i]),
                    reportFlags: UInt16(truncatingIfNeeded: rf[i]), flags: UInt16(truncatingIfNeeded: fl[i]),
                    phoneTail: UInt16(truncatingIfNeeded: pt[i]), status: UInt8(truncatingIfNeeded: st[i]),
                    severity: UInt8(truncatingIfNeeded: se[i]), category: UInt8(truncatingIfNeeded: ca[i]),
                    department: UInt8(truncatingIfNeeded: de[i]), channel: UInt8(truncatingIfNeeded: ch[i]),
                    nature: UInt8(truncatingIfNeeded: na[i]), reachedVisits: UInt8(truncatingIfNeeded: rv[i]),
                    satisfiedVisits: UInt8(truncatingIfNeeded: sv[i])))
        }
        return records
    }

    /// Decodes the header, string tables, incidents, workers, activities, balances, totals and
    /// idempotency keys (small or few lines, read in order).
    func decodeSmall(_ line: [UInt8], kind: SnapshotLines.Kind) throws {
        try JSONReader.withReader(line, limits: Self.bigLines) { r in
            switch kind {
            case .header:
                var sequence: UInt64?
                var complaints = 0
                var hot = 0
                var last = 0
                var format = 0
                try r.readObject { key, r in
                    switch key {
                    case "format": format = try r.readInt()
                    case "sequence": sequence = try r.readUInt64()
                    case "complaints": complaints = try r.readInt()
                    case "hot": hot = try r.readInt()
                    case "lastSequence": last = try r.readInt()
                    default: try r.skipValue()
                    }
                }
                guard format == SnapshotLines.format, let sequence else { throw SnapshotError("unknown snapshot format \(format)") }
                parts.withLock { $0.header = (sequence, complaints, hot, last) }
            case .strings:
                var name = ""
                var chunk = 0
                var values: [String] = []
                try r.readObject { key, r in
                    switch key {
                    case "strings": name = try r.readString()
                    case "chunk": chunk = try r.readInt()
                    case "values": try r.readArray { values.append(try $0.readString()) }
                    default: try r.skipValue()
                    }
                }
                parts.withLock { $0.strings[name, default: [:]][chunk] = values }
            case .incident, .worker:
                var name = ""
                var slots: [Int32] = []
                try r.readObject { key, r in
                    switch key {
                    case "incident", "worker": name = try r.readString()
                    case "slots": try r.readArray { slots.append(try $0.readInt32()) }
                    default: try r.skipValue()
                    }
                }
                parts.withLock { if kind == .incident { $0.incidents[name] = slots } else { $0.workers[name] = slots } }
            case .unlinked:
                var slot: Int32?
                var positions: [UInt64] = []
                try r.readObject { key, r in
                    switch key {
                    case "unlinked": slot = try r.readInt32()
                    case "positions": try r.readUInt64Array(into: &positions)
                    default: try r.skipValue()
                    }
                }
                guard let slot else { throw SnapshotError("an unlinked line lacks its slot") }
                parts.withLock { $0.unlinked[slot] = positions }
            case .activities:
                var values: [UInt64] = []
                try r.readObject { _, r in try r.readUInt64Array(into: &values) }
                parts.withLock { $0.activities.append(values) }
            case .balance:
                var index = 0
                var days: [Int32] = []
                var open: [Int32] = []
                try r.readObject { key, r in
                    switch key {
                    case "balance": index = try r.readInt()
                    case "days": try r.readArray { days.append(try $0.readInt32()) }
                    case "open": try r.readArray { open.append(try $0.readInt32()) }
                    default: try r.skipValue()
                    }
                }
                guard days.count == open.count else { throw SnapshotError("balance \(index) has unequal columns") }
                parts.withLock { $0.balances[index] = zip(days, open).map { (day: $0, open: $1) } }
            case .totals:
                var totals: [[Int]] = []
                try r.readObject { _, r in
                    try r.readArray { r in
                        var part: [Int] = []
                        try r.readArray { part.append(try $0.readInt()) }
                        totals.append(part)
                    }
                }
                guard let value = ReportTotals(parts: totals) else { throw SnapshotError("the snapshot's totals have another shape") }
                parts.withLock { $0.totals = value }
            case .idempotency:
                var records: [IdempotencyRecord] = []
                try r.readObject { _, r in try r.readArray { records.append(try IdempotencyRecord(from: &$0)) } }
                parts.withLock { $0.idempotency = records }
            default:
                try r.skipValue()
            }
        }
    }
}
