import DDBAuditModel

/// Reading envelopes (scan pages, stream records, Kinesis payloads) with the shared lexer: the
/// members of an object by name, and the DynamoDB JSON inside them handed to
/// `DynamoJSONDecoder` in place.
extension JSONLexer {
  /// Calls `body` with the members of the (already checked) object at `range`.
  package func members(of range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) throws -> Void) throws {
    var scanner = JSONLexer(bytes, at: range.lowerBound)
    var found: [(Range<Int>, Range<Int>)] = []
    try scanner.members { name, value in
      found.append((name.baseAddress! - bytes.baseAddress!..<name.baseAddress! - bytes.baseAddress! + name.count, value))
    }
    for (name, value) in found { try body(slice(name), value) }
  }

  /// The members of the object at `range`, by name (the last one wins).
  package func object(_ range: Range<Int>) throws(DynamoJSONError) -> [String: Range<Int>] {
    var scanner = JSONLexer(bytes, at: range.lowerBound)
    var out: [String: Range<Int>] = [:]
    try scanner.members { name, value in out[String(decoding: name, as: UTF8.self)] = value }
    return out
  }

  /// The DynamoDB item (attribute map) under `key` of an object's members, if present.
  package func item(_ members: [String: Range<Int>], _ key: String) throws(DynamoJSONError) -> Item? {
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
  package func string(_ range: Range<Int>) throws(DynamoJSONError) -> String {
    var lexer = JSONLexer(bytes, at: range.lowerBound)
    return String(decoding: try lexer.decodeString(what: "value"), as: UTF8.self)
  }

  /// The raw text at `range` (numbers, literals).
  package func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

  package func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
}
