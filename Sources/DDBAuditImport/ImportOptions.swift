import Foundation
import DDBAuditModel
import DDBAuditFiles

/// Settings of one `ddbaudit import` run.
package struct ImportOptions: Sendable {
  /// Import even when a checksum or count does not match, recording the import as unverified.
  package var allowUnverified = false
  /// Import the valid lines and reject the others (to `rejectsPath`) instead of failing.
  package var skipInvalid = false
  /// Where rejected lines go, with their reasons, as JSON lines.
  package var rejectsPath: String? = nil
  /// Overrides the table name an export carries.
  package var table: String? = nil
  /// Overrides the profile matched by table name.
  package var profile: String? = nil
  /// The table's keys (and indexes, TTL) from `--describe` or `--key`, for a table no profile
  /// describes; checked against the profile when one does.
  package var shape: TableShape? = nil
  /// The format, instead of detecting it.
  package var format: ImportFormat? = nil
  /// When a scan, pipeline or JSON-lines snapshot was taken (ms); default: the import's time.
  package var snapshotTime: Int64? = nil
  /// The longest line and the largest inflation ratio an input may have.
  package var limits = InputLimits()
  /// Keep only the chains (unchained tables: the partition keys) of this shard (docs/scale.md).
  package var shard: Shard? = nil
  /// The user pool a Cognito snapshot belongs to, when its files do not name it.
  package var userPool: String? = nil
  package init() {}
}
