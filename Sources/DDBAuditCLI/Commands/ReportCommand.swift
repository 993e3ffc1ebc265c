import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditReports

extension DDBAuditCommand {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a compliance report (audit trail, retention, access review, …) as CSV, XLSX and JSON files.",
      discussion: """
        NAME is a report definition in Reports/ (see --list), or the path of a definition file. \
        Every file carries a header (the tables and the exports behind them, the period [from, to) \
        in UTC, as-of and generated-at times, the versions of ddbaudit, SQLite and libxlsxwriter), \
        summary counts that add up (imported = in period + out of period; in period = rendered + \
        filtered), the findings with their severity, and the evidence rows.

        All formats are written from one snapshot of the store, so their counts are equal. Each \
        file is written to a temporary name, fsynced and renamed: a failure leaves nothing under \
        the final name. An existing regular file is replaced (atomically); anything else at a path is \
        refused. The same store and --as-of give \
        byte-identical CSV and JSON (generated-at is then --as-of too) and identical XLSX cells.

        Files are named NAME_FROM_TO.FORMAT (NAME_asof_ASOF for a report over no period) in --output-dir; the written paths are printed on stdout.

        EXAMPLES
          ddbaudit report --list
          ddbaudit report audit-trail --period 2026-10 --output-dir reports
          ddbaudit report integrity --format json --output-dir reports
          ddbaudit report Reports/api-keys.json --format xlsx --as-of 2026-11-21 --output-dir reports
          ddbaudit report access-review --period 2026-11 --fail-on error --output-dir reports

        ACCESS REVIEW
        `access-review` joins the audit tables' actors with the Cognito user pool imported by \
        `ddbaudit import` (docs/access-review.md): a row per user, and findings such as \
        UNKNOWN_ACTOR, DISABLED_USER_ACTIVITY and READONLY_WRITE_ACTION. --user-pool picks the \
        pool when the store holds several.

        CI
        A report is evidence and exits 0 whatever it finds, unless --fail-on SEVERITY: then a \
        finding at or above it exits 1, after every file is written.

        DEFINITIONS
        The seven built-in reports are compiled into ddbaudit. A definition file of the same name in \
        --reports DIR, $DDBAUDIT_REPORTS or ./Reports (searched in that order) overrides one, and \
        any other file there adds a report.

        \(ExitStatus.help([.success, .findings] + ExitStatus.reading.filter { $0 != .success }, [.findings: "with --fail-on: a finding at or above it (the files are written)", .failure: "no store, an invalid definition, an output path that is not a regular file, or a runtime error"]))
        """)

    @Argument(help: ArgumentHelp("A report name (see --list) or a definition file.", valueName: "name|file"))
    var report: String?

    @Flag(name: .long, help: "List the available reports and exit.")
    var list = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var csvFlags: CSVFlags
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("Formats to write, comma-separated: csv, xlsx, json.", valueName: "list"))
    var format: String = "csv,xlsx,json"

    @Option(name: .long, help: ArgumentHelp("Where to write the files (created if missing).", valueName: "dir"))
    var outputDir: String = "."

    @Option(name: .long, help: ArgumentHelp("Look for report definitions here first (also: $DDBAUDIT_REPORTS).", valueName: "dir"))
    var reports: String?

    @Option(name: .long, help: ArgumentHelp("The Cognito user pool of an access-review (default: the store's only one).", valueName: "id"))
    var userPool: String?

    @Option(name: .long, help: "Exit 1 when a finding is at or above this severity (critical, error, warning, info); default: never.")
    var failOn: Severity?

    func formats() throws -> [ReportFormat] {
      var result: [ReportFormat] = []
      for part in format.split(separator: ",") {
        guard let f = ReportFormat(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
          throw ValidationError("--format: unknown format \"\(part)\"; use csv, xlsx and json")
        }
        if !result.contains(f) { result.append(f) }
      }
      if result.isEmpty { throw ValidationError("--format needs at least one of csv, xlsx, json") }
      return result
    }

    func validate() throws {
      _ = try formats()
      if !list && report == nil { throw ValidationError("name a report (ddbaudit report --list shows them)") }
    }

    func run() throws {
      console.configure()
      let catalog = ReportCatalog(explicit: reports, environment: Console.current.environment["DDBAUDIT_REPORTS"])
      if list {
        for (name, path) in catalog.available() {
          let definition = try? ReportDefinition.load(path: path)
          Console.current.print("\(name.padding(toLength: 20, withPad: " ", startingAt: 0))\(definition?.title ?? "(invalid definition)")  \(path)")
        }
        return
      }
      let loaded = try catalog.definition(report!)
      let definition = loaded.definition
      let now = Timestamp.now()
      var options = ReportOptions(asOf: asOf.milliseconds, generatedAt: asOf.asOf == nil ? now : asOf.milliseconds)
      options.period = try periodOptions.resolve(asOf: options.asOf)
      options.formats = try formats()
      options.outputDirectory = outputDir
      options.csv = csvFlags.options(bomByDefault: true)
      options.userPool = userPool
      let runner = ReportRunner(
        store: try store.open(readOnly: true), catalog: try profileOptions.catalog(), definition: loaded)
      let outcome = try runner.run(options)
      for output in outcome.outputs { Console.current.print(output.path) }
      let s = outcome.document.summary
      Console.current.note(
        "\(definition.name) \(outcome.document.period.description): \(s.rendered) rows (\(s.imported) imported, \(s.outOfPeriod) out of period, \(s.filtered) filtered), \(outcome.document.findings.count) findings")
      if let failOn, outcome.document.findings.any(atOrAbove: failOn) { throw ExitCode(1) }
    }
  }
}
