import ComplaintDomain
import Foundation
import JSONCodec

/// Writes a snapshot's lines (see `SnapshotLines`) to `emit` in pieces of about a megabyte, so
/// the payload is never built whole in memory.
struct SnapshotWriter {
    private var w = JSONWriter(capacity: 1 << 21)
    private var lines = 0
    private let emit: ([UInt8]) throws -> Void

    init(emit: @escaping ([UInt8]) throws -> Void) {
        self.emit = emit
    }

    /// Writes every line of `contents`, then flushes.
    static func write(_ contents: SnapshotLines.Contents, to emit: @escaping ([UInt8]) throws -> Void) throws {
        var writer = SnapshotWriter(emit: emit)
        try writer.writeAll(contents)
    }

    private mutating func writeAll(_ c: SnapshotLines.Contents) throws {
        let state = c.state
        try line {
            $0.member("format", SnapshotLines.format)
            $0.member("sequence", c.sequence)
            $0.member("complaints", state.records.count)
            $0.member("hot", state.hot.count)
            $0.member("lastSequence", state.lastSequence)
        }
        for (name, table) in [
            ("estates", state.estates), ("buildings", state.buildings), ("units", state.units),
            ("names", state.names), ("users", state.users),
        ] {
            for chunk in 0..<max(1, table.chunkCount) {
                try line {
                    $0.member("strings", name)
                    $0.member("chunk", chunk)
                    $0.key("values")
                    $0.beginArray()
                    if chunk < table.chunkCount { for value in table.chunk(chunk) { $0.string(value) } }
                    $0.endArray()
                }
            }
        }
        for chunk in 0..<state.records.chunkCount { try records(chunk, state.records.chunk(chunk)) }
        for slot in state.hot.slots {
            try line { writer in
                writer.member("hot", Int(slot))
                writer.key("complaint")
                // Borrowed in place: a copy retained every field of every open complaint.
                _ = state.hot.withComplaint(slot) { $0.write(to: &writer) }
            }
        }
        for chunk in 0..<c.chains.first.chunkCount {
            try line {
                $0.member("chains", chunk)
                Self.column(&$0, "first", c.chains.first.chunk(chunk)) { $0 }
                Self.column(&$0, "last", c.chains.last.chunk(chunk)) { $0 }
            }
        }
        for (slot, positions) in c.chains.unlinked.sorted(by: { $0.key < $1.key }) {
            try line {
                $0.member("unlinked", Int(slot))
                Self.column(&$0, "positions", positions[...]) { $0 }
            }
        }
        for (key, slots) in state.incidents.sorted(by: { $0.key < $1.key }) {
            try line {
                $0.member("incident", key)
                Self.column(&$0, "slots", slots[...]) { Int64($0) }
            }
        }
        for (key, slots) in state.workers.sorted(by: { $0.key < $1.key }) {
            try line {
                $0.member("worker", key)
                Self.column(&$0, "slots", slots[...]) { Int64($0) }
            }
        }
        for chunk in 0..<state.activities.chunkCount {
            try line { Self.column(&$0, "activities", state.activities.chunk(chunk)) { $0 } }
        }
        for (index, balances) in state.openBalance.enumerated() where !balances.isEmpty {
            try line {
                $0.member("balance", index)
                Self.column(&$0, "days", balances[...]) { Int64($0.day) }
                Self.column(&$0, "open", balances[...]) { Int64($0.open) }
            }
        }
        try line {
            $0.key("totals")
            $0.beginArray()
            for part in state.totals.parts {
                $0.beginArray()
                for value in part { $0.integer(value) }
                $0.endArray()
            }
            $0.endArray()
        }
        try line {
            $0.key("idempotency")
            $0.beginArray()
            for record in c.idempotency { record.write(to: &$0) }
            $0.endArray()
        }
        let count = lines
        try line { $0.member("end", count) }
        try flush()
    }

    private mutating func records(_ chunk: Int, _ r: ArraySlice<CompactComplaint>) throws {
        try line {
            $0.member("records", chunk)
            Self.column(&$0, "sequence", r) { Int64($0.sequence) }
            Self.column(&$0, "version", r) { Int64($0.version) }
            Self.column(&$0, "receivedAt", r) { $0.receivedAt }
            Self.column(&$0, "updatedAt", r) { $0.updatedAt }
            Self.column(&$0, "trackingHigh", r) { $0.trackingHigh }
            Self.column(&$0, "trackingLow", r) { $0.trackingLow }
            Self.column(&$0, "phoneHash", r) { $0.phoneHash }
            Self.column(&$0, "estate", r) { Int64($0.estate) }
            Self.column(&$0, "building", r) { Int64($0.building) }
            Self.column(&$0, "unit", r) { Int64($0.unit) }
            Self.column(&$0, "ownerName", r) { Int64($0.ownerName) }
            Self.column(&$0, "handler", r) { Int64($0.handler) }
            Self.column(&$0, "dispatchSeconds", r) { Int64($0.dispatchSeconds) }
            Self.column(&$0, "resolveSeconds", r) { Int64($0.resolveSeconds) }
            Self.column(&$0, "clocks", r) { Int64($0.clocks) }
            Self.column(&$0, "reportFlags", r) { Int64($0.reportFlags) }
            Self.column(&$0, "flags", r) { Int64($0.flags) }
            Self.column(&$0, "phoneTail", r) { Int64($0.phoneTail) }
            Self.column(&$0, "status", r) { Int64($0.status) }
            Self.column(&$0, "severity", r) { Int64($0.severity) }
            Self.column(&$0, "category", r) { Int64($0.category) }
            Self.column(&$0, "department", r) { Int64($0.department) }
            Self.column(&$0, "channel", r) { Int64($0.channel) }
            Self.column(&$0, "nature", r) { Int64($0.nature) }
            Self.column(&$0, "reachedVisits", r) { Int64($0.reachedVisits) }
            Self.column(&$0, "satisfiedVisits", r) { Int64($0.satisfiedVisits) }
        }
    }

    private static func column<Element>(
        _ w: inout JSONWriter, _ name: StaticString, _ values: ArraySlice<Element>,
        _ value: (Element) -> Int64
    ) {
        w.key(name)
        w.beginArray()
        for element in values { w.integer(value(element)) }
        w.endArray()
    }

    private static func column<Element>(
        _ w: inout JSONWriter, _ name: StaticString, _ values: ArraySlice<Element>,
        _ value: (Element) -> UInt64
    ) {
        w.key(name)
        w.beginArray()
        for element in values { w.integer(value(element)) }
        w.endArray()
    }

    /// One line: an object whose members `body` writes.
    private mutating func line(_ body: (inout JSONWriter) -> Void) throws {
        w.beginObject()
        body(&w)
        w.endObject()
        w.newline()
        lines += 1
        // `count`, not `bytes.count`: `bytes` copies the buffer, and a copy of up to a megabyte
        // per line made a snapshot of 100 k open complaints take seconds of memmove.
        if w.count >= 1 << 20 { try flush() }
    }

    private mutating func flush() throws {
        guard w.count > 0 else { return }
        try emit(w.bytes)
        w.removeAll()
    }
}
