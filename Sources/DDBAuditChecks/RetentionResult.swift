import DDBAuditModel

/// The result of `ddbaudit retention`.
package struct RetentionResult: Sendable {
  package var asOf: Int64
  package var tables: [RetentionTable]
  /// Every finding, in `Finding.ordered` order.
  package var findings: [Finding]
  /// The shard the store holds (docs/scale.md); nil for whole tables.
  package var shard: Shard? = nil
}
