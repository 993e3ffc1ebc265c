import Foundation

/// Writes items as DynamoDB JSON in the order their attributes were given, numbers as written.
/// (For the canonical form, use `CanonicalForm`.)
package enum DynamoJSONEncoder {
  package static func encode(_ item: Item) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(512)
    writeMap(item, to: &out)
    return out
  }

  /// One typed value: `{"S":"…"}`.
  package static func encodeValue(_ value: AttributeValue) -> [UInt8] {
    var out: [UInt8] = []
    writeValue(value, to: &out)
    return out
  }

  static func writeMap(_ map: AttributeMap, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "{"))
    for (k, entry) in map.entries.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      CanonicalForm.writeString(entry.name, to: &out)
      out.append(UInt8(ascii: ":"))
      writeValue(entry.value, to: &out)
    }
    out.append(UInt8(ascii: "}"))
  }

  static func writeValue(_ value: AttributeValue, to out: inout [UInt8]) {
    out.append(contentsOf: "{\"\(value.descriptor)\":".utf8)
    switch value {
    case .string(let s): CanonicalForm.writeString(s, to: &out)
    case .number(let n): CanonicalForm.writeString(Array(n.utf8), to: &out)
    case .binary(let b): CanonicalForm.writeString(Array(CanonicalForm.base64(b).utf8), to: &out)
    case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
    case .null: out.append(contentsOf: "true".utf8)
    case .map(let m): writeMap(m, to: &out)
    case .list(let values):
      out.append(UInt8(ascii: "["))
      for (k, v) in values.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        writeValue(v, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .stringSet(let e): writeStrings(e, to: &out)
    case .numberSet(let e): writeStrings(e.map { Array($0.utf8) }, to: &out)
    case .binarySet(let e): writeStrings(e.map { Array(CanonicalForm.base64($0).utf8) }, to: &out)
    }
    out.append(UInt8(ascii: "}"))
  }

  private static func writeStrings(_ elements: [[UInt8]], to out: inout [UInt8]) {
    out.append(UInt8(ascii: "["))
    for (k, e) in elements.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      CanonicalForm.writeString(e, to: &out)
    }
    out.append(UInt8(ascii: "]"))
  }
}

extension AttributeMap {
  /// Builds a map from `String` names, in order.
  package init(_ pairs: KeyValuePairs<String, AttributeValue>) {
    self.init(pairs.map { (Array($0.key.utf8), $0.value) })
  }

  /// Sets (replacing) or appends the attribute `name`.
  package mutating func set(_ name: String, _ value: AttributeValue) {
    let key = Array(name.utf8)
    if let i = entries.firstIndex(where: { $0.name == key }) { entries[i].value = value } else {
      entries.append((key, value))
    }
  }

  /// Removes the attribute `name`, if present.
  package mutating func remove(_ name: String) {
    let key = Array(name.utf8)
    entries.removeAll { $0.name == key }
  }
}

extension AttributeValue {
  /// An `S` value.
  package static func s(_ text: String) -> AttributeValue { .string(Array(text.utf8)) }
  /// An `N` value.
  package static func n(_ value: some BinaryInteger) -> AttributeValue { .number(String(value)) }
}
