import ComplaintDomain
import Foundation
import JSONCodec

/// The JSON body of a report.
enum ReportJSON {
    static func encode(_ r: PeriodReport, timeZone: String) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.memberObject("period") { w in
            w.member("kind", r.period.kind)
            w.member("label", r.period.label)
            w.member("from", date: r.from)
            w.member("to", date: r.to)
            w.member("timeZone", timeZone)
        }
        w.member("estate", r.estate)
        if let estates = r.estates { w.member("estates", strings: estates) } else { w.memberNull("estates") }
        w.member("received", r.received)
        for (name, counts) in [
            ("byChannel", r.byChannel), ("byCategory", r.byCategory), ("bySeverity", r.bySeverity),
            ("byNature", r.byNature), ("byStatus", r.byStatus),
        ] {
            w.memberObject(named: name) { w in for c in counts { w.member(named: c.name, c.count) } }
        }
        w.memberArray("byBuilding") { w in for m in r.byBuilding { matter(m, &w, withCategory: false) } }
        w.member("closed", r.closed)
        w.member("openAtEnd", r.openAtEnd)
        w.memberObject("clocks") { w in
            for (kind, t) in r.clocks {
                w.memberObject(named: kind.rawValue) { w in
                    w.member("onTime", t.onTime)
                    w.member("late", t.late)
                    w.member("overdue", t.overdue)
                    w.member("running", t.running)
                    optional("onTimeRate", t.onTimeRate, &w)
                }
            }
        }
        durations("timeToDispatch", r.timeToDispatch, &w)
        durations("timeToResolve", r.timeToResolve, &w)
        ratio("returnVisit", r.returnVisit, &w)
        ratio("satisfaction", r.satisfaction, &w)
        ratio("reprocessing", r.reprocessing, &w)
        w.memberObject("ownerConfirmations") { w in
            w.member("confirmed", r.confirmations.confirmed)
            w.member("signedOff", r.confirmations.signedOff)
            w.member("onPaper", r.confirmations.onPaper)
            optional("signOffRate", r.confirmations.signOffRate.rate, &w)
        }
        w.member("repeated", r.repeated)
        w.memberObject("escalations") { w in for c in r.escalations { w.member(named: c.name, c.count) } }
        w.memberObject("upgrades") { w in for c in r.upgrades { w.member(named: c.name, c.count) } }
        w.memberArray("topMatters") { w in for m in r.topMatters { matter(m, &w, withCategory: true) } }
        w.memberObject("hotline") { w in
            ratio("onTimeCompletion", r.onTimeCompletion, &w)
            ratio("solved", r.solved, &w)
            ratio("redispatch", r.redispatch, &w)
            ratio("repeat", r.repeatRate, &w)
            w.member("extensions", r.extensions)
            w.member("reminders", r.reminders)
        }
        w.endObject()
        return w.bytes
    }

    private static func matter(_ m: PeriodReport.Matter, _ w: inout JSONWriter, withCategory: Bool) {
        w.beginObject()
        w.member("estate", m.estate)
        w.member("building", m.building)
        if withCategory { w.member("category", m.category ?? "none") }
        w.member("count", m.count)
        w.endObject()
    }

    private static func optional(_ name: StaticString, _ value: Double?, _ w: inout JSONWriter) {
        if let value { w.member(name, rounded: value) } else { w.memberNull(name) }
    }

    private static func ratio(_ name: StaticString, _ r: PeriodReport.Ratio, _ w: inout JSONWriter) {
        w.memberObject(name) { w in
            w.member("numerator", r.numerator)
            w.member("denominator", r.denominator)
            optional("rate", r.rate, &w)
        }
    }

    private static func durations(_ name: StaticString, _ d: PeriodReport.Durations, _ w: inout JSONWriter) {
        w.memberObject(name) { w in
            w.member("count", d.count)
            optional("medianSeconds", d.median, &w)
            optional("p90Seconds", d.p90, &w)
        }
    }
}
