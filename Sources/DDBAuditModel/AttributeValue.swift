/// A DynamoDB attribute value exactly as an export carries it.
///
/// Strings and names are kept as their UTF-8 bytes, so two names that Swift's `String`
/// would call equal ("é" and "e\u{301}") stay distinct. Numbers keep the decimal text
/// they were written with; binaries hold the decoded bytes.
package enum AttributeValue: Sendable, Equatable {
  case string([UInt8])
  case number(String)
  case binary([UInt8])
  case bool(Bool)
  case null
  case map(AttributeMap)
  case list([AttributeValue])
  case stringSet([[UInt8]])
  case numberSet([String])
  case binarySet([[UInt8]])

  /// The type descriptor DynamoDB JSON uses for this value ("S", "N", "M", …).
  package var descriptor: String {
    switch self {
    case .string: "S"
    case .number: "N"
    case .binary: "B"
    case .bool: "BOOL"
    case .null: "NULL"
    case .map: "M"
    case .list: "L"
    case .stringSet: "SS"
    case .numberSet: "NS"
    case .binarySet: "BS"
    }
  }

  /// The string of an `S` value.
  package var stringValue: String? {
    if case .string(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
    return nil
  }

  /// The text of an `N`, as stored.
  package var numberText: String? {
    if case .number(let text) = self { return text }
    return nil
  }
}

/// One DynamoDB item: a map of top-level attributes.
package typealias Item = AttributeMap
