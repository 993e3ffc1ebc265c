import Crypto

/// The record hash of hash chain v1 (spec §3): lowercase hex SHA-256 of the canonical form
/// of the record without its `hash` attribute.
package enum RecordHash {
  /// The hash of `item`, leaving out the attribute named `hashAttribute`.
  package static func compute(_ item: Item, hashAttribute: String = "hash") throws(NoncanonicalReason) -> String {
    let canonical = try CanonicalForm.bytes(of: item, excluding: [Array(hashAttribute.utf8)])
    return hex(SHA256.hash(data: canonical))
  }

  /// The hash of a record stored in canonical form (with its `hash` member), without
  /// decoding it: the member named `hashAttribute` is cut out of the bytes and the rest
  /// hashed. Returns nil when `canonical` is not a canonical JSON object.
  package static func compute(canonical: UnsafeBufferPointer<UInt8>, hashAttribute: [UInt8]) -> String? {
    var name: [UInt8] = []
    CanonicalForm.writeString(hashAttribute, to: &name)
    guard let cut = CanonicalForm.memberRange(named: name, in: canonical) else { return nil }
    var hasher = SHA256()
    hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: canonical[..<cut.lowerBound])))
    hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: canonical[cut.upperBound...])))
    return hex(hasher.finalize())
  }

  /// Lowercase hex SHA-256 of `bytes`.
  package static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

  /// Lowercase hex of a digest.
  package static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    var out = [UInt8]()
    out.reserveCapacity(64)
    let digits = Array("0123456789abcdef".utf8)
    for byte in digest {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The `prevHash` of the first record of a chain: 64 zeros.
  package static let genesis = String(repeating: "0", count: 64)
}

extension CanonicalForm {
  /// Calls `body` with the byte ranges of each top-level member of the JSON object `json`:
  /// the quoted name, and the value. `body` returns false to stop. Returns false when
  /// `json` is not a well-formed object of members (the scan is structural, not validating).
  @discardableResult
  package static func forEachMember(
    in json: UnsafeBufferPointer<UInt8>, _ body: (_ name: Range<Int>, _ value: Range<Int>) -> Bool
  ) -> Bool {
    let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    guard json.count >= 2, json[0] == UInt8(ascii: "{"), json[json.count - 1] == UInt8(ascii: "}") else { return false }
    /// The index just past the string starting at `i`.
    func skipString(_ i: Int) -> Int? {
      var j = i + 1
      while j < json.count {
        if json[j] == backslash { j += 2; continue }
        if json[j] == quote { return j + 1 }
        j += 1
      }
      return nil
    }
    var i = 1
    if json[i] == UInt8(ascii: "}") { return true }
    while i < json.count - 1 {
      guard json[i] == quote, let keyEnd = skipString(i), keyEnd < json.count, json[keyEnd] == UInt8(ascii: ":") else {
        return false
      }
      var j = keyEnd + 1
      var depth = 0
      repeat {
        guard j < json.count else { return false }
        switch json[j] {
        case quote:
          guard let end = skipString(j) else { return false }
          j = end
          continue  // re-checks `depth > 0`: a top-level string value ends here
        case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
        default: break
        }
        j += 1
      } while depth > 0
      guard j < json.count else { return false }
      if !body(i..<keyEnd, (keyEnd + 1)..<j) { return true }
      if json[j] == UInt8(ascii: "}") { return j == json.count - 1 }
      guard json[j] == UInt8(ascii: ",") else { return false }
      i = j + 1
    }
    return false
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
