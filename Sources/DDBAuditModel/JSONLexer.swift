/// The one JSON lexer every reader of JSON text here is built on: `DynamoJSONDecoder` (typed
/// values), `CanonicalTranscoder` (the import's fast path), the envelope readers of scan
/// pages and stream records, and `CanonicalForm.forEachMember` (stored items).
///
/// It holds the rules once: what whitespace is (RFC 8259: space, tab, LF, CR), how `true`,
/// `false` and `null` are spelt, what a string may hold (no control characters, valid
/// escapes, well-formed UTF-8), how escapes and surrogate pairs decode, and that nothing but
/// whitespace may follow a value (`expectEnd`). It works on the bytes in place, by index.
package struct JSONLexer {
  package let bytes: UnsafeBufferPointer<UInt8>
  /// The cursor: the index of the next byte to read.
  package var i: Int
  /// Set when a `\uD800`-style escape had no partner; the string then holds U+FFFD in its place.
  package var sawLoneSurrogate = false

  /// Values nest at most this deep in `skipValue` (envelopes; DynamoDB's own limit is 32).
  package static let maxDepth = 64

  package init(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int = 0) {
    self.bytes = bytes
    i = start
  }

  package var atEnd: Bool { i >= bytes.count }
  package var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

  /// Moves past JSON whitespace.
  @inline(__always)
  package mutating func skipWhitespace() {
    while i < bytes.count {
      let c = bytes[i]
      guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
      i += 1
    }
  }

  /// Moves past `c` when it is the next byte.
  @inline(__always)
  package mutating func consume(_ c: UInt8) -> Bool {
    guard i < bytes.count, bytes[i] == c else { return false }
    i += 1
    return true
  }

  /// Moves past `word` (`true`, `false`, `null`) when the bytes at the cursor spell it.
  @inline(__always)
  package mutating func literal(_ word: StaticString) -> Bool {
    let n = word.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
    i += n
    return true
  }

  /// Throws unless only whitespace is left: the rule for the end of every value read whole.
  package mutating func expectEnd(_ what: String = "the value") throws(DynamoJSONError) {
    skipWhitespace()
    guard i == bytes.count else { throw DynamoJSONError("unexpected text after \(what) at column \(i + 1)") }
  }

  // MARK: Strings

  /// The bytes between the quotes of the string at the cursor when it has no escapes and is
  /// valid (no control characters, well-formed UTF-8); the cursor moves past its closing
  /// quote. Nil, with the cursor unmoved, for any other string: `decodeString` reads those.
  @inline(__always)
  package mutating func plainString() -> Range<Int>? {
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
    let start = i + 1
    var k = start
    var ascii = true
    while k < bytes.count {
      let c = bytes[k]
      if c == UInt8(ascii: "\"") { break }
      if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
      if c >= 0x80 { ascii = false }
      k += 1
    }
    guard k < bytes.count else { return nil }
    if !ascii && !UnsafeBufferPointer(rebasing: bytes[start..<k]).isValidUTF8 { return nil }
    i = k + 1
    return start..<k
  }

  /// Reads the string at the cursor and returns its UTF-8 bytes, escapes resolved; `what`
  /// names it in errors.
  package mutating func decodeString(what: String) throws(DynamoJSONError) -> [UInt8] {
    if let plain = plainString() { return Array(UnsafeBufferPointer(rebasing: bytes[plain])) }
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
      throw DynamoJSONError("expected a JSON string for the \(what) at column \(i + 1)")
    }
    i += 1
    var out: [UInt8] = []
    var ascii = true
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        if !ascii {
          let valid = out.withUnsafeBufferPointer { $0.isValidUTF8 }
          guard valid else { throw DynamoJSONError("invalid UTF-8 in a string") }
        }
        return out
      }
      if c < 0x20 { throw DynamoJSONError("control character in a string at column \(i + 1)") }
      if c != UInt8(ascii: "\\") {
        if c >= 0x80 { ascii = false }
        out.append(c)
        i += 1
        continue
      }
      i += 1
      guard i < bytes.count else { break }
      let e = bytes[i]
      i += 1
      switch e {
      case UInt8(ascii: "\""): out.append(0x22)
      case UInt8(ascii: "\\"): out.append(0x5C)
      case UInt8(ascii: "/"): out.append(0x2F)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        UTF8.encode(try unicodeEscape()) { out.append($0) }
      default:
        throw DynamoJSONError("invalid escape \\\(Character(UnicodeScalar(e))) at column \(i - 1)")
      }
    }
    throw DynamoJSONError("unterminated string (line ends early)")
  }

  /// The scalar of a `\uXXXX` escape (after its `\u`), joining a surrogate pair; a lone
  /// surrogate becomes U+FFFD and sets `sawLoneSurrogate`.
  private mutating func unicodeEscape() throws(DynamoJSONError) -> Unicode.Scalar {
    var scalar = try hex4()
    if (0xD800...0xDBFF).contains(scalar) {
      // A high surrogate must be followed by \uDC00–\uDFFF.
      if i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
        let save = i
        i += 2
        let low = try hex4()
        if (0xDC00...0xDFFF).contains(low) {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else {
          i = save
          sawLoneSurrogate = true
          scalar = 0xFFFD
        }
      } else {
        sawLoneSurrogate = true
        scalar = 0xFFFD
      }
    } else if (0xDC00...0xDFFF).contains(scalar) {
      sawLoneSurrogate = true
      scalar = 0xFFFD
    }
    return Unicode.Scalar(scalar) ?? "\u{FFFD}"
  }

  private mutating func hex4() throws(DynamoJSONError) -> UInt32 {
    guard i + 4 <= bytes.count else { throw DynamoJSONError("truncated \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[i]
      let d: UInt8
      switch c {
      case 0x30...0x39: d = c - 0x30
      case 0x41...0x46: d = c - 0x41 + 10
      case 0x61...0x66: d = c - 0x61 + 10
      default: throw DynamoJSONError("invalid \\u escape at column \(i + 1)")
      }
      v = v << 4 | UInt32(d)
      i += 1
    }
    return v
  }

  /// Moves past the string at the cursor, checking it by the same rules as `decodeString`
  /// without building it, and returns its range, quotes included.
  package mutating func skipString() throws(DynamoJSONError) -> Range<Int> {
    skipWhitespace()
    let start = i
    if plainString() != nil { return start..<i }
    _ = try decodeString(what: "string")
    return start..<i
  }

  // MARK: Structure

  private func fail(_ message: String) -> DynamoJSONError {
    DynamoJSONError(i >= bytes.count ? "the JSON ends in the middle of a value (truncated?)" : message)
  }

  /// Moves past one value, checking its syntax, and returns its byte range.
  @discardableResult
  package mutating func skipValue(depth: Int = 0) throws(DynamoJSONError) -> Range<Int> {
    skipWhitespace()
    let start = i
    guard let c = peek else { throw fail("expected a JSON value") }
    if depth > Self.maxDepth { throw fail("JSON nests deeper than \(Self.maxDepth) levels") }
    switch c {
    case UInt8(ascii: "{"): try members(depth: depth) { _, _ in }
    case UInt8(ascii: "["): try elements(depth: depth) { _ in }
    case UInt8(ascii: "\""): _ = try skipString()
    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
      guard literal("true") || literal("false") || literal("null") else { throw fail("unexpected text at column \(i + 1)") }
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

  /// Moves past one value of JSON that ddbaudit wrote itself (the store's canonical items),
  /// following only quotes, escapes and nesting: the checks of `skipValue` were made when it
  /// was written. Nil, with the cursor anywhere, when the value does not end.
  package mutating func skipWrittenValue() -> Range<Int>? {
    let start = i
    if let c = peek, c != UInt8(ascii: "{") && c != UInt8(ascii: "[") && c != UInt8(ascii: "\"") {
      // A number or a literal: up to the next separator.
      while let d = peek, d != UInt8(ascii: ","), d != UInt8(ascii: "}"), d != UInt8(ascii: "]") { i += 1 }
      return start..<i
    }
    var depth = 0
    repeat {
      guard i < bytes.count else { return nil }
      switch bytes[i] {
      case UInt8(ascii: "\""):
        i += 1
        while i < bytes.count && bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
        guard i < bytes.count else { return nil }
      case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
      default: break
      }
      i += 1
    } while depth > 0
    return start..<i
  }

  /// Calls `body` with each member's name (its raw bytes between the quotes) and value range.
  package mutating func members(
    depth: Int = 0, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) throws(DynamoJSONError) -> Void
  ) throws(DynamoJSONError) {
    skipWhitespace()
    guard consume(UInt8(ascii: "{")) else { throw fail("expected a JSON object") }
    skipWhitespace()
    if consume(UInt8(ascii: "}")) { return }
    while true {
      let name = try skipString()
      skipWhitespace()
      guard consume(UInt8(ascii: ":")) else { throw fail("expected ':' after a member name") }
      let range = try skipValue(depth: depth + 1)
      try body(UnsafeBufferPointer(rebasing: bytes[(name.lowerBound + 1)..<(name.upperBound - 1)]), range)
      skipWhitespace()
      guard let c = peek else { throw fail("") }
      i += 1
      if c == UInt8(ascii: "}") { return }
      guard c == UInt8(ascii: ",") else { throw fail("expected ',' or '}' in an object") }
    }
  }

  /// Calls `body` with each element's range.
  package mutating func elements(depth: Int = 0, _ body: (Range<Int>) throws(DynamoJSONError) -> Void) throws(DynamoJSONError) {
    skipWhitespace()
    guard consume(UInt8(ascii: "[")) else { throw fail("expected a JSON array") }
    skipWhitespace()
    if consume(UInt8(ascii: "]")) { return }
    while true {
      try body(try skipValue(depth: depth + 1))
      skipWhitespace()
      guard let c = peek else { throw fail("") }
      i += 1
      if c == UInt8(ascii: "]") { return }
      guard c == UInt8(ascii: ",") else { throw fail("expected ',' or ']' in an array") }
    }
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether the bytes are well-formed UTF-8 (no surrogates, no overlong forms).
  package var isValidUTF8: Bool {
    var iterator = makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }
}
