import Foundation

/// Removes what identifies an owner from free text before it is announced (workflow.md §8).
///
/// Public text must carry no owner's name, phone or unit number, even where staff typed them
/// into the content, the measures or the result: the owner's own name becomes "某业主", their
/// unit number "***", and anything shaped like a phone number (mobile 1[3-9] plus nine digits,
/// landlines such as 010-12345678, with spaces or dashes, with or without +86) is masked.
public enum PublicRedaction {
    /// `text` with the complainant's name and unit and every phone-like number masked.
    public static func redact(_ text: String, complainant: Complainant) -> String {
        var out = text
        let name = complainant.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !name.isEmpty { out = out.replacingOccurrences(of: name, with: "某业主") }
        for unit in unitForms(complainant.unit) { out = replaceStandalone(unit, in: out, with: "***") }
        return maskPhoneNumbers(in: out)
    }

    /// The unit as written, and its longest run of three or more digits ("1201室" → "1201").
    static func unitForms(_ unit: String) -> [String] {
        let trimmed = unit.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        var forms = [trimmed]
        var best = "", current = ""
        for character in trimmed {
            if character.isASCII && character.isNumber { current.append(character) } else { current = "" }
            if current.count > best.count { best = current }
        }
        if best.count >= 3 && best != trimmed { forms.append(best) }
        return forms
    }

    /// Replaces `needle` wherever it is not part of a longer ASCII word or number.
    static func replaceStandalone(_ needle: String, in text: String, with replacement: String) -> String {
        let characters = Array(text)
        let target = Array(needle)
        guard !target.isEmpty, characters.count >= target.count else { return text }
        var out = ""
        var i = 0
        func isWordCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
        while i < characters.count {
            if i + target.count <= characters.count, Array(characters[i..<(i + target.count)]) == target,
               i == 0 || !isWordCharacter(characters[i - 1]) || !isWordCharacter(target[0]),
               i + target.count == characters.count || !isWordCharacter(characters[i + target.count]) || !isWordCharacter(target[target.count - 1]) {
                out += replacement
                i += target.count
            } else {
                out.append(characters[i])
                i += 1
            }
        }
        return out
    }

    /// Masks every run of 7 to 15 digits joined by single spaces, dashes or brackets (and an
    /// optional leading +) with `maskPhone`; dates like 2026-11-02 are left alone.
    public static func maskPhoneNumbers(in text: String) -> String {
        let characters = Array(text)
        var out = ""
        var i = 0
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        func isSeparator(_ c: Character) -> Bool { c == " " || c == "-" || c == "(" || c == ")" || c == "\u{3000}" }
        while i < characters.count {
            let startsRun = isDigit(characters[i])
                || ((characters[i] == "+" || characters[i] == "(") && i + 1 < characters.count && isDigit(characters[i + 1]))
            guard startsRun, i == 0 || !isDigit(characters[i - 1]) else {
                out.append(characters[i])
                i += 1
                continue
            }
            var end = i + 1
            var digits = isDigit(characters[i]) ? 1 : 0
            while end < characters.count {
                if isDigit(characters[end]) {
                    digits += 1
                    end += 1
                } else if isSeparator(characters[end]), end + 1 < characters.count, isDigit(characters[end + 1]) {
                    end += 1
                } else if characters[end] == ")", end + 2 < characters.count, characters[end + 1] == " " || characters[end + 1] == "-",
                          isDigit(characters[end + 2]) {
                    end += 2
                } else {
                    break
                }
            }
            let run = String(characters[i..<end])
            if digits >= 7 && digits <= 15 && !looksLikeDate(run) {
                out += maskPhone(run)
            } else {
                out += run
            }
            i = end
        }
        return out
    }

