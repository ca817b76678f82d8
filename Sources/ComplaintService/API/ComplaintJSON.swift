import ComplaintDomain
import Foundation
import JSONCodec

/// The JSON shapes of a complaint: the staff view (phones masked unless revealed) and the
/// owner's tracking view (public notes only, no personal data of anyone).
enum ComplaintJSON {
    struct StaffOptions {
        var revealContact = false
        var includeTrackingCode = false
        /// Leaves out `repeatOf` when it names a complaint outside the reader's scope.
        var hidesRepeatOf = false
        var allowedActions: [Action] = []
        var now: Date
    }

    static func staff(_ c: Complaint, _ options: StaffOptions) -> [UInt8] {
        var w = JSONWriter(capacity: 1536)
        writeStaff(c, options, into: &w)
        return w.bytes
    }

    /// The staff view; `extra` writes members of the caller's own before the object closes.
    static func writeStaff(
        _ c: Complaint, _ options: StaffOptions, into w: inout JSONWriter, extra: (inout JSONWriter) -> Void = { _ in }
    ) {
        w.beginObject()
        w.member("id", c.id)
        if options.includeTrackingCode { w.member("trackingCode", c.trackingCode) }
        w.member("status", c.status.rawValue)
        w.member("version", c.version)
        w.member("channel", c.channel.rawValue)
        w.memberObject("complainant") { w in
            w.member("name", c.complainant.name)
            w.member("phone", options.revealContact ? c.complainant.phone : maskPhone(c.complainant.phone))
            w.member("estate", c.complainant.estate)
            w.member("building", c.complainant.building)
            w.member("unit", c.complainant.unit)
        }
        w.member("content", c.content)
        w.member("demands", c.demands)
        w.member("incidentTime", date: c.incidentTime)
        w.member("incidentPlace", c.incidentPlace)
        w.member("complaintObject", c.complaintObject)
        w.member("category", c.category?.rawValue)
        w.member("incidentId", c.incidentID)
        w.member("requestedBy", date: c.requestedBy)
        w.member("repeatOf", options.hidesRepeatOf ? nil : c.repeatOf)
        w.member("incidentHint", c.incidentHint)
        w.member("receivedBy", c.receivedBy)
        w.member("receivedAt", date: c.receivedAt)
        w.member("valid", c.isValid)
        w.member("inScope", c.isInScope)
        w.member("nature", c.nature?.rawValue)
        w.member("contentType", c.contentType?.rawValue)
        w.member("severity", c.severity?.rawValue)
        w.member("urgent", c.isUrgent)
        w.member("explanation", c.explanation)
        w.member("department", c.department?.rawValue)
        w.member("handler", c.handler)
        writeDeadlines(c, now: options.now, into: &w)
        w.memberArray("progressNotes") { w in
            for note in c.progressNotes {
                w.beginObject()
                w.member("text", note.text)
                w.member("public", note.isPublic)
                w.member("by", note.by)
                w.member("at", date: note.at)
                w.member("attachments", strings: note.attachments)
                w.endObject()
            }
        }
        if let r = c.resolution {
            w.memberObject("resolution") { w in
                w.member("measures", r.measures)
                w.member("result", r.result)
                w.member("remaining", r.remaining)
                w.member("onSpot", r.onSpot)
                w.member("by", r.by)
                w.member("at", date: r.at)
                w.member("attachments", strings: r.attachments)
            }
        } else {
            w.memberNull("resolution")
        }
        if let a = c.approval {
            w.memberObject("approval") { w in
                w.member("by", a.by)
                w.member("at", date: a.at)
                w.member("note", a.note)
            }
        } else {
            w.memberNull("approval")
        }
        if let r = c.reply {
            w.memberObject("reply") { w in
                w.member("content", r.content)
                w.member("by", r.by)
                w.member("at", date: r.at)
            }
        } else {
            w.memberNull("reply")
        }
        w.memberArray("visits") { w in
            for v in c.visits {
                w.beginObject()
                w.member("outcome", v.outcome.rawValue)
                w.member("solved", v.solved)
                w.member("satisfied", v.satisfied)
                w.member("method", v.method.rawValue)
                w.member("numberCalled", options.revealContact ? v.numberCalled : v.numberCalled.map(maskPhone))
                w.member("newDemands", v.newDemands)
                w.member("note", v.note)
                w.member("followUp", v.isFollowUp)
                w.member("by", v.by)
                w.member("at", date: v.at)
                w.endObject()
            }
        }
        w.member("visitDueAt", date: c.visitDueAt)
        w.member("followUpDueAt", date: c.followUpDueAt)
        w.member("reprocessCount", c.reprocessCount)
        w.member("reminderCount", c.reminderCount)
        w.member("extensionCount", c.extensionCount)
        w.memberArray("escalations") { w in
            for e in c.escalations {
                w.beginObject()
                w.member("clock", e.clock.rawValue)
                w.member("dueAt", date: e.dueAt)
                w.member("at", date: e.at)
                w.member("notify", strings: e.notify.map(\.rawValue))
                w.endObject()
            }
        }
        w.memberArray("upgrades") { w in
            for u in c.upgrades {
                w.beginObject()
                w.member("reason", u.reason.rawValue)
                w.member("from", u.from?.rawValue)
                w.member("to", u.to.rawValue)
                w.member("by", u.by)
                w.member("at", date: u.at)
                w.endObject()
            }
        }
        if let s = c.closing {
            w.memberObject("closing") { w in
                w.member("cause", s.cause)
                w.member("lessons", s.lessons)
                w.member("preventiveAction", s.preventiveAction)
            }
        } else {
            w.memberNull("closing")
        }
        writeStaffPaperTrail(c, into: &w)
        w.memberArray("history") { w in
            for t in c.transitions {
                w.beginObject()
                w.member("status", t.status.rawValue)
                w.member("by", t.by)
                w.member("at", date: t.at)
                w.endObject()
            }
        }
        w.member("overdue", c.isOverdue(now: options.now))
        w.memberArray("allowedActions") { w in for action in options.allowedActions { w.string(action.rawValue) } }
        extra(&w)
        w.endObject()
    }

