/// Fault injection for the atomicity tests: set once, before any report runs, by the
/// test-only `ddbaudit-faulty` binary (Tests/FaultyCLI), and never by `ddbaudit` itself.
package enum ReportFaults {
  /// Fail the report after writing this many rows, as a full disk would.
  nonisolated(unsafe) package static var failAfterRows: Int64?
}
