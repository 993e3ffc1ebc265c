/// One value of a row in a query or report, typed for the output formats: CSV writes its
/// text, XLSX its native cell type, JSON its JSON value.
package enum Cell: Sendable, Equatable {
  case empty
  case text(String)
  /// An exact decimal (DynamoDB N), as normalised text.
  case number(String)
  case bool(Bool)
  /// An instant, in milliseconds since 1970 (UTC).
  case time(Int64)
  /// A nested value (M, L, sets), as compact plain JSON.
  case json(JSONValue)

  /// The cell for a top-level attribute value.
  package init(_ value: AttributeValue?) {
    switch value {
    case nil, .null?: self = .empty
    case .string(let s)?: self = .text(String(decoding: s, as: UTF8.self))
    case .number(let n)?: self = .number((try? DecimalNumber.normalize(n).get()) ?? n)
    case .bool(let b)?: self = .bool(b)
    case .binary(let b)?: self = .text(CanonicalForm.base64(b))
    case let other?: self = .json(PlainJSON.value(other))
    }
  }

  /// The text CSV writes (and XLSX writes for text cells).
  package var text: String {
    switch self {
    case .empty: ""
    case .text(let s), .number(let s): s
    case .bool(let b): b ? "true" : "false"
    case .time(let ms): Timestamp.iso8601(milliseconds: ms)
    case .json(let v): v.text()
    }
  }

  /// The JSON value: numbers as JSON numbers only when they are safe integers.
  package var json: JSONValue {
    switch self {
    case .empty: .null
    case .text(let s): .string(s)
    case .number(let n): PlainJSON.number(n)
    case .bool(let b): .bool(b)
    case .time(let ms): .string(Timestamp.iso8601(milliseconds: ms))
    case .json(let v): v
    }
  }
}

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
