import Foundation
import JSONCodec

// How an event is written: one flat JSON object, `type` first, then the fields every event shares
// (`complaintId`, `at`, `actor`), then its own. The field names are fixed here and in
// `DomainEvent+Reading.swift`; times are whole milliseconds since the epoch in the event log and
// strings on the API (`EventTimeStyle`).

/// How event times are written.
public enum EventTimeStyle: Sendable {
    /// Whole milliseconds since the epoch, as numbers: the event log.
    case milliseconds
    /// Strings made from the milliseconds by the caller's formatter (RFC 3339 on the API).
    case formatted(@Sendable (Int64) -> String)
}

extension DomainEvent {
    /// The event as one JSON object.
    public func json(times: EventTimeStyle = .milliseconds) -> [UInt8] {
        var writer = JSONWriter(capacity: 384)
        write(to: &writer, times: times)
        return writer.bytes
    }

    /// Writes the event as one JSON object. `forAudit` writes what staff may read in an audit
    /// trail: phone numbers masked (`maskPhone`), the owner's tracking code left out.
    public func write(to w: inout JSONWriter, times: EventTimeStyle = .milliseconds, forAudit: Bool = false) {
        // The buffer moves into the field writer and back: a copy would share it, and the
        // first write would then copy every byte written so far (once per event).
        var f = EventFieldWriter(writer: consume w, times: times)
        f.w.beginObject()
        f.w.member("type", typeName)
        f.w.member("complaintId", complaintID)
        f.time("at", at)
        f.actor(actor)
        switch self {
        case .registered(let e):
            f.w.member("sequence", e.sequence)
            if !forAudit { f.w.member("trackingCode", e.trackingCode) }
            f.w.member("channel", e.channel.rawValue)
            f.w.memberObject("complainant") { w in
                w.member("name", e.complainant.name)
                w.member("phone", forAudit ? maskPhone(e.complainant.phone) : e.complainant.phone)
                w.member("estate", e.complainant.estate)
                w.member("building", e.complainant.building)
                w.member("unit", e.complainant.unit)
            }
            f.w.member("content", e.content)
            f.w.memberIfPresent("demands", e.demands)
            f.time("incidentTime", e.incidentTime)
            f.w.memberIfPresent("incidentPlace", e.incidentPlace)
            f.w.memberIfPresent("complaintObject", e.complaintObject)
            f.w.memberIfPresent("category", e.category?.rawValue)
            f.w.memberIfPresent("incidentKey", e.incidentKey)
            f.w.memberIfPresent("incidentHint", e.incidentHint)
            f.time("requestedBy", e.requestedBy)
            f.w.memberIfPresent("repeatOf", e.repeatOf)
            f.time("dispatchDueAt", e.dispatchDueAt)
        case .assessed(let e):
            f.w.member("severity", e.severity.rawValue)
            f.w.memberIfPresent("nature", e.nature?.rawValue)
            f.w.memberIfPresent("contentType", e.contentType?.rawValue)
            f.w.member("isUrgent", e.isUrgent)
            f.w.memberIfPresent("category", e.category?.rawValue)
            f.clocks(e.clocks)
            f.time("autoUpgradeAt", e.autoUpgradeAt)
        case .explained(let e):
            f.w.member("isValid", e.isValid)
            f.w.member("isInScope", e.isInScope)
            f.w.member("explanation", e.explanation)
            f.w.memberIfPresent("nature", e.nature?.rawValue)
            f.w.memberIfPresent("contentType", e.contentType?.rawValue)
        case .dispatched(let e):
            f.w.member("department", e.department.rawValue)
            f.w.member("handler", e.handler)
            f.w.memberIfPresent("note", e.note)
        case .acknowledged(let e):
            f.w.memberIfPresent("note", e.note)
        case .progressNoted(let e):
            f.w.member("text", e.text)
            f.w.member("isPublic", e.isPublic)
            f.references(e.attachments)
        case .resolved(let e):
            f.w.member("measures", e.measures)
            f.w.member("result", e.result)
            f.w.memberIfPresent("remaining", e.remaining)
            f.w.member("onSpot", e.onSpot)
            f.time("replyDueAt", e.replyDueAt)
            f.references(e.attachments)
        case .approved(let e):
            f.w.memberIfPresent("note", e.note)
        case .replied(let e):
            f.w.member("content", e.content)
            f.time("returnVisitDueAt", e.returnVisitDueAt)
        case .visited(let e):
            f.w.member("outcome", e.outcome.rawValue)
            f.w.memberIfPresent("solved", e.solved)
            f.w.memberIfPresent("satisfied", e.satisfied)
            f.w.member("method", e.method.rawValue)
            f.w.memberIfPresent("numberCalled", forAudit ? e.numberCalled.map(maskPhone) : e.numberCalled)
            f.w.memberIfPresent("newDemands", e.newDemands)
            f.w.memberIfPresent("note", e.note)
            f.w.member("isFollowUp", e.isFollowUp)
            f.time("retryAt", e.retryAt)
            f.time("followUpDueAt", e.followUpDueAt)
        case .reprocessed(let e):
            f.w.memberIfPresent("newDemands", e.newDemands)
            f.w.memberIfPresent("reclassifiedTo", e.reclassifiedTo?.rawValue)
            f.clocks(e.clocks)
            f.time("autoUpgradeAt", e.autoUpgradeAt)
        case .closed(let e):
            if let summary = e.summary {
                f.w.memberObject("summary") { w in
                    w.memberIfPresent("cause", summary.cause)
                    w.memberIfPresent("lessons", summary.lessons)
                    w.memberIfPresent("preventiveAction", summary.preventiveAction)
                }
            }
        case .deadlineExtended(let e):
            f.w.member("clock", e.clock.rawValue)
            f.time("previousDueAt", e.previousDueAt)
            f.time("dueAt", e.dueAt)
            f.w.member("reason", e.reason)
        case .escalated(let e):
            f.w.member("clock", e.clock.rawValue)
            f.time("dueAt", e.dueAt)
            f.w.member("lateBySeconds", e.lateBySeconds)
            f.roles("notify", e.notify)
            f.w.memberIfPresent("department", e.department?.rawValue)
        case .upgraded(let e):
            f.w.member("reason", e.reason.rawValue)
            f.w.memberIfPresent("from", e.from?.rawValue)
            f.w.member("to", e.to.rawValue)
            f.clocks(e.clocks)
            f.w.memberIfPresent("incidentId", e.incidentID)
            f.w.memberIfPresent("note", e.note)
        case .linked(let e):
            f.w.member("incidentId", e.incidentID)
        case .reminded(let e):
            f.w.member("notifyActorId", e.notifyActorID)
            f.w.memberIfPresent("notifyDepartment", e.notifyDepartment?.rawValue)
        case .contactViewed:
            break
        case .majorNotified(let e):
            f.roles("notify", e.notify)
            f.w.memberIfPresent("department", e.department?.rawValue)
        case .attachmentsAdded(let e):
            f.files(e.files)
            f.w.memberIfPresent("note", e.note)
        case .opinionSigned(let e):
            f.w.member("text", e.text)
        case .ownerConfirmed(let e):
            f.w.member("solved", e.solved)
            f.w.member("satisfied", e.satisfied)
            f.w.memberIfPresent("comment", e.comment)
            f.signature(e.signature)
        }
        f.w.endObject()
        w = f.take()
    }
}

