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

  /// The 32 bytes of a hash written as 64 lowercase hex digits; nil for anything else.
  package static func bytes(hex text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count == 64 else { return nil }
    func value(_ c: UInt8) -> UInt8? {
      switch c {
      case 0x30...0x39: c - 0x30
      case 0x61...0x66: c - 0x61 + 10
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(32)
    for k in stride(from: 0, to: 64, by: 2) {
      guard let high = value(digits[k]), let low = value(digits[k + 1]) else { return nil }
      out.append(high << 4 | low)
    }
    return out
  }

  /// Whether `text` is the lowercase hex of `bytes`, compared in place.
  package static func matches(hex text: String, _ bytes: [UInt8]) -> Bool {
    var k = 0
    for c in text.utf8 {
      guard k < bytes.count * 2 else { return false }
      let byte = bytes[k / 2]
      let nibble = k % 2 == 0 ? byte >> 4 : byte & 0xF
      guard c == (nibble < 10 ? 0x30 + nibble : 0x57 + nibble) else { return false }
      k += 1
    }
    return k == bytes.count * 2
  }

  /// The `prevHash` of the first record of a chain: 64 zeros.
  package static let genesis = String(repeating: "0", count: 64)
}
