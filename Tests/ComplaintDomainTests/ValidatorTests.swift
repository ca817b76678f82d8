import Testing

@testable import ComplaintDomain

/// Texts as the validator keeps them: trimmed of whitespace, limits counted in characters (not
/// bytes: a Chinese name of 100 characters is 300 bytes and fits), invisible-only refused.
struct ValidatorTests {
    @Test(arguments: [
        ("Li Wei", "Li Wei"),
        (" 李伟 ", "李伟"),
        ("\t3号楼\n", "3号楼"),
        ("\u{3000}A\u{00A0}", "A"),
        ("A  B", "A  B"),
        ("   ", ""),
        ("~", "~"),
        ("x\u{3000}", "x"),
        ("a\u{2028}", "a"),
        ("\u{3000}b c", "b c"),
    ])
    func textsAreTrimmedOfWhitespaceOnly(given: String, kept: String) {
        #expect(given.trimmingWhitespace == kept)
    }

    @Test func limitsCountCharactersNotBytes() {
        let limit = Validator.nameLength
        for (unit, name) in [("李", "chinese"), ("a", "ascii"), ("e\u{301}", "combining"), ("👨‍👩‍👧", "emoji family")] {
            var validator = Validator()
            #expect(validator.text(String(repeating: unit, count: limit), "name", maxLength: limit).count == limit, "\(name)")
            #expect(validator.errors.isEmpty, "\(name): \(validator.errors)")
            _ = validator.text(String(repeating: unit, count: limit + 1), "name", maxLength: limit)
            #expect(validator.errors == [FieldError(field: "name", rule: .tooLong, values: ["limit": String(limit)])], "\(name)")
            var optional = Validator()
            _ = optional.optionalText(String(repeating: unit, count: limit + 1), "name", maxLength: limit)
            #expect(optional.errors.count == 1, "\(name)")
        }
    }

    @Test func invisibleOrEmptyTextIsRefused() {
        var validator = Validator()
        _ = validator.text("\u{200B}", "a", maxLength: 10)
        _ = validator.text(" \n ", "b", maxLength: 10)
        _ = validator.text("\u{200B}x", "c", maxLength: 10)
        #expect(validator.errors == [FieldError(field: "a", rule: .invisible), FieldError(field: "b", rule: .required)])
    }
}
