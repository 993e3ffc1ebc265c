/// A JSON value with ordered object members, written deterministically: the same value
/// always gives the same bytes.
package indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  /// A number written exactly as given (already a valid JSON number).
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  package static func == (a: JSONValue, b: JSONValue) -> Bool { a.bytes() == b.bytes() }

  /// The JSON text: compact, or indented by two spaces per level when `pretty`.
  package func bytes(pretty: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    write(to: &out, pretty: pretty, level: 0)
    return out
  }

  package func text(pretty: Bool = false) -> String { String(decoding: bytes(pretty: pretty), as: UTF8.self) }

  package func write(to out: inout [UInt8], pretty: Bool, level: Int) {
    func newline(_ level: Int) {
      guard pretty else { return }
      out.append(0x0A)
      out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }
    switch self {
    case .null: out += Array("null".utf8)
    case .bool(let b): out += Array((b ? "true" : "false").utf8)
    case .int(let i): out += Array(String(i).utf8)
    case .number(let n): out += Array(n.utf8)
    case .string(let s): CanonicalForm.writeString(Array(s.utf8), to: &out)
    case .array(let elements):
      out.append(UInt8(ascii: "["))
      for (k, element) in elements.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        newline(level + 1)
        element.write(to: &out, pretty: pretty, level: level + 1)
      }
      if !elements.isEmpty { newline(level) }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (k, member) in members.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        newline(level + 1)
        CanonicalForm.writeString(Array(member.0.utf8), to: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(UInt8(ascii: " ")) }
        member.1.write(to: &out, pretty: pretty, level: level + 1)
      }
      if !members.isEmpty { newline(level) }
      out.append(UInt8(ascii: "}"))
    }
  }
}

extension JSONValue: ExpressibleByStringLiteral {
  package init(stringLiteral value: String) { self = .string(value) }
}

extension Optional where Wrapped == Int64 {
  /// The integer, or JSON null.
  package var json: JSONValue { map(JSONValue.int) ?? .null }
}
