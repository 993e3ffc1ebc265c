import ArgumentParser
import Foundation
import DDBAuditReports

/// `--bom`/`--no-bom`, `--no-formula-escape` and `--lf`: CSV details. Report CSVs start with a
/// UTF-8 byte order mark by default, so that Excel on Windows opens them as UTF-8 when they are
/// double-clicked; data CSVs (query, verify, retention) do not, for the tools that read them.
struct CSVFlags: ParsableArguments {
  @Flag(
    name: .long, inversion: .prefixedNo,
    help: "Start CSV files with a UTF-8 byte order mark, which Excel on Windows needs to read UTF-8 (default: on for report, off for data CSVs).")
  var bom: Bool? = nil

  @Flag(name: .long, help: "Do not prefix text cells starting with = + - @ TAB CR LF with ' (formula-injection guard; on by default).")
  var noFormulaEscape = false

  @Flag(name: .long, help: "End CSV lines with LF instead of CRLF.")
  var lf = false

  /// The options, with `bomByDefault` when neither --bom nor --no-bom is given.
  func options(bomByDefault: Bool = false) -> CSVOptions {
    var o = CSVOptions()
    o.bom = bom ?? bomByDefault
    o.formulaEscape = !noFormulaEscape
    o.crlf = !lf
    return o
  }
}
