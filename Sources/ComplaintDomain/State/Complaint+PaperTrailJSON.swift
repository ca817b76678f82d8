import Foundation
import JSONCodec

// The paper trail of a whole complaint in a snapshot (see `Complaint+JSON.swift`): files, the
// handling opinion, the owner's confirmations. Absent members read as none (snapshots written
// before issue 10 have none of them).

extension Complaint {
    func writePaperTrail(_ f: inout EventFieldWriter) {
        if !attachments.isEmpty {
            f.w.key("attachments")
            f.w.beginArray()
            for record in attachments {
                f.w.beginObject()
                f.files([record.file])
                f.w.member("by", record.by)
                f.w.member("role", record.role.rawValue)
                f.time("at", record.at)
                f.w.memberIfPresent("note", record.note)
                f.w.endObject()
            }
            f.w.endArray()
        }
        if let opinion = handlingOpinion {
            f.w.key("handlingOpinion")
            f.w.beginObject()
            f.w.member("text", opinion.text)
            f.w.member("by", opinion.by)
            f.time("at", opinion.at)
            f.w.endObject()
        }
        if !confirmations.isEmpty {
            f.w.key("confirmations")
            f.w.beginArray()
            for confirmation in confirmations {
                f.w.beginObject()
                f.w.member("solved", confirmation.solved)
                f.w.member("satisfied", confirmation.satisfied)
                f.w.memberIfPresent("comment", confirmation.comment)
                f.signature(confirmation.signature)
                f.w.member("by", confirmation.by)
                f.time("at", confirmation.at)
                f.w.endObject()
            }
            f.w.endArray()
            f.w.member("confirmedSinceReply", confirmedSinceReply)
        }
    }

    static func attachmentRecords(_ r: inout JSONReader) throws -> [AttachmentRecord] {
        var records: [AttachmentRecord] = []
        try r.readArray { r in
            var file: AttachmentFile?
            var by = ""
            var role = Role.system
            var at: Date?
            var note: String?
            try r.readObject { key, r in
                switch key {
                case "files": file = try EventFields.files(&r).first
                case "by": by = try r.readString()
                case "role": role = try Tables.role.read(from: &r)
                case "at": at = try EventFields.time(&r)
                case "note": note = try r.readNullOrString()
                default: try r.skipValue()
                }
            }
            guard let file, let at else { throw r.missingMember("files and at") }
            records.append(AttachmentRecord(file: file, by: by, role: role, at: at, note: note))
        }
        return records
    }

    static func handlingOpinion(_ r: inout JSONReader) throws -> HandlingOpinion {
        var text = ""
        var by = ""
        var at: Date?
        try r.readObject { key, r in
            switch key {
            case "text": text = try r.readString()
            case "by": by = try r.readString()
            case "at": at = try EventFields.time(&r)
            default: try r.skipValue()
            }
        }
        guard let at else { throw r.missingMember("at") }
        return HandlingOpinion(text: text, by: by, at: at)
    }

    static func confirmations(_ r: inout JSONReader) throws -> [OwnerConfirmation] {
        var confirmations: [OwnerConfirmation] = []
        try r.readArray { r in
            var solved = false
            var satisfied = false
            var comment: String?
            var signature: Signature?
            var by = ""
            var at: Date?
            try r.readObject { key, r in
                switch key {
                case "solved": solved = try r.readBool()
                case "satisfied": satisfied = try r.readBool()
                case "comment": comment = try r.readNullOrString()
                case "signature": signature = try EventFields.signature(&r)
                case "by": by = try r.readString()
                case "at": at = try EventFields.time(&r)
                default: try r.skipValue()
                }
            }
            guard let signature, let at else { throw r.missingMember("signature and at") }
            confirmations.append(
                OwnerConfirmation(
                    solved: solved, satisfied: satisfied, comment: comment, signature: signature,
                    by: by, at: at))
        }
        return confirmations
    }
}