/// Writes the shared shapes of event fields: times, the actor, clocks, role lists.
struct EventFieldWriter {
    var w: JSONWriter
    let times: EventTimeStyle

    init(writer: consuming JSONWriter, times: EventTimeStyle) {
        self.w = writer
        self.times = times
    }

    /// The writer, moved out (the field writer is done with it).
    consuming func take() -> JSONWriter { w }

    mutating func time(_ name: StaticString, _ date: Date?) {
        guard let date else { return }
        w.key(name)
        value(date)
    }

    mutating func value(_ date: Date) {
        switch times {
        case .milliseconds: w.integer(Milliseconds.of(date))
        case .formatted(let format): w.string(format(Milliseconds.of(date)))
        }
    }

    mutating func actor(_ actor: Actor) {
        w.memberObject("actor") { w in
            w.member("id", actor.id)
            w.member("role", actor.role.rawValue)
            w.memberIfPresent("department", actor.department?.rawValue)
        }
    }

    mutating func clocks(_ clocks: [ArmedClock]) {
        w.key("clocks")
        w.beginArray()
        for clock in clocks {
            w.beginObject()
            w.member("kind", clock.kind.rawValue)
            w.key("dueAt")
            value(clock.dueAt)
            w.endObject()
        }
        w.endArray()
    }

    /// `"attachments": [sha256, …]`, left out when there are none (events before files had none).
    mutating func references(_ hashes: [String]) {
        guard !hashes.isEmpty else { return }
        w.key("attachments")
        w.beginArray()
        for hash in hashes { w.string(hash) }
        w.endArray()
    }

    /// `"files": [{"sha256", "mediaType", "size", "name"}, …]`.
    mutating func files(_ files: [AttachmentFile]) {
        w.key("files")
        w.beginArray()
        for file in files {
            w.beginObject()
            w.member("sha256", file.sha256)
            w.member("mediaType", file.mediaType)
            w.member("size", file.size)
            w.member("name", file.name)
            w.endObject()
        }
        w.endArray()
    }

    /// `"signature": {"kind", "name"?, "attachment"?}`.
    mutating func signature(_ signature: Signature) {
        w.memberObject("signature") { w in
            w.member("kind", signature.kind.rawValue)
            w.memberIfPresent("name", signature.name)
            w.memberIfPresent("attachment", signature.attachment)
        }
    }

    mutating func roles(_ name: StaticString, _ roles: [Role]) {
        w.key(name)
        w.beginArray()
        for role in roles { w.string(role.rawValue) }
        w.endArray()
    }
}
