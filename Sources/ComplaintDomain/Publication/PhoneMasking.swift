/// Masks a phone number for display, keeping its shape: "13800138000" → "138****8000".
///
/// Separators stay where they are; a mobile number keeps its first three and last four digits
/// (the usual Chinese display), a landline keeps its area code and last four, shorter numbers
/// keep at most a quarter of their digits at each end, and long numbers always hide three or more.
public func maskPhone(_ phone: String) -> String {
    // A normalised mobile (11 ASCII digits), what nearly every complaint holds: the rules below
    // keep its first 3 and last 4 digits; done on the bytes, without splitting into Characters.
    // (Over the contiguous bytes into an 11-byte string: slicing and joining three Strings cost
    // 1,900 instructions a complaint written.)
    var digits = phone
    let mobile: String? = digits.withUTF8 { bytes in
        guard bytes.count == 11, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return String(unsafeUninitializedCapacity: 11) { out in
            for i in 0..<11 { out[i] = i >= 3 && i < 7 ? UInt8(ascii: "*") : bytes[i] }
            return 11
        }
    }
    if let mobile { return mobile }
    let characters = Array(phone)
    let digitPositions = characters.indices.filter { characters[$0].isASCII && characters[$0].isNumber }
    let count = digitPositions.count
    guard count > 0 else { return String(repeating: "*", count: characters.count) }

    var keepHead: Int
    var keepTail: Int
    if let separator = characters.firstIndex(where: { $0 == "-" || $0 == " " }),
        let firstDigit = digitPositions.first, separator > firstDigit, count >= 9
    {
        // Landline "010-12345678": the area code is public knowledge; hide the middle of the rest.
        keepHead = digitPositions.filter { $0 < separator }.count
        keepTail = Swift.max(0, Swift.min(4, count - keepHead - 3))
    } else if count >= 11 {
        keepHead = 3
        keepTail = 4
    } else {
        // Short numbers (extensions, fragments): a quarter at each end, so at most half shows.
        keepHead = count / 4
        keepTail = count / 4
    }
    // Long numbers always hide at least three digits, however long the area code.
    while count >= 9 && count - keepHead - keepTail < 3 && keepHead + keepTail > 0 {
        if keepHead > keepTail { keepHead -= 1 } else { keepTail -= 1 }
    }
    var masked = characters
    for (order, position) in digitPositions.enumerated() where order >= keepHead && order < count - keepTail {
        masked[position] = "*"
    }
    return String(masked)
}
