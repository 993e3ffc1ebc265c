import Foundation

/// Decodes JSON bytes read from `path`, naming the file in every error (`badInput`, exit 2).
package func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, path: String, what: String) throws -> T {
  do { return try JSONDecoder().decode(type, from: data) } catch {
    if let syntax = jsonSyntaxProblem(data) { throw DDBAuditError.badInput(path: path, line: syntax.line, message: "not a valid \(what): \(syntax.message)") }
    throw DDBAuditError.badInput(path: path, line: nil, message: "not a valid \(what): \(describe(decodingError: error))")
  }
}

package func describe(decodingError error: Error) -> String {
  switch error {
  case DecodingError.keyNotFound(let key, let context):
    return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
  case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
    return "\(path(context.codingPath)) must be \(kind(type))"
  case DecodingError.dataCorrupted(let context):
    return context.debugDescription
  default:
    return "\(error)"
  }
}

/// `a string`, `a whole number`, … for a type a config member must have.
private func kind(_ type: Any.Type) -> String {
  switch type {
  case is String.Type: "a string"
  case is Int.Type, is Int64.Type: "a whole number"
  case is Double.Type: "a number"
  case is Bool.Type: "true or false"
  case is [String].Type: "a list of strings"
  default: type is any Collection.Type ? "a list" : "an object"
  }
}

private func path(_ keys: [CodingKey]) -> String {
  keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}
