import DDBSQLite
import Foundation
import DDBAuditModel

/// One stored item as queries and reports read it.
package struct StoredRow: Sendable {
  package var pk: String
  package var sk: String
  package var recordTime: Int64?
  package var ttl: Int64?
  /// Canonical DynamoDB JSON, or the raw line when `noncanonical`.
  package var json: [UInt8]
  package var noncanonical: Bool

  /// The decoded item.
  package func item() throws -> Item { try Self.decode(json, noncanonical: noncanonical, what: "\(pk)/\(sk)") }

  /// Decodes an item as the store keeps it: canonical JSON, or (when `noncanonical`) the raw
  /// export line, with or without its `Item` wrapper.
  package static func decode(_ json: [UInt8], noncanonical: Bool, what: String) throws -> Item {
    do {
      return try json.withUnsafeBufferPointer {
        try DynamoJSONDecoder.decodeItemLine($0, wrapper: noncanonical ? .optional : .none).item
      }
    } catch {
      throw DDBAuditError.corruptStore(path: "store item \(what)", message: "cannot decode the stored item: \(error)")
    }
  }
}