    /// "2026-11-02" and "2026-11-02 09" style runs are dates, not phone numbers.
    static func looksLikeDate(_ run: String) -> Bool {
        let groups = run.split(whereSeparator: { $0 == "-" || $0 == " " })
        guard groups.count >= 3, groups[0].count == 4, let year = Int(groups[0]), (1900...2199).contains(year),
              groups[1].count <= 2, let month = Int(groups[1]), (1...12).contains(month),
              groups[2].count <= 2, let day = Int(groups[2]), (1...31).contains(day) else { return false }
        return groups.dropFirst(3).allSatisfy { $0.count <= 2 }
    }
}

/// One complaint as announced publicly (投诉公示, source 000 §6): no owner's name, phone or unit.
public struct PublicAnnouncement: Sendable, Hashable {
    /// The public id.
    public var complaintID: String
    /// Time accepted.
    public var acceptedAt: Date
    /// Regional scope: estate and building.
    public var estate: String
    public var building: String
    /// The matter, redacted.
    public var matter: String
    /// The category of the matter.
    public var category: Department?
    /// Handling method (measures taken), redacted.
    public var handlingMethod: String?
    /// Result, redacted.
    public var result: String?
    /// Return visit: when, and whether the owner was solved and satisfied.
    public var returnVisitAt: Date?
    public var returnVisitSatisfied: Bool?
    /// Precautions (preventive action from the closing summary), redacted.
    public var precautions: String?
    /// The time limit that applied to settling it (resolve, or major settle).
    public var timeLimit: Date?
    /// Receptionist (first responsible person), follow-up person (handler), person in charge
    /// (the manager who approved the result; the department is given apart).
    public var receptionist: String
    public var followUpPerson: String?
    public var personInCharge: String?
    public var department: Department?
    /// Where it stands.
    public var status: ComplaintStatus

    /// Builds the announcement of `complaint`, redacting every free-text field.
    public init(_ complaint: Complaint) {
        let notice = PublicNotice(complaint)
        let owner = complaint.complainant
        func clean(_ text: String?) -> String? { text.map { PublicRedaction.redact($0, complainant: owner) } }
        complaintID = complaint.id
        acceptedAt = complaint.receivedAt
        estate = PublicRedaction.redact(owner.estate, complainant: owner)
        building = PublicRedaction.redact(owner.building, complainant: owner)
        matter = PublicRedaction.redact(notice.matter, complainant: owner)
        category = notice.category
        handlingMethod = clean(notice.handling)
        result = clean(notice.result)
        let visit = complaint.visits.last { $0.outcome == .reachable && !$0.isFollowUp }
        returnVisitAt = visit?.at
        returnVisitSatisfied = notice.returnVisitSatisfied
        precautions = clean(notice.precautions)
        timeLimit = notice.timeLimit
        receptionist = notice.receptionist
        followUpPerson = notice.followUpPerson
        personInCharge = complaint.approval?.by
        department = notice.department
        status = complaint.status
    }
}

extension ComplaintState {
    /// The slots of complaints received in `from ..< to` that may be announced, oldest first, at
    /// most `limit`, starting after slot `after`; `more` tells whether the period holds more.
    /// Walks only the slots of the period (the caller reads each complaint and builds its notice).
    public func announcementSlots(from: Date, to: Date, estate: String?, after: Int? = nil, limit: Int) -> (slots: [Int], more: Bool) {
        let fromMs = Milliseconds.of(from)
        let toMs = Milliseconds.of(to)
        var slots: [Int] = []
        func take(_ slot: Int) -> Bool {
            if let after, slot <= after { return true }
            let received = book.records[slot].receivedAt
            guard received >= fromMs && received < toMs else { return true }
            if slots.count == limit { return false }
            slots.append(slot)
            return true
        }
        if let estate {
            guard let id = book.strings.estates.id(of: estate), Int(id) < indexes.slotsByEstate.count else { return ([], false) }
            for slot in indexes.slotsByEstate[Int(id)] where !take(Int(slot)) { return (slots, true) }
            return (slots, false)
        }
        for slot in 0..<book.count where !take(slot) { return (slots, true) }
        return (slots, false)
    }
}
