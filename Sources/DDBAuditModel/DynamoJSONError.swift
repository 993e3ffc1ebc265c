/// Why a line of DynamoDB JSON could not be read. The message names the attribute path.
package struct DynamoJSONError: Error, Equatable, Sendable, CustomStringConvertible {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }

}

/// A name for a message, as JSON writes it: quoted, with control characters escaped so that
/// a NUL or an escape sequence never reaches the terminal raw.
package func quote(_ name: [UInt8]) -> String {
  var out: [UInt8] = []
  CanonicalForm.writeString(name, to: &out)
  return String(decoding: out, as: UTF8.self)
}

extension DynamoJSONError {
  /// Prefixes the attribute path: `attribute "details.region": …`.
  package func at(_ name: [UInt8]) -> DynamoJSONError {
    let plain = String(decoding: name, as: UTF8.self)
    let prefix = "attribute \""
    if message.hasPrefix(prefix) {
      return DynamoJSONError(prefix + plain + "." + message.dropFirst(prefix.count))
    }
    return DynamoJSONError("attribute \"\(plain)\": " + message)
  }
}
