import ArgumentParser
import DDBAuditCore
import Foundation

/// The `ddbaudit` root command.
public struct DDBAuditCommand: ParsableCommand {

  public static let configuration = CommandConfiguration(
    commandName: "ddbaudit",
    abstract: "Import DynamoDB exports of audit and event tables, and prove what they hold.",
    discussion: """
      ddbaudit keeps every export it imports in one SQLite store (--db, default ./ddbaudit.sqlite \
      or $DDBAUDIT_DB), so that later commands can compare exports over time.

      EXAMPLES
        ddbaudit import Samples/exports          import every export found below a folder
        ddbaudit tables                          list tables, item counts and imports
        ddbaudit tables --format json            the same, as JSON on stdout
        ddbaudit verify                          check every hash chain and compare exports
        ddbaudit hash items.jsonl                print each item's record hash (for producers)

      EXIT CODES
        0   success
        1   findings at or above --fail-on (verify, retention)
        2   bad input, a checksum mismatch, or a runtime error; nothing was changed
        64  usage error
        75  another ddbaudit run holds the lock
        130 interrupted (Ctrl-C); nothing was changed

      Data goes to stdout; messages, warnings and progress go to stderr. Set NO_COLOR to turn \
      colour off; progress bars appear only when stderr is a terminal and CI is not set.
      """,
    version: DDBAuditVersion.current,
    subcommands: [Import.self, Tables.self, Verify.self, Retention.self, Settings.self, Query.self, Report.self, Run.self, Hash.self]
  )

  public init() {}
}

/// Runs ddbaudit with the process's arguments and exits. The whole of `main`.
public enum DDBAuditMain {
  public static func main() -> Never {
    do {
      var command = try DDBAuditCommand.parseAsRoot()
      try command.run()
      exit(0)
    } catch let error as DDBAuditError {
      Console.shared.error(error.description)
      exit(error.exitCode)
    } catch {
      DDBAuditCommand.exit(withError: error)
    }
  }
}
