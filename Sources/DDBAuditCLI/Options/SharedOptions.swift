import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditImport
import DDBAuditChecks
import DDBAuditReports
import DDBAuditNightly

/// `--db`: the store every command reads and `import` writes.
struct StoreOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("The SQLite store (default: $DDBAUDIT_DB, else ./ddbaudit.sqlite).", valueName: "file"))
  var db: String?

  var path: String {
    if let db { return db }
    if let env = ProcessInfo.processInfo.environment["DDBAUDIT_DB"], !env.isEmpty { return env }
    return "ddbaudit.sqlite"
  }

  func open(readOnly: Bool) throws -> AuditStore { try AuditStore(path: path, readOnly: readOnly) }
}

/// `--profiles`: extra table profiles on top of the built-in ones.
struct ProfileOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("A JSON profiles file describing more tables (default: $DDBAUDIT_PROFILES). See docs/profiles.md.", valueName: "file"))
  var profiles: String?

  func catalog() throws -> ProfileCatalog {
    let env = ProcessInfo.processInfo.environment["DDBAUDIT_PROFILES"].flatMap { $0.isEmpty ? nil : $0 }
    return try ProfileCatalog.load(profilesFile: profiles ?? env)
  }
}

/// `--quiet` and `--no-color`: how much goes to stderr, and how.
struct ConsoleOptions: ParsableArguments {
  @Flag(name: [.short, .long], help: "Print only errors on stderr: no progress, no warnings.")
  var quiet = false

  @Flag(name: .long, help: "Never colour stderr (also: NO_COLOR).")
  var noColor = false

  @Flag(name: .long, help: "Say more in errors: the SQL statement of a store error.")
  var verbose = false

  func configure() {
    Console.shared.configure(quiet: quiet, noColor: noColor, verbose: verbose)
  }
}

/// Text for people, or JSON for programs.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

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

extension Severity: ExpressibleByArgument {}

/// `--output`: where the data goes.
struct OutputOptions: ParsableArguments {
  @Option(name: [.short, .long], help: ArgumentHelp("Write to this file (atomically: complete or not at all) instead of stdout; - is stdout.", valueName: "file"))
  var output: String?

  func target() throws -> OutputTarget { try OutputTarget(path: output) }
}

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
