// libFuzzer harness: the JSON reader and writer (JSONCodec).
//
// Any bytes must end in a value or a JSONError, never a trap, and every path must agree:
// validation, the tree parser and a walk with the typed calls accept the same documents.
// When a document parses, writing the tree and reading it back gives an equal tree, and
// writing that again gives identical bytes. Every string made is well-formed UTF-8 by the
// standard library's check. Typed decoders of several shapes run on whatever comes, tight
// limits must only ever refuse more, the bulk integer-column reader must agree with reading
// element by element, and the UTF-8 validator must agree with the standard library's on the
// raw bytes.
@testable import JSONCodec

/// Limits tight enough that fuzz inputs reach them.
let tightLimits = JSONLimits(
    maximumDepth: 3, maximumInputBytes: 256, maximumStringBytes: 8,
    maximumObjectMembers: 4, maximumArrayElements: 4, maximumNumberBytes: 6)
/// Limits loose enough for anything the writer produces from an accepted document.
let looseLimits = JSONLimits(maximumInputBytes: 1 << 30, maximumStringBytes: 1 << 30)

/// A decoder that reads members with whichever typed call the name's length picks.
struct Probe: JSONDecodable {
    var count = 0
    init(from reader: inout JSONReader) throws {
        var count = 0
        try reader.readObject { key, reader in
            count += 1
            switch key.count % 7 {
            case 0: _ = try reader.readString()
            case 1: _ = try reader.readInt64()
            case 2: _ = try reader.readDouble()
            case 3: _ = try reader.readNullOrBool()
            case 4: _ = try reader.readRawValue()
            case 5: _ = try reader.decode([Probe].self)
            default: _ = try reader.decodeNullOr(Probe.self)
            }
            _ = key.string
        }
        self.count = count
    }
}

/// Reads any value with the typed calls, as the test suite's walker does.
func walk(_ reader: inout JSONReader) throws {
    switch try reader.peekKind() {
    case .object: try reader.readObject { _, reader in try walk(&reader) }
    case .array: try reader.readArray { try walk(&$0) }
    case .string: _ = try reader.readStringAsKey()
    case .number: _ = try reader.readNumber()
    case .bool: _ = try reader.readBool()
    case .null:
        let wasNull = try reader.readNull()
        precondition(wasNull)
    }
}

/// Strings are made from bytes the reader validated itself (without the standard library
/// checking again), so every string and name in a tree must pass the standard library's check.
func checkWellFormed(_ value: JSONValue) {
    switch value {
    case .string(let text):
        precondition(String(validating: Array(text.utf8), as: UTF8.self) == text, "a malformed String was made")
    case .array(let elements):
        elements.forEach(checkWellFormed)
    case .object(let members):
        for member in members {
            precondition(String(validating: Array(member.name.utf8), as: UTF8.self) == member.name, "a malformed name was made")
            checkWellFormed(member.value)
        }
    default:
        break
    }
}

/// Runs `body`; checks that an error is a JSONError pointing inside the input.
func attempt(_ size: Int, _ body: () throws -> Void) -> Bool {
    do {
        try body()
        return true
    } catch let error as JSONError {
        precondition(error.offset >= 0 && error.offset <= size, "offset \(error.offset) outside 0...\(size): \(error)")
        _ = error.description
        return false
    } catch {
        preconditionFailure("not a JSONError: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)

    let valid = attempt(size) { try JSONReader.validate(bytes) }
    var tree: JSONValue?
    let parsed = attempt(size) { tree = try JSONValue(parsing: bytes) }
    let walked = attempt(size) { try JSONReader.withReader(bytes) { try walk(&$0) } }
    precondition(valid == parsed && valid == walked, "paths disagree: validate \(valid), tree \(parsed), walk \(walked)")

    if let tree {
        checkWellFormed(tree)
        let written = JSONWriter.encode(tree)
        let reread = try! JSONValue(parsing: written, limits: looseLimits)
        precondition(reread == tree, "the tree changed through the writer")
        precondition(JSONWriter.encode(reread) == written, "writing twice gave different bytes")
        var html = JSONWriter(escapingHTML: true)
        tree.encode(to: &html)
        precondition(!html.bytes.contains(UInt8(ascii: "<")))
        precondition(try! JSONValue(parsing: html.bytes, limits: looseLimits) == tree)
    }

    // Tight limits only ever refuse more, and what they accept reads the same.
    var tight: JSONValue?
    if attempt(size, { tight = try JSONValue(parsing: bytes, limits: tightLimits) }) {
        precondition(tight == tree, "tight limits accepted a different document")
    }

    // Typed decoders of several shapes: any outcome but a trap; success implies valid JSON.
    let typed = [
        attempt(size) { _ = try JSONReader.decode(Probe.self, from: bytes) },
        attempt(size) { _ = try JSONReader.decode([String: JSONValue].self, from: bytes) },
        attempt(size) { _ = try JSONReader.decode([Int?].self, from: bytes) },
        attempt(size) { _ = try JSONReader.decode([[Double]].self, from: bytes) },
        attempt(size) { _ = try JSONReader.decode([String].self, from: bytes) },
        attempt(size) { _ = try JSONReader.decode(UInt8.self, from: bytes) },
    ]
    precondition(valid || !typed.contains(true), "a typed decoder accepted invalid JSON")

    // The bulk integer-column reader accepts, refuses and reads exactly as element by element.
    for limits in [JSONLimits.default, tightLimits] {
        var bulk: [UInt64] = []
        var single: [UInt64] = []
        var bulkError: JSONError?
        var singleError: JSONError?
        do { try JSONReader.withReader(bytes, limits: limits) { try $0.readUInt64Array(into: &bulk) } } catch { bulkError = error as? JSONError }
        do {
            try JSONReader.withReader(bytes, limits: limits) { r in try r.readArray { single.append(try $0.readUInt64()) } }
        } catch { singleError = error as? JSONError }
        precondition(bulkError?.kind == singleError?.kind && bulkError?.offset == singleError?.offset, "column readers disagree")
        precondition(bulkError != nil || bulk == single, "column readers read different values")
    }

    // The UTF-8 validator agrees with the standard library's on the raw bytes.
    precondition(UTF8Validation.isValid(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "UTF-8 verdicts differ")
    return 0
}
