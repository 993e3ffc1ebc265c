/// The plain decimal form of a DynamoDB number (spec §2, step 3).
///
/// DynamoDB numbers are decimal strings with up to 38 significant digits and
/// magnitudes from 1E-130 to 9.99…E+125. They are never turned into a `Double`.
package enum DecimalNumber {
  package enum Problem: Error, Equatable, Sendable {
    /// Not decimal number syntax at all ("abc", "", "1e", "NaN").
    case notANumber
    /// More than 38 significant digits.
    case tooManyDigits(Int)
    /// Outside DynamoDB's range 1E-130 … 9.99…E+125.
    case outOfRange

    package var description: String {
      switch self {
      case .notANumber: "not a decimal number"
      case .tooManyDigits(let n): "\(n) significant digits (DynamoDB allows 38)"
      case .outOfRange: "outside DynamoDB's range 1E-130 to 9.99E+125"
      }
    }
  }

  /// Normalises `text`: `"0012.3400"` → `"12.34"`, `"1E+3"` → `"1000"`, `"-0.0"` → `"0"`.
  package static func normalize(_ text: String) -> Result<String, Problem> {
    var copy = text
    return copy.withUTF8 { isPlainInteger($0) ? .success(text) : normalize($0) }
  }

  /// True for text that is already its own plain form: an integer of at most 38 digits with
  /// no sign, no leading zero (the common case, handled without allocating).
  @inline(__always)
  static func isPlainInteger(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    guard s.count > 0 && s.count <= 38 else { return false }
    if s[0] == UInt8(ascii: "0") { return s.count == 1 }
    for c in s where c < 0x30 || c > 0x39 { return false }
    return true
  }

  package static func normalize(_ s: UnsafeBufferPointer<UInt8>) -> Result<String, Problem> {
    if isPlainInteger(s) { return .success(String(decoding: s, as: UTF8.self)) }
    var i = 0
    let n = s.count
    var negative = false
    if i < n && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) {
      negative = s[i] == UInt8(ascii: "-")
      i += 1
    }
    var digits: [UInt8] = []
    digits.reserveCapacity(n)
    var pointPosition: Int? = nil  // number of mantissa digits before '.'
    var sawDigit = false
    while i < n {
      let c = s[i]
      if c >= 0x30 && c <= 0x39 {
        digits.append(c)
        sawDigit = true
      } else if c == UInt8(ascii: ".") && pointPosition == nil {
        pointPosition = digits.count
      } else {
        break
      }
      i += 1
    }
    guard sawDigit else { return .failure(.notANumber) }
    var exponent = 0
    if i < n && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
      i += 1
      var expNegative = false
      if i < n && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) {
        expNegative = s[i] == UInt8(ascii: "-")
        i += 1
      }
      var sawExpDigit = false
      while i < n, s[i] >= 0x30 && s[i] <= 0x39 {
        if exponent < 1_000_000 { exponent = exponent * 10 + Int(s[i] - 0x30) }
        sawExpDigit = true
        i += 1
      }
      guard sawExpDigit else { return .failure(.notANumber) }
      if expNegative { exponent = -exponent }
    }
    guard i == n else { return .failure(.notANumber) }

    // value = 0.d1d2d3… × 10^point
    var point = (pointPosition ?? digits.count) + exponent
    var start = 0
    while start < digits.count && digits[start] == UInt8(ascii: "0") {
      start += 1
      point -= 1
    }
    var end = digits.count
    while end > start && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
    if start == end { return .success("0") }
    let significant = digits[start..<end]
    if significant.count > 38 { return .failure(.tooManyDigits(significant.count)) }
    // The leading digit's power of ten is point - 1.
    if point - 1 > 125 || point - 1 < -130 { return .failure(.outOfRange) }

    var out: [UInt8] = []
    out.reserveCapacity(significant.count + max(0, -point) + max(0, point - significant.count) + 3)
    if negative { out.append(UInt8(ascii: "-")) }
    if point <= 0 {
      out.append(UInt8(ascii: "0"))
      out.append(UInt8(ascii: "."))
      out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
      out.append(contentsOf: significant)
    } else if point >= significant.count {
      out.append(contentsOf: significant)
      out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - significant.count))
    } else {
      out.append(contentsOf: significant.prefix(point))
      out.append(UInt8(ascii: "."))
      out.append(contentsOf: significant.dropFirst(point))
    }
    return .success(String(decoding: out, as: UTF8.self))
  }
}
