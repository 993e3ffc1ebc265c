/// The byte-level pieces every JSON lexer here shares (`DynamoJSONDecoder`,
/// `CanonicalTranscoder`, `JSONScanner`).
extension UnsafeBufferPointer<UInt8> {
  /// The index of the first byte at or after `index` that is not JSON whitespace.
  @inline(__always)
  package func jsonWhitespaceEnd(from index: Int) -> Int {
    var i = index
    while i < count {
      let c = self[i]
      guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { break }
      i += 1
    }
    return i
  }

  /// Whether the bytes at `index` spell `word` (`true`, `false`, `null`).
  @inline(__always)
  package func hasLiteral(_ word: StaticString, at index: Int) -> Bool {
    let n = word.utf8CodeUnitCount
    guard index + n <= count else { return false }
    for k in 0..<n where self[index + k] != word.utf8Start[k] { return false }
    return true
  }

  /// Whether the bytes are well-formed UTF-8 (no surrogates, no overlong forms).
  var isValidUTF8: Bool {
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

/// Appends the UTF-8 of `scalar`.
@inline(__always)
func appendUTF8(_ scalar: UnicodeScalar, to out: inout [UInt8]) {
  UTF8.encode(scalar) { out.append($0) }
}
