import Crypto
import Foundation
import DDBAuditModel
import DDBAuditChecks

/// Settings of one report run.
package struct ReportOptions: Sendable {
  package var period: Period = .all
  package var asOf: Int64
  /// The time the header gives as generated-at (the wall clock, unless `--as-of` pins it).
  package var generatedAt: Int64
  package var formats: [ReportFormat] = [.csv, .xlsx, .json]
  package var outputDirectory: String = "."
  /// Report CSVs carry a UTF-8 byte order mark, for Excel on Windows (docs/reports.md).
  package var csv: CSVOptions = {
    var options = CSVOptions()
    options.bom = true
    return options
  }()
  /// Above this many evidence rows, XLSX is written in constant-memory mode.
  package var xlsxConstantMemoryThreshold: Int64 = XLSXReportSink.constantMemoryRows
  /// The policy for a `retention` report (its `asOf` is replaced by the report's).
  package var retention: RetentionOptions? = nil
  /// The file name stem instead of `NAME_FROM_TO` (the nightly job names its files by day, so
  /// that a second run the same day replaces them).
  package var fileStem: String? = nil
  /// The Cognito user pool an `access-review` report reads (default: the store's only one).
  package var userPool: String? = nil
  /// Evidence rows per XLSX sheet (Excel's limit; smaller only in tests).
  var xlsxRowsPerSheet = 1_048_575

  package init(asOf: Int64, generatedAt: Int64) {
    self.asOf = asOf
    self.generatedAt = generatedAt
  }
}
