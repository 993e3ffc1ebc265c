import Crypto

/// The record hash of hash chain v1 (spec §3): lowercase hex SHA-256 of the canonical form
/// of the record without its `hash` attribute.
public enum RecordHash {
  /// The hash of `item`, leaving out the attribute named `hashAttribute`.
  public static func compute(_ item: Item, hashAttribute: String = "hash") throws(NoncanonicalReason) -> String {
    let canonical = try CanonicalForm.bytes(of: item, excluding: [Array(hashAttribute.utf8)])
    return hex(SHA256.hash(data: canonical))
  }

  /// Lowercase hex of a digest.
  public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
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
  public static let genesis = String(repeating: "0", count: 64)
}
