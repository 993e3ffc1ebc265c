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

  package init(table: String, profile: String, identity: String, kind: ImportKind, time: Int64, verified: Bool, items: Int64) {
    self.table = table
    self.profile = profile
    self.identity = identity
    self.kind = kind
    self.time = time
    self.verified = verified
    self.items = items
  }
}
