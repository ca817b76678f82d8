import Foundation
import Testing

@testable import ComplaintDomain

/// Mainland phone numbers as people type them, one table: what is accepted and how it is written.
struct PhoneNumberTests {
    @Test(arguments: [
        ("13800138000", PhoneNumber.Reading.mobile("13800138000")),
        ("138 0013 8000", .mobile("13800138000")),
        ("１３８－００１３－８０００", .mobile("13800138000")),
        ("+86 13800138000", .mobile("13800138000")),
        ("0086-138-0013-8000", .mobile("13800138000")),
        ("8613800138000", .mobile("13800138000")),
        ("19912345678", .mobile("19912345678")),
        ("021-62345678", .landline("021-62345678")),
        ("(021)62345678", .landline("021-62345678")),
        ("02162345678", .landline("021-62345678")),
        ("010 8888 6666", .landline("010-88886666")),
        ("0755-1234567", .landline("0755-1234567")),
        ("0571—87654321", .landline("0571-87654321")),
        ("021-62345678-802", .landline("021-62345678-802")),
        ("021-62345678转802", .landline("021-62345678-802")),
        ("021 6234 5678 ext. 12", .landline("021-62345678-12")),
        ("12345678901", .refused(.mobilePrefix, ["prefix": "12"])),
        ("10086100861", .refused(.mobilePrefix, ["prefix": "10"])),
        ("1380013800", .refused(.notAMobile, ["digits": "10"])),
        ("138001380001", .refused(.notAMobile, ["digits": "12"])),
        ("62345678", .refused(.landlineWithoutAreaCode, [:])),
        ("400-820-8820", .refused(.notAPhone, [:])),
        ("021-0234567", .refused(.notAPhone, [:])),
        ("+1 415 555 0100", .refused(.notAPhone, [:])),
        ("138 0013 8000 转 1", .refused(.notAMobile, ["digits": "11"])),
        ("电话13800138000", .refused(.notAPhone, [:])),
    ])
    func readsAsTyped(typed: String, expected: PhoneNumber.Reading) {
        #expect(PhoneNumber.read(typed) == expected, "\(typed)")
    }

    /// Eleven plain digits starting with 1 are read without normalising: the answer must be the
    /// one the full reading gives the same digits typed in groups (`138 0013 8000`) or after
    /// `+86`, whatever the second digit (1[0-2] are refused).
    @Test func plainDigitsReadAsTheSameDigitsInGroups() {
        var state: UInt64 = 0x9110
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = "1" + String(format: "%010llu", (state >> 20) % 10_000_000_000)
            let grouped = digits.prefix(3) + " " + digits.dropFirst(3).prefix(4) + " " + digits.suffix(4)
            #expect(PhoneNumber.read(digits) == PhoneNumber.read(String(grouped)), "\(digits)")
            #expect(PhoneNumber.read(digits) == PhoneNumber.read("+86 " + digits), "\(digits)")
        }
    }

    @Test func textWithNothingToTrimIsKeptAndTooLongIsCountedInCharacters() {
        var check = Validator()
        #expect(check.text("维修", "content", maxLength: 2) == "维修")
        #expect(check.text("  维修\n", "note", maxLength: 2) == "维修")
        #expect(check.errors.isEmpty)
        // Six bytes, two characters; three characters are one too many.
        #expect(check.text("维修中", "content", maxLength: 2) == "维修中")
        #expect(check.optionalText("ab", "note", maxLength: 1) == "ab")
        #expect(check.errors.map(\.field) == ["content", "note"])
        #expect(Validator.exceeds("👨‍👩‍👧", 1) == false && Validator.exceeds("ab", 1))
    }

    /// The ranges taken as visible without the property tables are visible by them, and none of
    /// their scalars is whitespace.
    @Test func plainVisibleScalarsAreVisibleByTheirProperties() {
        let ranges: [ClosedRange<UInt32>] = [0x21...0x7E, 0x4E00...0x9FFF]
        var checked = 0
        for range in ranges {
            for value in range {
                let scalar = Unicode.Scalar(value)!
                #expect(scalar.isPlainVisible && scalar.showsOnScreen && !scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked == 94 + 20_992)
        for scalar in [" ", "\u{3000}", "\u{200B}", "\u{2800}", "\u{3164}", "\n", "\u{7F}"] as [Unicode.Scalar] {
            #expect(!scalar.isPlainVisible)
        }
    }

    @Test func invisibleTextIsNotVisible() {
        #expect(!"\u{200B}\u{200C}\u{200D}\u{2060}".hasVisibleCharacter)
        #expect(!"\u{202A}\u{202E}\u{2066}\u{2069}\u{061C}".hasVisibleCharacter)
        #expect(!" \u{3000}\u{00A0}\u{FEFF}\u{00AD}".hasVisibleCharacter)
        #expect("李\u{200B}伟".hasVisibleCharacter && "A".hasVisibleCharacter && "·".hasVisibleCharacter)
    }
}
