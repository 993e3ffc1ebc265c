import DDBAuditModel

/// Settings of one retention check.
package struct RetentionOptions: Sendable {
  /// Only this table (all tables when nil).
  package var table: String?
  package var asOf: Int64
  /// Overrides from a policy file.
  package var policy: RetentionPolicyFile?
  /// A fixed minimum in days instead of calendar years, for every table that has a minimum.
  package var retentionDays: Int?

  package init(table: String? = nil, asOf: Int64) {
    self.table = table
    self.asOf = asOf
  }
}