    /// A list item: what a work queue shows; the whole complaint is one GET away.
    static func writeSummary(_ c: Complaint, _ options: StaffOptions, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", c.id)
        w.member("status", c.status.rawValue)
        w.member("version", c.version)
        w.member("channel", c.channel.rawValue)
        w.memberObject("complainant") { w in
            w.member("name", c.complainant.name)
            w.member("phone", maskPhone(c.complainant.phone))
            w.member("estate", c.complainant.estate)
            w.member("building", c.complainant.building)
            w.member("unit", c.complainant.unit)
        }
        w.member("content", c.content)
        w.member("category", c.category?.rawValue)
        w.member("severity", c.severity?.rawValue)
        w.member("urgent", c.isUrgent)
        w.member("department", c.department?.rawValue)
        w.member("handler", c.handler)
        w.member("receivedAt", date: c.receivedAt)
        writeDeadlines(c, now: options.now, into: &w)
        w.member("reprocessCount", c.reprocessCount)
        w.member("reminderCount", c.reminderCount)
        w.member("ownerConfirmed", c.confirmedSinceReply)
        w.member("overdue", c.isOverdue(now: options.now))
        w.memberArray("allowedActions") { w in for action in options.allowedActions { w.string(action.rawValue) } }
        w.endObject()
    }

    static func writeDeadlines(_ c: Complaint, now: Date, into w: inout JSONWriter) {
        w.memberObject("deadlines") { w in
            c.deadlines.forEach { clock, d in
                w.memberObject(named: clock.rawValue) { w in
                    w.member("dueAt", date: d.dueAt)
                    w.member("metAt", date: d.metAt)
                    w.member("escalatedAt", date: d.escalatedAt)
                    w.member("extendedCount", d.extendedCount)
                    w.member("overdue", d.metAt == nil && d.dueAt <= now)
                }
            }
        }
    }

    /// What an intake client (a public front end) gets back for its registration: the owner's
    /// view of the new complaint and the tracking code to hand over — no other complaint's data,
    /// no repeat or duplicate links, no staff fields.
    static func intakeReceipt(_ c: Complaint, now: Date) -> [UInt8] {
        owner(c, now: now, reminderAllowed: c.status.isUnresolved, trackingCode: c.trackingCode)
    }

    /// The owner's view: what was asked, where it stands, public notes, the reply; nobody's personal
    /// data. `link` (the tracking code the owner used) makes the files' download URLs.
    static func owner(_ c: Complaint, now: Date, reminderAllowed: Bool, trackingCode: String? = nil, link: String? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 768)
        w.beginObject()
        w.member("id", c.id)
        if let trackingCode { w.member("trackingCode", trackingCode) }
        w.member("status", c.status.rawValue)
        w.member("receivedAt", date: c.receivedAt)
        w.member("content", c.content)
        w.member("demands", c.demands)
        w.member("severity", c.severity?.rawValue)
        w.member("department", c.department?.rawValue)
        writeDeadlines(c, now: now, into: &w)
        w.memberArray("progress") { w in
            for note in c.progressNotes where note.isPublic {
                w.beginObject()
                w.member("text", note.text)
                w.member("at", date: note.at)
                w.member("attachments", strings: note.attachments)
                w.endObject()
            }
        }
        if let r = c.resolution {
            w.memberObject("resolution") { w in
                w.member("result", r.result)
                w.member("remaining", r.remaining)
                w.member("at", date: r.at)
                w.member("attachments", strings: r.attachments)
            }
        } else {
            w.memberNull("resolution")
        }
        if let r = c.reply {
            w.memberObject("reply") { w in
                w.member("content", r.content)
                w.member("at", date: r.at)
            }
        } else {
            w.memberNull("reply")
        }
        w.member("reminderCount", c.reminderCount)
        w.member("canRemind", reminderAllowed)
        writeOwnerPaperTrail(c, link: (link ?? trackingCode).map { "/v1/track/\($0)/attachments/" }, into: &w)
        w.endObject()
        return w.bytes
    }
}
