import DDBSQLite

/// One version of an item, as verify compares successive imports.
///
/// Four types read or write the `items` table, one per use, each with only the columns that use
/// needs: `StoredItem` (written by an import), `StoredRow` (read by queries and reports, with
/// the item's JSON), `ItemVersion` (read by verify to compare successive imports: the JSON of each
/// version and when imports first and last saw it) and `ChainRow` (read by verify to walk a chain,
/// with `seq`, `prevHash` and `hash`). docs/architecture.md follows them.
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
