/// Fault injection for the crash-recovery tests: set once, before any import starts, by the
/// test-only `ddbaudit-faulty` binary (Tests/FaultyCLI), and never by `ddbaudit` itself.
package enum ImportFaults {
  /// Kill the process (SIGKILL) once this many items are written, mid-transaction.
  nonisolated(unsafe) package static var killAfterItems: Int64?
}
