
/// Counts that add up: `imported = inPeriod + outOfPeriod`, `inPeriod = rendered + filtered`.
package struct ReportSummary: Sendable {
  package var imported: Int64 = 0
  package var inPeriod: Int64 = 0
  package var outOfPeriod: Int64 = 0
  package var rendered: Int64 = 0
  package var filtered: Int64 = 0
  /// Cells longer than Excel's limit (truncated in the XLSX copy only).
  package var truncatedCells: Int64 = 0
  /// Per group of the definition: the values and their counts, in value order.
  package var groups: [(title: String, by: [String], counts: [(values: [String], count: Int64)])] = []
}
