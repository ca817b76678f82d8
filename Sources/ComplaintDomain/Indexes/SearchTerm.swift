/// What a search looks for. The search box (`q`) is read as exactly one of these, by shape, and
/// the answer says which (`searchedAs`), so a front end can offer "search the text instead".
public enum SearchTerm: Sendable, Hashable {
    /// A complaint id (`C2611-000001`).
    case id(String)
    /// The owner's tracking code (32 hex digits).
    case trackingCode(String)
    /// A whole phone number: its digits, in the forms it may have been written with (with and
    /// without a +86 / 0086 prefix).
    case phone(hashes: [UInt64], tail: UInt16)
    /// The last four digits of the owner's phone.
    case phoneTail(UInt16)
    /// A home: building and unit, normalised (`UnitKey`); building nil for "this unit in any building".
    case home(building: String?, unit: String)
    /// The owner's name, folded (`SearchText.foldName`): an exact match.
    case name(String)
    /// Text the content or the demands contain, folded (`SearchText.fold`).
    case text([UInt8])

    /// The kind, as the API names it in `searchedAs`.
    public var kind: String {
        switch self {
        case .id: return "id"
        case .trackingCode: return "trackingCode"
        case .phone: return "phone"
        case .phoneTail: return "phoneTail"
        case .home: return "unit"
        case .name: return "name"
        case .text: return "text"
        }
    }

    /// Reads the search box: a complaint id, a tracking code, a phone number (7 or more digits,
    /// spaces, dashes, brackets and a leading + allowed), its last four digits, a home (`3-1202`,
    /// `3栋1202`), an owner's name when `isOwnerName` knows it, and otherwise text.
    public static func parse(_ raw: String, isOwnerName: (String) -> Bool) -> SearchTerm? {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        if isComplaintID(text) { return .id(text.uppercased()) }
        if text.utf8.count == 32, TrackingIndex.Code(text) != nil { return .trackingCode(text.lowercased()) }
        if let digits = phoneDigits(text) {
            if digits.count == 4 { return .phoneTail(PhoneKey.tail(digits: digits)) }
            if digits.count >= 7 { return phone(digits: digits) }
        }
        if let home = UnitKey.parseHome(text) { return .home(building: home.building, unit: home.unit) }
        let name = SearchText.foldName(text)
        if isOwnerName(name) { return .name(name) }
        return .text(SearchText.fold(text))
    }

    /// A phone search (`phone=`): the whole number, or its last four digits; nil when it is neither.
    public static func phone(_ raw: String) -> SearchTerm? {
        guard let digits = phoneDigits(raw.trimmingWhitespace) else { return nil }
        if digits.count == 4 { return .phoneTail(PhoneKey.tail(digits: digits)) }
        return digits.count >= 7 ? phone(digits: digits) : nil
    }

    /// The whole-number term for `digits`, matching the number with or without a country prefix.
    static func phone(digits: [UInt8]) -> SearchTerm {
        var bare = digits
        if bare.starts(with: [0, 0, 8, 6]) && bare.count > 11 { bare.removeFirst(4) }
        if bare.starts(with: [8, 6]) && bare.count == 13 { bare.removeFirst(2) }
        let forms = [bare, [8, 6] + bare, [0, 0, 8, 6] + bare]
        return .phone(hashes: forms.map { PhoneKey.hash(digits: $0) }, tail: PhoneKey.tail(digits: bare))
    }

    /// The digits of text made only of digits and phone punctuation (full-width too); nil otherwise.
    static func phoneDigits(_ text: String) -> [UInt8]? {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0xFF10...0xFF19: continue
            case 0x20, 0x2D, 0x28, 0x29, 0x2B, 0x3000, 0xFF0D, 0xFF08, 0xFF09, 0xFF0B: continue
            default: return nil
            }
        }
        let digits = PhoneKey.digits(text)
        return digits.isEmpty ? nil : digits
    }
}

extension SearchTerm {
    /// Whether `text` has the shape of a complaint id: `C`, year and month, `-`, the sequence.
    static func isComplaintID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 7, bytes.count <= 15, bytes[0] | 0x20 == UInt8(ascii: "c"), bytes[5] == UInt8(ascii: "-") else { return false }
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        return bytes[1...4].allSatisfy(isDigit) && bytes[6...].allSatisfy(isDigit)
    }
}
