import DDBSQLite

/// One stored version of a chained record, in chain order, as verify walks its chain.
///
/// Four types read or write the `items` table, one per use, each with only the columns that use
/// needs: `StoredItem` (written by an import), `StoredRow` (read by queries and reports, with
/// the item's JSON), `ItemVersion` (read by verify to compare successive imports: the JSON of each
/// version and when imports first and last saw it) and `ChainRow` (read by verify to walk a chain,
/// with `seq`, `prevHash` and `hash`). docs/architecture.md follows them.
package struct ChainRow: Sendable {
  var id: Int64
  package var pk: String
  package var sk: String
  package var chainID: String
  package var seq: Int64?
  package var prevHash: String?
  package var hash: String?
  package var unchained: String?
  package var noncanonical: String?
  package var recordTime: Int64?
  package var ttl: Int64?
  /// When an import last saw this version (ms): derived from its spans (docs/store.md); for a
  /// current version, the latest import's point in time.
  package var lastSeen: Int64
  /// The latest import saw this version.
  package var current: Bool
  /// The latest import saw some version of this key (always true when `current`).
  package var keyCurrent: Bool
  /// The canonical JSON, for current, canonical rows (the only ones verify hashes).
  package var item: [UInt8]
}
