import ArgumentParser
import Foundation
import DDBAuditModel

/// `--as-of`: the "now" of a command, so that its output is reproducible.
struct AsOfOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Judge as of this time instead of now: an ISO 8601 date (2026-11-21) or date-time with Z or an offset. Pins relative ranges and ages; the same store and --as-of give the same output.",
      valueName: "time"))
  var asOf: String?

  func validate() throws {
    if let asOf, Timestamp.parseISO8601(asOf) == nil {
      throw ValidationError("--as-of \"\(asOf)\" is not an ISO 8601 date or date-time with Z or an offset (e.g. 2026-11-21T06:00:00Z)")
    }
  }

  /// Milliseconds since 1970.
  var milliseconds: Int64 {
    asOf.flatMap(Timestamp.parseISO8601) ?? Timestamp.now()
  }
}
