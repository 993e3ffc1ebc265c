import DDBAuditModel
import DDBAuditStore

/// One table as retention found it.
package struct RetentionTable: Sendable {
  package var name: String
  /// The profile, with the policy file and `--retention-days` applied.
  package var profile: TableProfile
  /// The import whose items were checked.
  package var source: ImportPoint
  package var items: Int64 = 0
  /// Items by TTL code (OK is `items` minus their sum).
  package var byCode: [FindingCode: Int64] = [:]
  /// Items whose key material is not a SHA-256 (API keys).
  package var unhashedKeys: Int64 = 0
  package var ok: Int64 { items - byCode.values.reduce(0, +) }
}
