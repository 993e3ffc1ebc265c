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
