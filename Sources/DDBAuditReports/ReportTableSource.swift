import DDBAuditModel

/// Where a report's rows came from: one table's current state.
package struct ReportTableSource: Sendable, Equatable {
  package var table: String
  package var profile: String
  /// The import whose items are the table's current state.
  package var identity: String
  package var kind: ImportKind
  package var time: Int64
  package var verified: Bool
  package var items: Int64
}
