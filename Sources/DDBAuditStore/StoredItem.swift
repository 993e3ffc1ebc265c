import Foundation

/// An item ready for the store: what an import writes to `items`.
///
/// Four types read or write the `items` table, one per use, each with only the columns that use
/// needs: `StoredItem` (written by an import), `StoredRow` (read by queries and reports, with
/// the item's JSON), `ItemVersion` (read by verify to compare successive imports: the JSON of each
/// version and when imports first and last saw it) and `ChainRow` (read by verify to walk a chain,
/// with `seq`, `prevHash` and `hash`). docs/architecture.md follows them.
package struct StoredItem: Sendable {
  package var pk: String
  package var sk: String
  package var recordTime: Int64?
  package var ttl: Int64?
  package var ix1: String?
  package var ix2: String?
  /// Canonical JSON bytes, or the raw JSON when `noncanonical` is set.
  package var json: [UInt8]
  package var noncanonical: String?
  /// The chain attributes, for chained tables (nil otherwise).
  package var chain: ChainFields?

  package init(pk: String, sk: String, recordTime: Int64? = nil, ttl: Int64? = nil, ix1: String? = nil, ix2: String? = nil, json: [UInt8], noncanonical: String? = nil, chain: ChainFields? = nil) {
    self.pk = pk
    self.sk = sk
    self.recordTime = recordTime
    self.ttl = ttl
    self.ix1 = ix1
    self.ix2 = ix2
    self.json = json
    self.noncanonical = noncanonical
    self.chain = chain
  }
}
