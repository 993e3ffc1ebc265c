import DDBAuditStore

/// Receives every row verify walks, in the walk's order (chain id as stored, then seq), so
/// that a caller can build something from the same pass over the store: `checkpoint` appends
/// each new record to its log while verify checks it.
package protocol ChainRowSink: AnyObject, Sendable {
  func add(table: String, row: ChainRow)
}
