extension String {
    /// Whether `needle` occurs in the string, comparing UTF-8 bytes.
    ///
    /// The listing's text filter may scan a million contents; Foundation's `contains` goes
    /// through NSString and grapheme folding and is two orders of magnitude slower.
    func containsBytes(of needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay in needle.withUTF8 { pin in occurs(pin, in: hay) } }
    }
}

/// Whether the bytes of `pin` occur in `hay`: a first-byte scan, then a compare (the texts are
/// short, so this beats a table-driven search).
func occurs(_ pin: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = pin.first else { return true }
    guard pin.count <= hay.count else { return false }
    var index = 0
    let last = hay.count - pin.count
    while index <= last {
        if hay[index] == first {
            var matched = 1
            while matched < pin.count && hay[index + matched] == pin[matched] { matched += 1 }
            if matched == pin.count { return true }
        }
        index += 1
    }
    return false
}
