/// DynamoDB values as plain JSON: maps as objects, lists and sets as arrays, binaries as
/// base64, numbers as JSON numbers only when they are integers JavaScript holds exactly
/// (|n| ≤ 2^53 − 1), otherwise as strings, so no consumer ever rounds one.
package enum PlainJSON {
  package static func value(_ value: AttributeValue) -> JSONValue {
    switch value {
    case .string(let s): .string(String(decoding: s, as: UTF8.self))
    case .number(let n): number((try? DecimalNumber.normalize(n).get()) ?? n)
    case .binary(let b): .string(CanonicalForm.base64(b))
    case .bool(let b): .bool(b)
    case .null: .null
    case .map(let m): object(m)
    case .list(let l): .array(l.map(Self.value))
    case .stringSet(let e): .array(e.map { .string(String(decoding: $0, as: UTF8.self)) })
    case .numberSet(let e): .array(e.map { number((try? DecimalNumber.normalize($0).get()) ?? $0) })
    case .binarySet(let e): .array(e.map { .string(CanonicalForm.base64($0)) })
    }
  }

  /// An item or map as an object, members in UTF-16 order of their names.
  package static func object(_ map: AttributeMap) -> JSONValue {
    let sorted = map.entries.sorted { UTF16Order.less($0.name, $1.name) }
    return .object(sorted.map { (String(decoding: $0.name, as: UTF8.self), value($0.value)) })
  }

  /// A normalised decimal: a JSON number when it is a safe integer, else a string.
  package static func number(_ plain: String) -> JSONValue {
    if let v = Int64(plain), v.magnitude <= 9_007_199_254_740_991 { return .int(v) }
    return .string(plain)
  }
}
