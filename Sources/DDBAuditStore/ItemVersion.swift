import DDBSQLite

/// One version of an item, for cross-export comparison.
package struct ItemVersion: Sendable {
  package var id: Int64
  package var item: [UInt8]
  package var noncanonical: String?
  package var firstSeen: Int64
  package var lastSeen: Int64
  package var chainID: String?
  package var seq: Int64?
  package var current: Bool
}
