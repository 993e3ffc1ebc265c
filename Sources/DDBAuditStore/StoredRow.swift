import DDBSQLite
import Foundation
import DDBAuditModel

/// One stored item as queries and reports read it: keys, times and the canonical JSON.
///
/// Four types read or write the `items` table, one per use, each with only the columns that use
/// needs: `StoredItem` (written by an import), `StoredRow` (read by queries and reports, with
/// the item's JSON), `ItemVersion` (read by verify to compare successive imports: the JSON of each
/// version and when imports first and last saw it) and `ChainRow` (read by verify to walk a chain,
/// with `seq`, `prevHash` and `hash`). docs/architecture.md follows them.
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
