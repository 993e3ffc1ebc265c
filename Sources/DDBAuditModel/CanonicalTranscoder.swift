import Foundation

/// Turns one line of DynamoDB JSON into its canonical form (spec §2) in a single pass,
/// without building an `Item`: the import's fast path.
///
/// It takes the shape S3 exports write: upper-case type descriptors, padded base64 with zero
/// trailing bits, numbers DynamoDB accepts, no duplicate names or set elements, and no names
/// or set elements that need escaping (values with escapes are fine). On anything else it
/// gives up and returns nil. The caller then reads the line with `DynamoJSONDecoder` and
/// `CanonicalForm`, which read every form and name every problem. The fast path only keeps lines whose canonical bytes it can
/// write exactly as `CanonicalForm` does, so both paths store the same bytes (the tests
/// compare them on every sample).
///
/// It also reads the values of a few top-level attributes (`wanted`: the keys, time, TTL,
/// index and chain attributes), so that only those become `AttributeValue`s.
package struct CanonicalTranscoder {
  /// Where a wanted attribute's value is in the line: the typed value (`{"S":"…"}`), its
  /// descriptor (S or N; 0 for any other type, or an S with escapes), and the text between
  /// the value's quotes.
  private struct Found {
    var typed: Range<Int>
    var descriptor: UInt8
    var content: Range<Int>
  }

  /// A member of a map or an element of a set, already written to `out` at `start..<end`;
  /// it sorts by `keyStart..<keyEnd` (the name, or the element without its quotes).
  private struct Member {
    var start: Int
    var end: Int
    var keyStart: Int
    var keyEnd: Int
  }

  private let wanted: [[UInt8]?]
  private var lexer = JSONLexer(UnsafeBufferPointer<UInt8>(start: nil, count: 0))
  private var input: UnsafeBufferPointer<UInt8> { lexer.bytes }
  private var i: Int {
    get { lexer.i }
    set { lexer.i = newValue }
  }
  private var out: [UInt8] = []
  private var found: [Found?]
  /// The values of the wanted attributes in the last line transcoded (nil: not in the item).
  private(set) package var values: [AttributeValue?]
  /// Members of the maps and sets being written, innermost last.
  private var members: [Member] = []
  private var scratch: [UInt8] = []
  /// The descriptor (first byte; 0 for BOOL, NULL and sets) and text of the last typed value.
  private var lastDescriptor: UInt8 = 0
  private var lastContent: Range<Int> = 0..<0
  /// Whether the last string read had escapes.
  private var lastStringEscaped = false

  package init(wanted: [[UInt8]?]) {
    self.wanted = wanted
    found = Array(repeating: nil, count: wanted.count)
    values = Array(repeating: nil, count: wanted.count)
  }

  /// The canonical form of `line`, or nil when the line needs the full decoder. After a
  /// line is transcoded, `values` holds its wanted attributes.
  package mutating func transcode(_ line: UnsafeBufferPointer<UInt8>, wrapper: DynamoJSONDecoder.ItemWrapper) -> [UInt8]? {
    lexer = JSONLexer(line)
    out = []
    out.reserveCapacity(line.count)
    for k in found.indices { found[k] = nil }
    members.removeAll(keepingCapacity: true)
    skipWhitespace()
    switch wrapper {
    case .none:
      guard map(depth: 0, top: true) else { return nil }
    case .required, .optional:
      // `{"Item": {…}}`. For `.optional`, a line whose first name is not `Item` is a bare item;
      // one whose first name is `Item` but is not the wrapper goes to the full decoder.
      let start = i
      guard byte(UInt8(ascii: "{")) else { return nil }
      skipWhitespace()
      guard let name = stringRange() else { return nil }
      if name.elementsEqual("Item".utf8) {
        skipWhitespace()
        guard byte(UInt8(ascii: ":")) else { return nil }
        skipWhitespace()
        guard map(depth: 0, top: true) else { return nil }
        skipWhitespace()
        guard byte(UInt8(ascii: "}")) else { return nil }
      } else {
        guard wrapper == .optional else { return nil }
        i = start
        guard map(depth: 0, top: true) else { return nil }
      }
    }
    guard (try? lexer.expectEnd()) != nil else { return nil }
    for k in found.indices {
      guard let value = found[k] else {
        values[k] = nil
        continue
      }
      let content = UnsafeBufferPointer(rebasing: line[value.content])
      switch value.descriptor {
      case UInt8(ascii: "S"): values[k] = .string(Array(content))
      case UInt8(ascii: "N"): values[k] = .number(String(decoding: content, as: UTF8.self))
      default:
        guard let decoded = try? DynamoJSONDecoder.decodeValue(UnsafeBufferPointer(rebasing: line[value.typed])) else { return nil }
        values[k] = decoded
      }
    }
    return out
  }

  // MARK: Values

  /// `{name: typed value, …}`, written with its members sorted by UTF-16 code units.
  private mutating func map(depth: Int, top: Bool) -> Bool {
    guard depth <= DynamoJSONDecoder.maxDepth, byte(UInt8(ascii: "{")) else { return false }
    let base = members.count
    let start = out.count
    skipWhitespace()
    if byte(UInt8(ascii: "}")) {
      out.append(UInt8(ascii: "{"))
      out.append(UInt8(ascii: "}"))
      return true
    }
    while true {
      skipWhitespace()
      let memberStart = out.count
      guard copyString(key: true) else { return false }
      let keyEnd = out.count - 1
      // An empty top-level name is refused, by the full decoder, which says so.
      if top && keyEnd == memberStart + 1 { return false }
      out.append(UInt8(ascii: ":"))
      skipWhitespace()
      guard byte(UInt8(ascii: ":")) else { return false }
      skipWhitespace()
      let valueStart = i
      guard typedValue(depth: depth) else { return false }
      if top { note(memberStart + 1..<keyEnd, typed: valueStart..<i) }
      members.append(Member(start: memberStart, end: out.count, keyStart: memberStart + 1, keyEnd: keyEnd))
      skipWhitespace()
      if byte(UInt8(ascii: "}")) { break }
      guard byte(UInt8(ascii: ",")) else { return false }
    }
    return rewriteSorted(from: base, start: start, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
  }

  /// `{"<descriptor>": value}`, for the ten upper-case descriptors.
  private mutating func typedValue(depth: Int) -> Bool {
    guard byte(UInt8(ascii: "{")) else { return false }
    skipWhitespace()
    guard let descriptor = stringRange() else { return false }
    skipWhitespace()
    guard byte(UInt8(ascii: ":")) else { return false }
    skipWhitespace()
    out.append(UInt8(ascii: "{"))
    out.append(contentsOf: UnsafeBufferPointer(rebasing: input[(descriptor.startIndex - 1)...descriptor.endIndex]))
    out.append(UInt8(ascii: ":"))
    let contentStart = i + 1
    let written: Bool
    switch descriptor.count == 1 ? descriptor[descriptor.startIndex] : 0 {
    case UInt8(ascii: "S"): written = copyString(key: false)
    case UInt8(ascii: "N"): written = number()
    case UInt8(ascii: "B"): written = binary()
    case UInt8(ascii: "M"): written = map(depth: depth + 1, top: false)
    case UInt8(ascii: "L"): written = list(depth: depth + 1)
    default:
      if descriptor.elementsEqual("BOOL".utf8) {
        written = literal("true") || literal("false")
      } else if descriptor.elementsEqual("NULL".utf8) {
        written = literal("true")
      } else if descriptor.count == 2 && descriptor[descriptor.startIndex + 1] == UInt8(ascii: "S") {
        written = set(of: descriptor[descriptor.startIndex])
      } else {
        written = false
      }
    }
    guard written else { return false }
    // For a scalar S or N this is the text between its quotes (read by `note`); an S with
    // escapes is not its text, so it is left to the decoder (descriptor 0).
    lastDescriptor = descriptor.count == 1 && !lastStringEscaped ? descriptor[descriptor.startIndex] : 0
    lastContent = contentStart..<max(contentStart, i - 1)
    skipWhitespace()
    guard byte(UInt8(ascii: "}")) else { return false }
    out.append(UInt8(ascii: "}"))
    return true
  }

  private mutating func list(depth: Int) -> Bool {
    guard depth <= DynamoJSONDecoder.maxDepth, byte(UInt8(ascii: "[")) else { return false }
    out.append(UInt8(ascii: "["))
    skipWhitespace()
    if byte(UInt8(ascii: "]")) {
      out.append(UInt8(ascii: "]"))
      return true
    }
    while true {
      skipWhitespace()
      guard typedValue(depth: depth) else { return false }
      skipWhitespace()
      if byte(UInt8(ascii: "]")) { break }
      guard byte(UInt8(ascii: ",")) else { return false }
      out.append(UInt8(ascii: ","))
    }
    out.append(UInt8(ascii: "]"))
    return true
  }

  /// SS, NS or BS (`kind` is S, N or B): non-empty, elements normalised, sorted, distinct.
  private mutating func set(of kind: UInt8) -> Bool {
    guard byte(UInt8(ascii: "[")) else { return false }
    let base = members.count
    let start = out.count
    while true {
      skipWhitespace()
      let elementStart = out.count
      let copied: Bool
      switch kind {
      case UInt8(ascii: "S"): copied = copyString(key: true)
      case UInt8(ascii: "N"): copied = number()
      case UInt8(ascii: "B"): copied = binary()
      default: copied = false
      }
      guard copied else { return false }
      members.append(Member(start: elementStart, end: out.count, keyStart: elementStart + 1, keyEnd: out.count - 1))
      skipWhitespace()
      if byte(UInt8(ascii: "]")) { break }
      guard byte(UInt8(ascii: ",")) else { return false }
    }
    return rewriteSorted(from: base, start: start, open: UInt8(ascii: "["), close: UInt8(ascii: "]"))
  }

  /// An N: a plain integer is its own canonical form; anything else is normalised, and a
  /// number DynamoDB would not hold goes to the full decoder.
  private mutating func number() -> Bool {
    guard let text = stringRange() else { return false }
    let digits = UnsafeBufferPointer(rebasing: text)
    if DecimalNumber.isPlainInteger(digits) {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: input[(text.startIndex - 1)...text.endIndex]))
      return true
    }
    guard case .success(var plain) = DecimalNumber.normalize(digits) else { return false }
    out.append(UInt8(ascii: "\""))
    plain.withUTF8 { out.append(contentsOf: $0) }
    out.append(UInt8(ascii: "\""))
    return true
  }

  /// A B whose base64 is already canonical (padded, zero trailing bits) is copied as it is.
  private mutating func binary() -> Bool {
    guard let text = stringRange(), Self.isCanonicalBase64(UnsafeBufferPointer(rebasing: text)) else { return false }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: input[(text.startIndex - 1)...text.endIndex]))
    return true
  }

  private mutating func literal(_ word: StaticString) -> Bool {
    guard lexer.literal(word) else { return false }
    out.append(contentsOf: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    return true
  }

  // MARK: Strings

  /// The bytes between the quotes of a string with no escapes, in valid UTF-8; the cursor
  /// moves past the closing quote.
  private mutating func stringRange() -> Slice<UnsafeBufferPointer<UInt8>>? {
    lexer.plainString().map { input[$0] }
  }

  /// Writes a string in its canonical form. One without escapes is copied as it is; one
  /// with escapes is resolved and escaped again the canonical way (RFC 8785), unless it is a
  /// `key` (a name or set element: what sorts must be the bytes between the quotes) that
  /// needs escaping, or holds a lone surrogate (noncanonical).
  private mutating func copyString(key: Bool) -> Bool {
    let start = i
    if let text = stringRange() {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: input[(text.startIndex - 1)...text.endIndex]))
      lastStringEscaped = false
      return true
    }
    i = start
    lexer.sawLoneSurrogate = false
    guard let value = try? lexer.decodeString(what: "string"), !lexer.sawLoneSurrogate,
      !key || !value.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
    else { return false }
    CanonicalForm.writeString(value, to: &out)
    lastStringEscaped = true
    return true
  }

  // MARK: Helpers

  /// Rewrites the members written since `start` (entries `base...` of `members`) in sorted
  /// order between `open` and `close`. Two equal keys (a duplicate name or set element) go to
  /// the full decoder, which names them.
  private mutating func rewriteSorted(from base: Int, start: Int, open: UInt8, close: UInt8) -> Bool {
    out.withUnsafeBufferPointer { bytes in
      members[base...].sort {
        UTF16Order.less(
          UnsafeBufferPointer(rebasing: bytes[$0.keyStart..<$0.keyEnd]),
          UnsafeBufferPointer(rebasing: bytes[$1.keyStart..<$1.keyEnd]))
      }
    }
    let distinct = out.withUnsafeBufferPointer { bytes in
      members[base...].indices.dropFirst().allSatisfy { k in
        !Self.equal(
          UnsafeBufferPointer(rebasing: bytes[members[k - 1].keyStart..<members[k - 1].keyEnd]),
          UnsafeBufferPointer(rebasing: bytes[members[k].keyStart..<members[k].keyEnd]))
      }
    }
    guard distinct else { return false }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: out[start...])
    out.removeSubrange(start...)
    out.append(open)
    for k in members.indices.dropFirst(base) {
      if k > base { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: scratch[(members[k].start - start)..<(members[k].end - start)])
    }
    out.append(close)
    members.removeSubrange(base...)
    return true
  }

  private mutating func note(_ name: Range<Int>, typed: Range<Int>) {
    for k in wanted.indices where found[k] == nil {
      guard let candidate = wanted[k], candidate.count == name.count,
        candidate.withUnsafeBufferPointer({ c in out.withUnsafeBufferPointer { Self.equal(c, UnsafeBufferPointer(rebasing: $0[name])) } })
      else { continue }
      found[k] = Found(typed: typed, descriptor: lastDescriptor, content: lastContent)
    }
  }

  @inline(__always)
  private mutating func byte(_ c: UInt8) -> Bool { lexer.consume(c) }

  @inline(__always)
  private mutating func skipWhitespace() { lexer.skipWhitespace() }

  @inline(__always)
  private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
  }

  /// Padded base64 whose decoding re-encodes to the same text.
  static func isCanonicalBase64(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    guard s.count % 4 == 0 else { return false }
    var padding = 0
    if s.count > 0 && s[s.count - 1] == UInt8(ascii: "=") { padding = s.count > 1 && s[s.count - 2] == UInt8(ascii: "=") ? 2 : 1 }
    var last: UInt8 = 0
    for k in 0..<(s.count - padding) {
      guard let v = base64Value(s[k]) else { return false }
      last = v
    }
    // The bits of the last character that fall beyond the data must be zero.
    switch padding {
    case 1: return last & 0b11 == 0
    case 2: return last & 0b1111 == 0
    default: return true
    }
  }

  @inline(__always)
  private static func base64Value(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
    case UInt8(ascii: "+"): 62
    case UInt8(ascii: "/"): 63
    default: nil
    }
  }
}
