extension JSONValue {
  /// Parses JSON text (with `JSONLexer`'s rules), keeping object members in their order.
  /// Integers that fit in Int64 become `.int`; other numbers keep their text.
  package static func parse(_ bytes: [UInt8]) throws(DynamoJSONError) -> JSONValue {
    try bytes.withUnsafeBufferPointer { (buffer) throws(DynamoJSONError) -> JSONValue in
      var lexer = JSONLexer(buffer)
      let value = try parseValue(&lexer, depth: 0)
      try lexer.expectEnd("the document")
      return value
    }
  }

  private static func parseValue(_ lexer: inout JSONLexer, depth: Int) throws(DynamoJSONError) -> JSONValue {
    lexer.skipWhitespace()
    guard depth <= JSONLexer.maxDepth else { throw DynamoJSONError("JSON nests deeper than \(JSONLexer.maxDepth) levels") }
    switch lexer.peek {
    case UInt8(ascii: "{")?:
      var members: [(String, JSONValue)] = []
      let bytes = lexer.bytes
      try lexer.members(depth: depth) { (name, range) throws(DynamoJSONError) in
        // `name` is the text between the quotes: decode it from its opening quote.
        var text = ""
        if let base = bytes.baseAddress, let start = name.baseAddress, start > base {
          var nameLexer = JSONLexer(bytes, at: start - base - 1)
          text = String(decoding: try nameLexer.decodeString(what: "member name"), as: UTF8.self)
        }
        let name = text
        var valueLexer = JSONLexer(bytes, at: range.lowerBound)
        members.append((name, try parseValue(&valueLexer, depth: depth + 1)))
      }
      return .object(members)
    case UInt8(ascii: "[")?:
      var elements: [JSONValue] = []
      let bytes = lexer.bytes
      try lexer.elements(depth: depth) { (range) throws(DynamoJSONError) in
        var valueLexer = JSONLexer(bytes, at: range.lowerBound)
        elements.append(try parseValue(&valueLexer, depth: depth + 1))
      }
      return .array(elements)
    case UInt8(ascii: "\"")?:
      return .string(String(decoding: try lexer.decodeString(what: "string"), as: UTF8.self))
    default:
      if lexer.literal("null") { return .null }
      if lexer.literal("true") { return .bool(true) }
      if lexer.literal("false") { return .bool(false) }
      let range = try lexer.skipValue(depth: depth)
      let text = String(decoding: UnsafeBufferPointer(rebasing: lexer.bytes[range]), as: UTF8.self)
      return Int64(text).map(JSONValue.int) ?? .number(text)
    }
  }

  /// The member `name` of an object (nil for other values or a missing member).
  package subscript(member name: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0.utf8.elementsEqual(name.utf8) }?.1
  }
}
