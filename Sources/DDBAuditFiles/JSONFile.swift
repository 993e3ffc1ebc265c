import Foundation
import DDBAuditModel

/// Reads and decodes a JSON file given on the command line, naming it in every error: `io`
/// when it cannot be read, `badInput` (exit 2) when it is not a valid `what`.
/// With `shape`, unknown keys and values outside a fixed set are refused first, by name.
package func decodeJSONFile<T: Decodable>(_ type: T.Type, path: String, what: String, shape: ConfigShape? = nil) throws -> T {
  let data = try InputFile.text(path)
  try shape?.check(data, path: path, what: what)
  return try decodeJSON(type, from: data, path: path, what: what)
}

