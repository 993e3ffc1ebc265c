import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
/// Walks JSON text without building it: skips values, iterates object members and array
/// elements by byte range, so that the DynamoDB JSON inside an envelope (scan pages, stream
/// records) can be handed to `DynamoJSONDecoder` in place.
struct JSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var i = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int = 0) {
    self.bytes = bytes
    i = start
  }

  var atEnd: Bool { i >= bytes.count }
  var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

  mutating func skipWhitespace() { i = bytes.jsonWhitespaceEnd(from: i) }

  private func fail(_ message: String) -> DynamoJSONError {
    DynamoJSONError(i >= bytes.count ? "the JSON ends in the middle of a value (truncated?)" : message)
  }

  /// Skips one value and returns its byte range.
  mutating func value(depth: Int = 0) throws(DynamoJSONError) -> Range<Int> {
    skipWhitespace()
    let start = i
    guard let c = peek else { throw fail("expected a JSON value") }
    if depth > 64 { throw fail("JSON nests deeper than 64 levels") }
    switch c {
    case UInt8(ascii: "{"):
      try members(depth: depth) { _, _ in }
    case UInt8(ascii: "["):
      try elements(depth: depth) { _ in }
    case UInt8(ascii: "\""):
      _ = try stringRange()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default:
      guard c == UInt8(ascii: "-") || (0x30...0x39).contains(c) else { throw fail("unexpected character '\(Character(UnicodeScalar(c)))'") }
      i += 1
      while let d = peek, (0x30...0x39).contains(d) || d == UInt8(ascii: ".") || d == UInt8(ascii: "e") || d == UInt8(ascii: "E")
        || d == UInt8(ascii: "+") || d == UInt8(ascii: "-")
      {
        i += 1
      }
    }
    return start..<i
  }

  private mutating func literal(_ word: StaticString) throws(DynamoJSONError) {
    let n = word.utf8CodeUnitCount
    guard i + n <= bytes.count else { throw fail("") }
    guard bytes.hasLiteral(word, at: i) else { throw fail("unexpected text") }
    i += n
  }

  /// The range of a string, quotes included.
  mutating func stringRange() throws(DynamoJSONError) -> Range<Int> {
    skipWhitespace()
    let start = i
    guard peek == UInt8(ascii: "\"") else { throw fail("expected a string") }
    i += 1
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\\") {
        i += 2
        continue
      }
      i += 1
      if c == UInt8(ascii: "\"") { return start..<i }
    }
    throw fail("")
  }

  /// Calls `body` with each member's name (its raw bytes between the quotes) and value range.
  mutating func members(depth: Int = 0, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) throws(DynamoJSONError) -> Void) throws(DynamoJSONError) {
    skipWhitespace()
    guard peek == UInt8(ascii: "{") else { throw fail("expected a JSON object") }
    i += 1
    skipWhitespace()
    if peek == UInt8(ascii: "}") {
      i += 1
      return
    }
    while true {
      let name = try stringRange()
      skipWhitespace()
      guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after a member name") }
      i += 1
      let range = try value(depth: depth + 1)
      try body(UnsafeBufferPointer(rebasing: bytes[(name.lowerBound + 1)..<(name.upperBound - 1)]), range)
      skipWhitespace()
      guard let c = peek else { throw fail("") }
      i += 1
      if c == UInt8(ascii: "}") { return }
      guard c == UInt8(ascii: ",") else { throw fail("expected ',' or '}' in an object") }
    }
  }

  /// Calls `body` with each element's range.
  mutating func elements(depth: Int = 0, _ body: (Range<Int>) throws(DynamoJSONError) -> Void) throws(DynamoJSONError) {
    skipWhitespace()
    guard peek == UInt8(ascii: "[") else { throw fail("expected a JSON array") }
    i += 1
    skipWhitespace()
    if peek == UInt8(ascii: "]") {
      i += 1
      return
    }
    while true {
      let range = try value(depth: depth + 1)
      try body(range)
      skipWhitespace()
      guard let c = peek else { throw fail("") }
      i += 1
      if c == UInt8(ascii: "]") { return }
      guard c == UInt8(ascii: ",") else { throw fail("expected ',' or ']' in an array") }
    }
  }

  /// Calls `body` with the members of the (already checked) object at `range`.
  func members(of range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) throws -> Void) throws {
    var scanner = JSONScanner(bytes, at: range.lowerBound)
    var found: [(Range<Int>, Range<Int>)] = []
    try scanner.members { name, value in
      found.append((name.baseAddress! - bytes.baseAddress!..<name.baseAddress! - bytes.baseAddress! + name.count, value))
    }
    for (name, value) in found { try body(slice(name), value) }
  }

  /// The members of the object at `range`, by name (the last one wins).
  func object(_ range: Range<Int>) throws(DynamoJSONError) -> [String: Range<Int>] {
    var scanner = JSONScanner(bytes, at: range.lowerBound)
    var out: [String: Range<Int>] = [:]
    try scanner.members { name, value in out[String(decoding: name, as: UTF8.self)] = value }
    return out
  }

  /// The DynamoDB item (attribute map) under `key` of an object's members, if present.
  func item(_ members: [String: Range<Int>], _ key: String) throws(DynamoJSONError) -> Item? {
    guard let r = members[key] else { return nil }
    var decoder = DynamoJSONDecoder(slice(r))
    let map: Item
    do { map = try decoder.attributeMap(depth: 0) } catch { throw DynamoJSONError("\(key): \(error.message)") }
    // Keys name an item: one that cannot be stored exactly (a lone surrogate decodes to
    // U+FFFD) could merge two items into one.
    if key == "Keys" && decoder.sawLoneSurrogate {
      throw DynamoJSONError("Keys hold a lone surrogate (an unpaired \\uD800–\\uDFFF escape), which cannot be stored exactly")
    }
    return map
  }

  /// The text of the string at `range`, escapes decoded.
  func string(_ range: Range<Int>) throws(DynamoJSONError) -> String {
    var decoder = DynamoJSONDecoder(UnsafeBufferPointer(rebasing: bytes[range]))
    return String(decoding: try decoder.string(what: "value"), as: UTF8.self)
  }

  /// The raw text at `range` (numbers, literals).
  func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

  func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
}

/// 1-based line numbers of byte offsets, counted forward from the last offset asked about.
struct LineCounter {
  let bytes: UnsafeBufferPointer<UInt8>
  private var offset = 0
  private var line = 1

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  mutating func line(at target: Int) -> Int {
    let target = min(target, bytes.count)
    if target < offset {
      offset = 0
      line = 1
    }
    while offset < target {
      if bytes[offset] == 0x0A { line += 1 }
      offset += 1
    }
    return line
  }
}
