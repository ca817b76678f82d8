import Foundation
import JSONCodec

// A whole complaint as one JSON object, for snapshots (hot complaints are kept whole): every
// field, inline and boxed alike; nil fields are left out; times are whole milliseconds.

extension Complaint {
    /// Writes the complaint as one JSON object.
    public func write(to w: inout JSONWriter) {
        var f = EventFieldWriter(writer: consume w, times: .milliseconds)
        f.w.beginObject()
        f.w.member("id", id)
        f.w.member("sequence", sequence)
        f.w.member("trackingCode", trackingCode)
        f.w.member("channel", channel.rawValue)
        f.w.memberObject("complainant") { w in
            w.member("name", complainant.name)
            w.member("phone", complainant.phone)
            w.member("estate", complainant.estate)
            w.member("building", complainant.building)
            w.member("unit", complainant.unit)
        }
        f.w.member("content", content)
        f.w.memberIfPresent("demands", demands)
        f.time("incidentTime", incidentTime)
        f.w.memberIfPresent("incidentPlace", incidentPlace)
        f.w.memberIfPresent("complaintObject", complaintObject)
        f.w.memberIfPresent("category", category?.rawValue)
        f.w.memberIfPresent("incidentId", incidentID)
        f.time("requestedBy", requestedBy)
        f.w.memberIfPresent("repeatOf", repeatOf)
        f.w.memberIfPresent("incidentHint", incidentHint)
        f.w.member("receivedBy", receivedBy)
        f.time("receivedAt", receivedAt)
        f.time("updatedAt", updatedAt)
        f.w.member("status", status.rawValue)
        f.w.member("version", version)
        f.w.memberIfPresent("isValid", isValid)
        f.w.memberIfPresent("isInScope", isInScope)
        f.w.memberIfPresent("nature", nature?.rawValue)
        f.w.memberIfPresent("reclassifiedFrom", reclassifiedFrom?.rawValue)
        f.w.memberIfPresent("contentType", contentType?.rawValue)
        f.w.memberIfPresent("severity", severity?.rawValue)
        f.w.member("isUrgent", isUrgent)
        f.w.memberIfPresent("explanation", explanation)
        f.w.memberIfPresent("department", department?.rawValue)
        f.w.memberIfPresent("handler", handler)
        f.w.key("deadlines")
        f.w.beginArray()
        for (kind, d) in deadlines.all {
            f.w.beginObject()
            f.w.member("kind", kind.rawValue)
            f.time("dueAt", d.dueAt)
            if d.extendedCount != 0 { f.w.member("extendedCount", d.extendedCount) }
            f.time("escalatedAt", d.escalatedAt)
            f.time("metAt", d.metAt)
            f.w.endObject()
        }
        f.w.endArray()
        f.time("autoUpgradeAt", autoUpgradeAt)
        f.w.key("progressNotes")
        f.w.beginArray()
        for note in progressNotes {
            f.w.beginObject()
            f.w.member("text", note.text)
            f.w.member("isPublic", note.isPublic)
            f.w.member("by", note.by)
            f.time("at", note.at)
            f.references(note.attachments)
            f.w.endObject()
        }
        f.w.endArray()
        if let r = resolution {
            f.w.key("resolution")
            f.w.beginObject()
            f.w.member("measures", r.measures)
            f.w.member("result", r.result)
            f.w.memberIfPresent("remaining", r.remaining)
            f.w.member("onSpot", r.onSpot)
            f.w.member("by", r.by)
            f.time("at", r.at)
            f.references(r.attachments)
            f.w.endObject()
        }
        if let a = approval {
            f.w.key("approval")
            f.w.beginObject()
            f.w.member("by", a.by)
            f.time("at", a.at)
            f.w.memberIfPresent("note", a.note)
            f.w.endObject()
        }
        if let r = reply {
            f.w.key("reply")
            f.w.beginObject()
            f.w.member("content", r.content)
            f.w.member("by", r.by)
            f.time("at", r.at)
            f.w.endObject()
        }
        f.w.key("visits")
        f.w.beginArray()
        for v in visits {
            f.w.beginObject()
            f.w.member("outcome", v.outcome.rawValue)
            f.w.memberIfPresent("solved", v.solved)
            f.w.memberIfPresent("satisfied", v.satisfied)
            f.w.member("method", v.method.rawValue)
            f.w.memberIfPresent("numberCalled", v.numberCalled)
            f.w.memberIfPresent("newDemands", v.newDemands)
            f.w.memberIfPresent("note", v.note)
            f.w.member("isFollowUp", v.isFollowUp)
            f.w.member("by", v.by)
            f.time("at", v.at)
            f.w.endObject()
        }
        f.w.endArray()
        f.time("visitDueAt", visitDueAt)
        f.time("followUpDueAt", followUpDueAt)
        f.w.member("reprocessCount", reprocessCount)
        f.w.member("unsatisfiedCount", unsatisfiedCount)
        f.w.member("reminderCount", reminderCount)
        f.time("lastReminderAt", lastReminderAt)
        f.w.member("extensionCount", extensionCount)
        f.w.key("escalations")
        f.w.beginArray()
        for e in escalations {
            f.w.beginObject()
            f.w.member("clock", e.clock.rawValue)
            f.time("dueAt", e.dueAt)
            f.time("at", e.at)
            f.roles("notify", e.notify)
            f.w.endObject()
        }
        f.w.endArray()
        f.w.key("upgrades")
        f.w.beginArray()
        for u in upgrades {
            f.w.beginObject()
            f.w.member("reason", u.reason.rawValue)
            f.w.memberIfPresent("from", u.from?.rawValue)
            f.w.member("to", u.to.rawValue)
            f.time("at", u.at)
            f.w.member("by", u.by)
            f.w.endObject()
        }
        f.w.endArray()
        if let s = closing {
            f.w.key("closing")
            f.w.beginObject()
            f.w.memberIfPresent("cause", s.cause)
            f.w.memberIfPresent("lessons", s.lessons)
            f.w.memberIfPresent("preventiveAction", s.preventiveAction)
            f.w.endObject()
        }
        writePaperTrail(&f)
        f.w.key("transitions")
        f.w.beginArray()
        for t in transitions {
            f.w.beginObject()
            f.w.member("status", t.status.rawValue)
            f.w.member("by", t.by)
            f.time("at", t.at)
            f.w.endObject()
        }
        f.w.endArray()
        f.w.endObject()
        w = f.take()
    }
}
