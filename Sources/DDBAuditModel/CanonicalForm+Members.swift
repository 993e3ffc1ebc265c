extension CanonicalForm {
  /// Calls `body` with the byte ranges of each top-level member of the JSON object `json`:
  /// the quoted name, and the value. `body` returns false to stop. Returns false when
  /// `json` is not a JSON object (read as JSON ddbaudit wrote: `JSONLexer.skipWrittenValue`).
  @discardableResult
  package static func forEachMember(
    in json: UnsafeBufferPointer<UInt8>, _ body: (_ name: Range<Int>, _ value: Range<Int>) -> Bool
  ) -> Bool {
    var lexer = JSONLexer(json)
    guard lexer.consume(UInt8(ascii: "{")) else { return false }
    lexer.skipWhitespace()
    if lexer.consume(UInt8(ascii: "}")) { return lexer.atEnd }
    while true {
      let nameStart = lexer.i
      guard lexer.peek == UInt8(ascii: "\""), lexer.skipWrittenValue() != nil else { return false }
      let name = nameStart..<lexer.i
      guard lexer.consume(UInt8(ascii: ":")), let value = lexer.skipWrittenValue() else { return false }
      if !body(name, value) { return true }
      if lexer.consume(UInt8(ascii: "}")) { return lexer.atEnd }
      guard lexer.consume(UInt8(ascii: ",")) else { return false }
      lexer.skipWhitespace()
    }
  }

  /// The byte range to cut from the canonical object `json` to remove its top-level member
  /// whose name is written as `quotedName` (with one adjacent comma), or an empty range at
  /// the end when there is no such member. Nil when `json` is not a JSON object.
  static func memberRange(named quotedName: [UInt8], in json: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    var previousEnd: Int? = nil  // the comma after the previous member
    var found: Range<Int>? = nil
    let wellFormed = forEachMember(in: json) { name, value in
      let isMatch = name.count == quotedName.count
        && quotedName.withUnsafeBufferPointer { $0.elementsEqual(json[name]) }
      if isMatch {
        found = json[value.upperBound] == UInt8(ascii: ",") ? name.lowerBound..<(value.upperBound + 1) : (previousEnd ?? name.lowerBound)..<value.upperBound
        return false
      }
      previousEnd = value.upperBound
      return true
    }
    guard wellFormed else { return nil }
    return found ?? (json.count - 1)..<(json.count - 1)
  }
}
