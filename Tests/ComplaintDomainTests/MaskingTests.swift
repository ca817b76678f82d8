import Testing

@testable import ComplaintDomain

@Suite("Phone masking")
struct MaskingTests {
    @Test(arguments: [
        ("13800138000", "138****8000"),
        ("19912345670", "199****5670"),
        ("1380013800x", "13******00x"),  // 11 bytes, not all digits: the general rules
        ("1380013800９", "13******00９"),  // a full-width digit is not counted as one
        ("+86 13800138000", "+86 *******8000"),
        ("010-12345678", "010-****5678"),
        ("0755-1234567", "0755-***4567"),
        ("12345", "1***5"),
        ("1234", "1**4"),
        ("110", "***"),
        ("", ""),
        ("abc", "***"),
    ])
    func masks(input: String, expected: String) {
        #expect(maskPhone(input) == expected)
    }

    @Test func neverShowsMoreThanAboutHalf() {
        for length in 1...20 {
            let phone = String(repeating: "7", count: length)
            let shown = maskPhone(phone).filter { $0 == "7" }.count
            #expect(shown <= max(7, length / 2) && (length < 9 || length - shown >= 4), "\(length)")
        }
    }
}
