import ArgumentParser
import Foundation
import DDBAuditReports

extension DDBAuditCommand {
  struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Stream a table's current items by time range and attribute.",
      discussion: """
        Reads the table's current state (its most recent import; a change import holds the state \
        before it with its changes applied) in record-time order. --from is \
        inclusive and --to exclusive; --since counts back from --as-of (or now). --where filters \
        on top-level attributes; the tables' GSI attributes are served by an index (event_type \
        and status on events, action and resourceId on ec2-audit-logs, key_hash on api_keys, \
        status and next_retry_at on webhook_events).

        Nested maps, lists and sets appear as compact JSON in CSV and XLSX and as real JSON in \
        JSON; numbers stay exact (JSON numbers only when they are safe integers). Without \
        --columns, the columns are the key attributes, then every other attribute found.

        EXAMPLES
          ddbaudit query --table events --since 7d --where event_type=payment.failed
          ddbaudit query --table ec2-audit-logs --from 2026-11-01 --to 2026-11-08 --where action=STOP_INSTANCE --format jsonl
          ddbaudit query --table audit_logs --period 2026-10 --columns user_id,action,ip_address
          ddbaudit query --table api_keys --format xlsx --output keys.xlsx

        \(ExitStatus.help(ExitStatus.reading, [.failure: "no store, a table the store does not have, or a runtime error"]))
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var profileOptions: ProfileOptions
    @OptionGroup var periodOptions: PeriodOptions
    @OptionGroup var asOf: AsOfOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var csvFlags: CSVFlags
    @OptionGroup var console: ConsoleOptions

    @Option(name: .long, help: ArgumentHelp("The table to query.", valueName: "name"))
    var table: String

    @Option(name: .long, help: ArgumentHelp("Keep items whose top-level ATTR equals VALUE (repeatable; all must hold).", valueName: "attr=value"))
    var `where`: [String] = []

    @Option(name: .long, help: ArgumentHelp("Comma-separated attributes to output, in order.", valueName: "a,b,c"))
    var columns: String?

    @Option(name: .long, help: "Output format: csv, json, jsonl or xlsx (xlsx needs --output).")
    var format: QueryFormat = .csv

    @Flag(name: .long, help: "Print SQLite's query plan on stderr (to see which index serves the query).")
    var explain = false

    func filters() throws -> [(name: String, value: String)] {
      try `where`.map { clause in
        guard let eq = clause.firstIndex(of: "="), eq != clause.startIndex else {
          throw ValidationError("--where \"\(clause)\" is not ATTR=VALUE")
        }
        return (String(clause[..<eq]), String(clause[clause.index(after: eq)...]))
      }
    }

    func validate() throws {
      _ = try filters()
      if format == .xlsx && (output.output == nil || output.output == "-") {
        throw ValidationError("--format xlsx needs --output FILE (a workbook is not written to stdout)")
      }
    }

    func run() throws {
      console.configure()
      var options = QueryOptions(table: table, asOf: asOf.milliseconds)
      options.period = try periodOptions.resolve(asOf: options.asOf)
      options.filters = try filters()
      options.columns = columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
      options.format = format
      options.csv = csvFlags.options()
      // The output first: a path that cannot be written fails before any work is done.
      let target = try output.target()
      let runner = QueryRunner(store: try store.open(readOnly: true), catalog: try profileOptions.catalog())
      if explain {
        let (selection, _) = try runner.selection(options)
        for line in try runner.store.queryPlan(selection) { Console.current.note("plan: \(line)") }
      }
      let rows = try runner.run(options, to: target)
      if let path = output.output, path != "-" { Console.current.note("\(rows) rows written to \(path)") }
    }
  }
}

extension QueryFormat: ExpressibleByArgument {}
