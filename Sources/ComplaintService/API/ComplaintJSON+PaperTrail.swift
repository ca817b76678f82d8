import ComplaintDomain
import Foundation
import JSONCodec

// The paper trail in the complaint views (issue 10): files, the supervisor's handling opinion,
// the owner's confirmations. Staff see everything; the owner sees their own confirmation and
// the files they sent or were shown — never staff ids or internal evidence.

extension ComplaintJSON {
    static func writeStaffPaperTrail(_ c: Complaint, into w: inout JSONWriter) {
        w.memberArray("attachments") { w in
            for record in c.attachments { AttachmentJSON.write(record, link: "/v1/complaints/\(c.id)/attachments/", into: &w) }
        }
        if let opinion = c.handlingOpinion {
            w.memberObject("handlingOpinion") { w in
                w.member("text", opinion.text)
                w.member("by", opinion.by)
                w.member("at", date: opinion.at)
            }
        } else {
            w.memberNull("handlingOpinion")
        }
        w.member("ownerConfirmed", c.confirmedSinceReply)
        w.memberArray("ownerConfirmations") { w in
            for confirmation in c.confirmations {
                w.beginObject()
                w.member("solved", confirmation.solved)
                w.member("satisfied", confirmation.satisfied)
                w.member("comment", confirmation.comment)
                writeSignature(confirmation.signature, into: &w)
                w.member("recordedBy", confirmation.by)
                w.member("at", date: confirmation.at)
                w.endObject()
            }
        }
    }

    static func writeOwnerPaperTrail(_ c: Complaint, link: String?, into w: inout JSONWriter) {
        w.memberArray("attachments") { w in
            for record in c.ownerVisibleAttachments { AttachmentJSON.write(record, link: link, showsAdder: false, into: &w) }
        }
        if let confirmation = c.currentConfirmation {
            w.memberObject("confirmation") { w in
                w.member("solved", confirmation.solved)
                w.member("satisfied", confirmation.satisfied)
                w.member("comment", confirmation.comment)
                writeSignature(confirmation.signature, into: &w)
                w.member("at", date: confirmation.at)
            }
        } else {
            w.memberNull("confirmation")
        }
        // The owner's page shows the form until this is true (the same flag as the staff view's).
        w.member("ownerConfirmed", c.confirmedSinceReply)
        w.member("canConfirm", (c.status == .replied || c.status == .visited) && !c.confirmedSinceReply)
    }

    private static func writeSignature(_ signature: Signature, into w: inout JSONWriter) {
        w.memberObject("signature") { w in
            w.member("kind", signature.kind.rawValue)
            w.member("name", signature.name)
            w.member("attachment", signature.attachment)
        }
    }
}
