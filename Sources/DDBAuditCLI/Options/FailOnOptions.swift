import ArgumentParser
import Foundation
import DDBAuditModel

/// `--fail-on` and `--exit-zero`: which findings make the exit code 1.
struct FailOnOptions: ParsableArguments {
  @Option(name: .long, help: "Exit 1 when a finding is at or above this severity: critical, error, warning or info.")
  var failOn: Severity = .error

  @Flag(name: .long, help: "Exit 0 even when there are findings (they are still reported).")
  var exitZero = false

  /// Throws `ExitCode(1)` when `findings` break the threshold.
  func exit(for findings: [Finding]) throws {
    if !exitZero && findings.any(atOrAbove: failOn) { throw ExitCode(1) }
  }
}
