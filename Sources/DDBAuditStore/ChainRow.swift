import DDBSQLite

/// One stored version of a chained record, in chain order.
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
  package var lastSeen: Int64
  /// The latest import saw this version.
  package var current: Bool
  /// The latest import saw some version of this key (always true when `current`).
  package var keyCurrent: Bool
  /// The canonical JSON, for current, canonical rows (the only ones verify hashes).
  package var item: [UInt8]
}
