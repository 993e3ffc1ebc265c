import Foundation

/// The members a JSON config file (`run --config`, `--policy`, `--profiles`) may have, checked
/// before it is decoded: an unknown key is an error that names it, its line and the nearest
/// known key; a value outside a fixed set lists the valid ones. A misspelt `"failOn"` must not
/// silently fall back to the default.
package indirect enum ConfigShape: Sendable {
  /// An object with exactly these keys (each optional); `members` shapes some of their values.
  case object(keys: [String], members: [String: ConfigShape] = [:])
  /// An object with any keys (table names, finding codes), each value of one shape.
  case map(ConfigShape)
  case array(ConfigShape)
  /// A string from a fixed set.
  case choice([String])
  /// Anything; the decoder checks its type.
  case any

  /// An object whose keys are those of a `CodingKeys` enum.
  package static func keys<K: CodingKey & CaseIterable>(_: K.Type, _ members: [String: ConfigShape] = [:]) -> ConfigShape {
    .object(keys: K.allCases.map(\.stringValue), members: members)
  }

  /// The severities, as a choice.
  package static let severity = ConfigShape.choice(Severity.allCases.map(\.rawValue))

  /// Parses `data` (the file at `path`) and checks it against this shape.
  package func check(_ data: Data, path: String, what: String) throws {
    if let syntax = jsonSyntaxProblem(data) { throw DDBAuditError.badInput(path: path, line: syntax.line, message: "not a valid \(what): \(syntax.message)") }
    guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
    let text = String(decoding: data, as: UTF8.self)
    try check(value, at: [], in: text, path: path, what: what)
  }

  private func check(_ value: Any, at location: [String], in text: String, path: String, what: String) throws {
    func fail(_ message: String, key: String?) -> DDBAuditError {
      // `formats[1]` is found on the line of `"formats":`.
      let name = key.map { String($0.prefix { $0 != "[" }) }
      return DDBAuditError.badInput(path: path, line: name.flatMap { Self.line(of: $0, in: text) }, message: "not a valid \(what): \(message)")
    }
    let here = location.isEmpty ? "the top level" : "\"\(location.joined(separator: "."))\""
    switch self {
    case .any: return
    case .choice(let options):
      guard let string = value as? String, options.contains(string) else {
        let shown = (value as? String).map { "\"\($0)\"" } ?? "\(value)"
        throw fail("\(here) is \(shown); use one of \(options.joined(separator: ", "))", key: location.last)
      }
    case .array(let element):
      guard let array = value as? [Any] else { throw fail("\(here) must be a list", key: location.last) }
      for (n, item) in array.enumerated() {
        try element.check(item, at: Array(location.dropLast()) + ["\(location.last ?? "")[\(n)]"], in: text, path: path, what: what)
      }
    case .map(let element):
      guard let object = value as? [String: Any] else { throw fail("\(here) must be an object", key: location.last) }
      for key in object.keys.sorted() { try element.check(object[key]!, at: location + [key], in: text, path: path, what: what) }
    case .object(let keys, let members):
      guard let object = value as? [String: Any] else { throw fail("\(here) must be an object", key: location.last) }
      for key in object.keys.sorted() {
        guard keys.contains(key) else {
          let hint = Self.nearest(key, in: keys).map { "; did you mean \"\($0)\"?" } ?? ""
          throw fail("unknown key \"\(key)\" \(location.isEmpty ? "at" : "in") \(here)\(hint) (known: \(keys.joined(separator: ", ")))", key: key)
        }
        try (members[key] ?? .any).check(object[key]!, at: location + [key], in: text, path: path, what: what)
      }
    }
  }

  /// The 1-based line of the first `"key":` in `text`.
  package static func line(of key: String, in text: String) -> Int? {
    let needle = "\"\(key)\""
    var line = 1
    var rest = Substring(text)
    while let range = rest.range(of: needle) {
      line += rest[..<range.lowerBound].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
      let after = rest[range.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
      if after.first == ":" { return line }
      line += rest[range].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
      rest = rest[range.upperBound...]
    }
    return nil
  }

  /// The known key closest to `key` by edit distance (ignoring case), if it is close enough
  /// to be a likely misspelling.
  package static func nearest(_ key: String, in keys: [String]) -> String? {
    let lowered = Array(key.lowercased().unicodeScalars)
    var best: (String, Int)? = nil
    for candidate in keys {
      let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars))
      if distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    guard let best, best.1 <= max(2, lowered.count / 3) else { return nil }
    return best.0
  }

  static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}

/// Where a JSON document stops being JSON, for messages: the line (1-based) and what is wrong,
/// with the column. Nil when `data` is valid JSON. Foundation's decoder says only "not valid
/// JSON"; its parser gives a character offset, which this turns into a line and column.
package func jsonSyntaxProblem(_ data: Data) -> (line: Int, message: String)? {
  do {
    _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    return nil
  } catch {
    let detail = ((error as NSError).userInfo["NSDebugDescription"] as? String) ?? "not valid JSON"
    guard let range = detail.range(of: "around character "),
      let offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
    else {
      // "Unexpected end of file": the last line is where it ends.
      let lines = data.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } - (data.last == 0x0A ? 1 : 0)
      return (max(1, lines), "not valid JSON: \(detail)")
    }
    let bytes = [UInt8](data.prefix(offset))
    let line = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    let column = offset - (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
    let what = detail[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    return (line, "not valid JSON at column \(column): \(what.isEmpty ? "invalid" : what)")
  }
}
