import Foundation
import DDBAuditModel

/// What to query: a table's current items in a period, filtered by top-level attributes.
package struct QueryOptions: Sendable {
  package var table: String
  package var period: Period = .all
  package var asOf: Int64
  /// `ATTR=VALUE` filters: indexed attributes go through the table's index.
  package var filters: [(name: String, value: String)] = []
  /// The columns; nil means every top-level attribute found (key attributes first).
  package var columns: [String]? = nil
  package var format: QueryFormat = .csv
  package var csv = CSVOptions()
  package init(table: String, asOf: Int64) {
    self.table = table
    self.asOf = asOf
  }
}
