import EventStore
import Foundation
import HTTP1
import JSONCodec
import Telemetry

/// What `/readyz` answers. Not ready (503) while the service starts or stops, or while the event
/// log refuses writes (a load balancer should send writes elsewhere). A damaged audit trail does
/// not make the service unready — writes and most reads still work, and a restart would not mend
/// it — but it is reported as `degraded` (200) so it is never mistaken for healthy.
enum Readiness {
    static func response(started: Bool, health: StoreHealth?) -> HTTPResponse {
        guard started, let health else {
            return Problems.response(
                status: 503, slug: "not-ready", detail: Message(.notReadyStarting),
                extra: [("reason", quoted("starting-or-stopping"))])
        }
        switch health.writes {
        case .accepted:
            break
        case .suspended(let reason, let since):
            let retry = retryAfterSeconds(health.retryEverySeconds)
            return Problems.response(
                status: 503, slug: "not-ready",
                detail: Message(.notReadySuspended, ["since": .text(iso(since)), "reason": .text("\(reason)"), "seconds": .text(String(retry))]),
                headers: [("Retry-After", String(retry))],
                extra: [("reason", quoted("store-write-failed")), ("restartRequired", Array("false".utf8))])
        case .halted(let reason, let since):
            return Problems.response(
                status: 503, slug: "not-ready",
                detail: Message(.notReadyHalted, ["since": .text(iso(since)), "reason": .text("\(reason)")]),
                extra: [("reason", quoted("store-write-failed")), ("restartRequired", Array("true".utf8))])
        }
        guard !health.damage.isEmpty || !health.lost.isEmpty else { return ready }
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.member("status", health.damage.isEmpty ? "ready" : "degraded")
        w.memberObject("auditTrail") { w in
            w.memberArray("damage") { w in
                for damage in health.damage {
                    w.beginObject()
                    w.member("file", damage.file)
                    w.member("reason", damage.reason)
                    w.member("sequences", damage.sequences.map(text))
                    if let offset = damage.offset { w.member("offset", Int(offset)) } else { w.memberNull("offset") }
                    w.endObject()
                }
            }
            w.memberArray("lost") { w in
                for lost in health.lost {
                    w.beginObject()
                    w.member("sequences", text(lost.sequences))
                    w.member("quarantine", lost.quarantine)
                    w.endObject()
                }
            }
            w.member("segmentsVerified", health.segmentsVerified)
            w.member("segmentsToVerify", health.segmentsToVerify)
        }
        w.endObject()
        return HTTPResponse.json(200, w.bytes)
    }

    static let ready = HTTPResponse.json(200, Array(#"{"status":"ready"}"#.utf8))

    /// Whole seconds for a Retry-After header (at least 1).
    static func retryAfterSeconds(_ seconds: Double) -> Int {
        max(1, Int(seconds.rounded(.up)))
    }

    static func text(_ range: ClosedRange<UInt64>) -> String {
        range.lowerBound == range.upperBound ? String(range.lowerBound) : "\(range.lowerBound)-\(range.upperBound)"
    }

    private static func iso(_ millis: Int64) -> String {
        var bytes: [UInt8] = []
        Timestamp.appendISO8601(millisecondsSinceEpoch: millis, to: &bytes)
        return String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONText.appendString(text, to: &out)
        return out
    }
}
