import Foundation

/// Reads DynamoDB JSON (the typed form `{"S":"x"}`) straight from UTF-8 bytes.
///
/// Type descriptors are matched case-insensitively, so the Data Pipeline spellings
/// (`s`, `nS`, `bOOL`) are read too. Strictness follows DynamoDB's own rules: a number
/// must be a string, sets must be non-empty, binaries must be padded base64, names must be
/// unique within a map, and maps and lists nest at most 32 levels.
package struct DynamoJSONDecoder {
  package static let maxDepth = 32

  private var lexer: JSONLexer
  private var bytes: UnsafeBufferPointer<UInt8> { lexer.bytes }
  private var peek: UInt8? { lexer.peek }
  private var i: Int {
    get { lexer.i }
    set { lexer.i = newValue }
  }
  /// Set when a `\uD800`-style escape had no partner; the value then holds U+FFFD in its place.
  package var sawLoneSurrogate: Bool {
    get { lexer.sawLoneSurrogate }
    set { lexer.sawLoneSurrogate = newValue }
  }

  package init(_ bytes: UnsafeBufferPointer<UInt8>) { lexer = JSONLexer(bytes) }

  /// Decodes a whole line holding one item, with or without the `{"Item": …}` wrapper.
  package static func decodeItemLine(
    _ line: UnsafeBufferPointer<UInt8>, wrapper: ItemWrapper
  ) throws(DynamoJSONError) -> (item: Item, loneSurrogate: Bool) {
    var decoder = DynamoJSONDecoder(line)
    let item = try decoder.itemLine(wrapper: wrapper)
    return (item, decoder.sawLoneSurrogate)
  }

  /// Whether a line carries the `{"Item": {...}}` wrapper of S3 exports and get-item output.
  package enum ItemWrapper: Sendable {
    /// `{"Item": {...}}` and nothing else (S3 full exports).
    case required
    /// Either form; a sole top-level key `Item` whose value is a map of typed values is the wrapper.
    case optional
    /// A bare item.
    case none
  }

  mutating func itemLine(wrapper: ItemWrapper) throws(DynamoJSONError) -> Item {
    skipWhitespace()
    let item: Item
    switch wrapper {
    case .none:
      item = try attributeMap(depth: 0)
    case .required:
      try expect(UInt8(ascii: "{"), "expected a JSON object")
      skipWhitespace()
      let key = try string(what: "key")
      guard key == Array("Item".utf8) else {
        throw DynamoJSONError("expected {\"Item\": {...}}, found key \(quote(key))")
      }
      skipWhitespace()
      try expect(UInt8(ascii: ":"), "expected ':'")
      skipWhitespace()
      item = try attributeMap(depth: 0)
      skipWhitespace()
      if peek == UInt8(ascii: ",") { throw DynamoJSONError("unexpected key after \"Item\"") }
      try expect(UInt8(ascii: "}"), "expected '}' after the item")
    case .optional:
      let start = i
      do throws(DynamoJSONError) {
        item = try wrappedItem()
      } catch {
        i = start
        sawLoneSurrogate = false
        do throws(DynamoJSONError) {
          item = try attributeMap(depth: 0)
        } catch let bare {
          // Neither form reads. A line whose sole key is "Item" is meant as the wrapper: its
          // error names the real attribute, not "Item" as if it were one.
          if error.message != Self.noWrapper, !error.message.hasPrefix("expected '}'") { throw error }
          throw bare
        }
      }
    }
    try lexer.expectEnd("the item")
    return item
  }

  static let noWrapper = "no wrapper"

  private mutating func wrappedItem() throws(DynamoJSONError) -> Item {
    try expect(UInt8(ascii: "{"), "expected a JSON object")
    skipWhitespace()
    guard try string(what: "key") == Array("Item".utf8) else { throw DynamoJSONError(Self.noWrapper) }
    skipWhitespace()
    try expect(UInt8(ascii: ":"), "expected ':'")
    skipWhitespace()
    let item = try attributeMap(depth: 0)
    skipWhitespace()
    try expect(UInt8(ascii: "}"), "expected '}'")
    return item
  }

  /// Decodes `{name: typed value, …}`.
  package mutating func attributeMap(depth: Int) throws(DynamoJSONError) -> AttributeMap {
    if depth > DynamoJSONDecoder.maxDepth {
      throw DynamoJSONError("maps and lists nest deeper than \(DynamoJSONDecoder.maxDepth) levels")
    }
    try expect(UInt8(ascii: "{"), "expected a JSON object of attributes")
    var entries: [(name: [UInt8], value: AttributeValue)] = []
    skipWhitespace()
    if peek == UInt8(ascii: "}") {
      i += 1
      return AttributeMap(entries)
    }
    while true {
      skipWhitespace()
      let name = try string(what: "attribute name")
      if depth == 0 && name.isEmpty { throw DynamoJSONError("an attribute name is empty; DynamoDB allows no empty attribute names") }
      skipWhitespace()
      try expect(UInt8(ascii: ":"), "expected ':' after \(quote(name))")
      skipWhitespace()
      let value: AttributeValue
      do { value = try typedValue(depth: depth) } catch { throw error.at(name) }
      entries.append((name, value))
      skipWhitespace()
      guard let c = peek else { throw DynamoJSONError("unexpected end of line inside a map") }
      i += 1
      if c == UInt8(ascii: "}") { break }
      if c != UInt8(ascii: ",") { throw DynamoJSONError("expected ',' or '}' after \(quote(name))") }
    }
    try checkUniqueNames(entries)
    return AttributeMap(entries)
  }

  private func checkUniqueNames(_ entries: [(name: [UInt8], value: AttributeValue)]) throws(DynamoJSONError) {
    if entries.count < 16 {
      for a in 0..<entries.count {
        for b in (a + 1)..<entries.count where entries[a].name == entries[b].name {
          throw DynamoJSONError("duplicate attribute name \(quote(entries[a].name))")
        }
      }
    } else {
      var seen = Set<[UInt8]>()
      for entry in entries where !seen.insert(entry.name).inserted {
        throw DynamoJSONError("duplicate attribute name \(quote(entry.name))")
      }
    }
  }

  /// Decodes `{"<descriptor>": value}`.
  package mutating func typedValue(depth: Int) throws(DynamoJSONError) -> AttributeValue {
    try expect(UInt8(ascii: "{"), "expected a typed value such as {\"S\": \"…\"}")
    skipWhitespace()
    if peek == UInt8(ascii: "}") { throw DynamoJSONError("empty value: no type descriptor") }
    let descriptor = try string(what: "type descriptor")
    skipWhitespace()
    try expect(UInt8(ascii: ":"), "expected ':' after the type descriptor")
    skipWhitespace()
    let value: AttributeValue
    switch Descriptor(descriptor) {
    case .s: value = .string(try string(what: "S value"))
    case .n: value = .number(try numberString())
    case .b: value = .binary(try binary())
    case .bool: value = .bool(try boolean())
    case .null:
      guard try boolean() else { throw DynamoJSONError("NULL must be true") }
      value = .null
    case .m: value = .map(try attributeMap(depth: depth + 1))
    case .l: value = .list(try list(depth: depth + 1))
    case .ss: value = .stringSet(try setElements { (d: inout DynamoJSONDecoder) throws(DynamoJSONError) in try d.string(what: "SS element") })
    case .ns: value = .numberSet(try setElements { (d: inout DynamoJSONDecoder) throws(DynamoJSONError) in try d.numberString() })
    case .bs: value = .binarySet(try setElements { (d: inout DynamoJSONDecoder) throws(DynamoJSONError) in try d.binary() })
    case nil:
      throw DynamoJSONError("unknown type descriptor \(quote(descriptor))")
    }
    skipWhitespace()
    if peek == UInt8(ascii: ",") {
      throw DynamoJSONError("a typed value must have exactly one type descriptor")
    }
    try expect(UInt8(ascii: "}"), "expected '}' after the \(String(decoding: descriptor, as: UTF8.self)) value")
    return value
  }

  private mutating func list(depth: Int) throws(DynamoJSONError) -> [AttributeValue] {
    if depth > DynamoJSONDecoder.maxDepth {
      throw DynamoJSONError("maps and lists nest deeper than \(DynamoJSONDecoder.maxDepth) levels")
    }
    try expect(UInt8(ascii: "["), "L value must be a JSON array")
    var values: [AttributeValue] = []
    skipWhitespace()
    if peek == UInt8(ascii: "]") {
      i += 1
      return values
    }
    while true {
      skipWhitespace()
      do { values.append(try typedValue(depth: depth)) } catch {
        throw DynamoJSONError("element \(values.count): " + error.message)
      }
      skipWhitespace()
      guard let c = peek else { throw DynamoJSONError("unexpected end of line inside a list") }
      i += 1
      if c == UInt8(ascii: "]") { return values }
      if c != UInt8(ascii: ",") { throw DynamoJSONError("expected ',' or ']' in a list") }
    }
  }

  private mutating func setElements<T>(
    _ element: (inout DynamoJSONDecoder) throws(DynamoJSONError) -> T
  ) throws(DynamoJSONError) -> [T] {
    try expect(UInt8(ascii: "["), "a set must be a JSON array")
    var values: [T] = []
    skipWhitespace()
    if peek == UInt8(ascii: "]") { throw DynamoJSONError("empty set (DynamoDB sets hold at least one element)") }
    while true {
      skipWhitespace()
      values.append(try element(&self))
      skipWhitespace()
      guard let c = peek else { throw DynamoJSONError("unexpected end of line inside a set") }
      i += 1
      if c == UInt8(ascii: "]") { return values }
      if c != UInt8(ascii: ",") { throw DynamoJSONError("expected ',' or ']' in a set") }
    }
  }

  private mutating func numberString() throws(DynamoJSONError) -> String {
    guard peek == UInt8(ascii: "\"") else {
      if let c = peek, c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
        throw DynamoJSONError("N value must be a JSON string, not a JSON number (write {\"N\":\"123\"})")
      }
      throw DynamoJSONError("N value must be a JSON string")
    }
    let raw = try string(what: "N value")
    let text = String(decoding: raw, as: UTF8.self)
    if case .failure(.notANumber) = raw.withUnsafeBufferPointer({ DecimalNumber.normalize($0) }) {
      throw DynamoJSONError("N value \"\(text)\" is not a decimal number")
    }
    return text
  }

  private mutating func binary() throws(DynamoJSONError) -> [UInt8] {
    let text = try string(what: "B value")
    guard let data = Data(base64Encoded: Data(text)) else {
      throw DynamoJSONError("B value is not valid padded base64: \(quote(Array(text.prefix(40))))")
    }
    return [UInt8](data)
  }

  private mutating func boolean() throws(DynamoJSONError) -> Bool {
    if match("true") { return true }
    if match("false") { return false }
    throw DynamoJSONError("expected true or false")
  }

  private mutating func match(_ literal: StaticString) -> Bool { lexer.literal(literal) }

  mutating func skipWhitespace() { lexer.skipWhitespace() }

  private mutating func expect(_ c: UInt8, _ message: @autoclosure () -> String) throws(DynamoJSONError) {
    guard i < bytes.count else { throw DynamoJSONError(message() + " (line ends early)") }
    guard bytes[i] == c else { throw DynamoJSONError(message() + " at column \(i + 1)") }
    i += 1
  }

  /// Reads a JSON string and returns its UTF-8 bytes, escapes resolved.
  package mutating func string(what: String) throws(DynamoJSONError) -> [UInt8] {
    try lexer.decodeString(what: what)
  }
}

extension DynamoJSONDecoder {
  /// Decodes one typed value, `{"S":"…"}`, that fills `bytes`.
  package static func decodeValue(_ bytes: UnsafeBufferPointer<UInt8>) throws(DynamoJSONError) -> AttributeValue {
    var decoder = DynamoJSONDecoder(bytes)
    decoder.skipWhitespace()
    let value = try decoder.typedValue(depth: 0)
    try decoder.lexer.expectEnd()
    return value
  }
}
