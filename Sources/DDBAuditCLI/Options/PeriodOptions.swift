import ArgumentParser
import Foundation
import DDBAuditModel

/// `--from`, `--to`, `--period` and `--since`: which records, by their record time.
struct PeriodOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Start of the period, inclusive: an ISO 8601 date or date-time with Z or an offset.", valueName: "time"))
  var from: String?

  @Option(name: .long, help: ArgumentHelp("End of the period, exclusive.", valueName: "time"))
  var to: String?

  @Option(name: .long, help: ArgumentHelp("A calendar period in UTC: 2025, 2025-Q1, 2025-01 or 2025-01-31.", valueName: "period"))
  var period: String?

  @Option(name: .long, help: ArgumentHelp("The span before --as-of (or now): 24h, 7d, 90d.", valueName: "span"))
  var since: String?

  func resolve(asOf: Int64) throws -> Period {
    try Period.resolve(from: from, to: to, period: period, since: since, asOf: asOf)
  }
}
