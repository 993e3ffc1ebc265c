import Foundation

/// The canonical form of hash chain v1 (`docs/spec/hash-chain-v1.md` §2).
///
/// Every value is normalised (numbers to plain decimals, binaries to padded base64, sets
/// sorted), then written as RFC 8785 JSON: no whitespace, object members sorted by the
/// UTF-16 code units of their names, only `"`, `\` and U+0000–U+001F escaped.
/// The same bytes are the store's representation of an item, so what `verify` hashes is
/// exactly what `import` kept.
package enum CanonicalForm {
  /// The canonical UTF-8 bytes of `item`, leaving out the top-level attributes in `excluding`.
  package static func bytes(of item: Item, excluding: [[UInt8]] = []) throws(NoncanonicalReason) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(512)
    try write(item, excluding: excluding, to: &out)
    return out
  }

  /// The canonical form as a string (as `ddbaudit hash --canonical` prints it).
  package static func string(of item: Item, excluding: [[UInt8]] = []) throws(NoncanonicalReason) -> String {
    String(decoding: try bytes(of: item, excluding: excluding), as: UTF8.self)
  }

  /// Appends the canonical form of `item` to `out`.
  package static func write(_ item: Item, excluding: [[UInt8]] = [], to out: inout [UInt8]) throws(NoncanonicalReason) {
    try writeMap(item, excluding: excluding, to: &out)
  }

  private static func writeMap(_ map: AttributeMap, excluding: [[UInt8]], to out: inout [UInt8]) throws(NoncanonicalReason) {
    out.append(UInt8(ascii: "{"))
    try map.entries.withUnsafeBufferPointer { (entries) throws(NoncanonicalReason) in
      var order = Array(entries.indices)
      if !excluding.isEmpty { order.removeAll { excluding.contains(entries[$0].name) } }
      order.sort { UTF16Order.less(entries[$0].name, entries[$1].name) }
      var first = true
      for index in order {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        writeString(entries[index].name, to: &out)
        out.append(UInt8(ascii: ":"))
        do throws(NoncanonicalReason) { try writeValue(entries[index].value, to: &out) } catch {
          throw NoncanonicalReason("attribute \(quote(entries[index].name)): \(error.message)")
        }
      }
    }
    out.append(UInt8(ascii: "}"))
  }

  private static func writeValue(_ value: AttributeValue, to out: inout [UInt8]) throws(NoncanonicalReason) {
    out.append(UInt8(ascii: "{"))
    out.append(UInt8(ascii: "\""))
    out.append(contentsOf: value.descriptor.utf8)
    out.append(UInt8(ascii: "\""))
    out.append(UInt8(ascii: ":"))
    switch value {
    case .string(let s): writeString(s, to: &out)
    case .number(let n):
      var plain = try normalized(n)
      plain.withUTF8 { writeString($0, to: &out) }
    case .binary(let b): writeString(Array(base64(b).utf8), to: &out)
    case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "true".utf8)
    case .map(let m): try writeMap(m, excluding: [], to: &out)
    case .list(let values):
      out.append(UInt8(ascii: "["))
      for (k, v) in values.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        try writeValue(v, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .stringSet(let elements): try writeSet(elements, to: &out)
    case .numberSet(let elements):
      var normalizedElements: [[UInt8]] = []
      for n in elements { normalizedElements.append(Array(try normalized(n).utf8)) }
      try writeSet(normalizedElements, to: &out)
    case .binarySet(let elements): try writeSet(elements.map { Array(base64($0).utf8) }, to: &out)
    }
    out.append(UInt8(ascii: "}"))
  }

  private static func writeSet(_ elements: [[UInt8]], to out: inout [UInt8]) throws(NoncanonicalReason) {
    let sorted = elements.sorted(by: UTF16Order.less)
    for k in sorted.indices.dropFirst() where sorted[k] == sorted[k - 1] {
      throw NoncanonicalReason("duplicate set element \(quote(sorted[k]))")
    }
    out.append(UInt8(ascii: "["))
    for (k, e) in sorted.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      writeString(e, to: &out)
    }
    out.append(UInt8(ascii: "]"))
  }

  static func normalized(_ number: String) throws(NoncanonicalReason) -> String {
    switch DecimalNumber.normalize(number) {
    case .success(let plain): return plain
    case .failure(let problem): throw NoncanonicalReason("number \"\(number)\": \(problem.description)")
    }
  }

  package static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Writes a JSON string with RFC 8785 escaping.
  /// Attribute names as they appear in canonical JSON, quoted and escaped: what to compare
  /// member names against when cutting values out of stored items.
  package static func quoted(_ names: [String]) -> [[UInt8]] {
    names.map { name in
      var quoted: [UInt8] = []
      writeString(Array(name.utf8), to: &quoted)
      return quoted
    }
  }

  package static func writeString(_ s: [UInt8], to out: inout [UInt8]) {
    s.withUnsafeBufferPointer { writeString($0, to: &out) }
  }

  static func writeString(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    // Most strings need no escaping: copy them in one go.
    if !s.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(UInt8(ascii: "\""))
      out.append(contentsOf: s)
      out.append(UInt8(ascii: "\""))
      return
    }
    out.append(UInt8(ascii: "\""))
    for c in s {
      switch c {
      case 0x22: out.append(0x5C); out.append(0x22)
      case 0x5C: out.append(0x5C); out.append(0x5C)
      case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
      case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
      case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
      case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
      case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
      case 0..<0x20:
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
        out.append(hexDigits[Int(c >> 4)])
        out.append(hexDigits[Int(c & 0xF)])
      default: out.append(c)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
