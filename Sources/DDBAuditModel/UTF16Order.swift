/// Ordering of UTF-8 byte strings by their UTF-16 code units (RFC 8785 §3.2.3).
///
/// UTF-8 byte order equals code point order, which differs from UTF-16 order only
/// where U+E000–U+FFFF meets a supplementary character: in UTF-16 the surrogates
/// (0xD800–0xDFFF) sort before 0xE000, so 😀 U+1F600 comes before U+FFFF.
package enum UTF16Order {
  /// True when `a` sorts strictly before `b`.
  @inlinable
  package static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in less(pa, pb) } }
  }

  /// The same order for two strings, read in place (no copy of a native string).
  package static func less(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { pa in b.withUTF8 { pb in less(pa, pb) } }
  }

  package static func less(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = min(a.count, b.count)
    var i = 0
    while i < n && a[i] == b[i] { i += 1 }
    if i == n { return a.count < b.count }
    if a[i] < 0x80 || b[i] < 0x80 { return a[i] < b[i] }
    // Both sides are inside non-ASCII characters: compare code point by code point.
    return slowLess(a, b)
  }

  static func slowLess(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    var ia = a.makeIterator()
    var ib = b.makeIterator()
    var da = UTF8()
    var db = UTF8()
    while true {
      let ca = next(&da, &ia)
      let cb = next(&db, &ib)
      switch (ca, cb) {
      case (nil, nil): return false
      case (nil, _): return true
      case (_, nil): return false
      case (let x?, let y?):
        if x != y { return key(x) < key(y) }
      }
    }
  }

  private static func next(_ decoder: inout UTF8, _ it: inout UnsafeBufferPointer<UInt8>.Iterator) -> UInt32? {
    switch decoder.decode(&it) {
    case .scalarValue(let s): return s.value
    case .emptyInput: return nil
    case .error: return 0xFFFD
    }
  }

  /// A key whose integer order is UTF-16 code-unit order.
  @inline(__always)
  static func key(_ scalar: UInt32) -> UInt32 {
    (0xE000...0xFFFF).contains(scalar) ? scalar + 0x20_0000 : scalar
  }
}
