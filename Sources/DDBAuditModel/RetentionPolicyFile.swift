import Foundation

/// A retention policy file (`--policy`): overrides for every table, then per table name or
/// profile name. See docs/retention.md and `Samples/retention-policy.json`.
///
/// ```json
/// {"defaults": {"graceDays": 3},
///  "tables": {"audit_logs": {"minimumDays": 2557}, "events": {"maximumDays": 14}}}
/// ```
package struct RetentionPolicyFile: Sendable, Decodable {
  package var defaults: RetentionOverrides?
  package var tables: [String: RetentionOverrides]?

  enum CodingKeys: String, CodingKey, CaseIterable { case defaults, tables }
  package static let shape = ConfigShape.keys(CodingKeys.self, ["defaults": RetentionOverrides.shape, "tables": .map(RetentionOverrides.shape)])

  /// Refuses overrides outside their bounds, naming the file read from `path`.
  package func validate(path: String) throws {
    if let problem = defaults?.problem("defaults") { throw DDBAuditError.badInput(path: path, line: nil, message: problem) }
    for (name, entry) in (tables ?? [:]).sorted(by: { $0.key < $1.key }) {
      if let problem = entry.problem("tables.\(name)") { throw DDBAuditError.badInput(path: path, line: nil, message: problem) }
    }
  }

  /// `profile` as the policy applies it to `table`: defaults, then the entry for the
  /// profile's name, then the one for the table's own name.
  package func apply(to profile: TableProfile, table: String) -> TableProfile {
    var profile = profile
    defaults?.apply(to: &profile)
    if profile.name != table { tables?[profile.name]?.apply(to: &profile) }
    tables?[table]?.apply(to: &profile)
    return profile
  }
}
