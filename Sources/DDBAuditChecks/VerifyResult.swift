import Foundation
import DDBAuditModel

/// The result of `ddbaudit verify`.
package struct VerifyResult: Sendable {
  package var asOf: Int64
  package var summary: VerifySummary
  package var tables: [VerifiedTable]
  /// Every chain walked, by table then chain (UTF-16 order).
  package var chains: [ChainStatus]
  /// Every finding, in `Finding.ordered` order.
  package var findings: [Finding]
  /// The shard the store holds (docs/scale.md); nil for whole tables.
  package var shard: Shard? = nil
}
