import Foundation
import DDBAuditModel

/// The counts at the top of a verification.
package struct VerifySummary: Sendable, Equatable {
  package var tables = 0
  package var chainedTables = 0
  package var chains = 0
  /// Current records of chained tables.
  package var records: Int64 = 0
  /// Chains with no finding above `info`.
  package var intactChains = 0
  /// Current items of tables without chains (compared across exports only).
  package var unchainedItems: Int64 = 0
  package var findingsByCode: [FindingCode: Int] = [:]
  package var findingsBySeverity: [Severity: Int] = [:]
}
