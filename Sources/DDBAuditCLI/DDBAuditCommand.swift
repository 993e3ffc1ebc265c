import ArgumentParser
import Foundation
import DDBAuditModel

/// The `ddbaudit` root command.
package struct DDBAuditCommand: ParsableCommand {

  package static let configuration = CommandConfiguration(
    commandName: "ddbaudit",
    abstract: "Import DynamoDB exports of audit and event tables, and prove what they hold.",
    discussion: """
      ddbaudit keeps every export it imports in one SQLite store (--db, default ./ddbaudit.sqlite \
      or $DDBAUDIT_DB), so that later commands can compare exports over time. `ddbaudit COMMAND \
      --help` explains each command, with examples.

      EXAMPLES
        ddbaudit import Samples/exports        import every export below a folder
        ddbaudit tables                        list tables, item counts, imports
        ddbaudit verify                        check hash chains, compare exports
        ddbaudit retention --as-of 2026-11-21  judge every item's TTL
        ddbaudit report audit-trail --period 2026-10 --output-dir reports
        ddbaudit run --config nightly.json     the nightly job, for cron

      GLOBAL OPTIONS
        --db FILE, --quiet (-q), --no-color and --verbose may come before or after
        the command:
        `ddbaudit --db audit.sqlite verify` is `ddbaudit verify --db audit.sqlite`.

      \(ExitStatus.help(ExitStatus.allCases, [.findings: "findings at or above --fail-on (verify, retention, settings, run, merge, hash --check)", .locked: "another ddbaudit run holds the lock (run)"]))

      Data goes to stdout; messages, warnings and progress go to stderr. Set NO_COLOR to turn \
      colour off; progress bars appear only when stderr is a terminal and CI is not set.
      """,
    version: DDBAuditVersion.current,
    subcommands: [
      Import.self, Tables.self, Verify.self, Retention.self, Settings.self, Query.self, Report.self, Run.self, Merge.self, Hash.self,
      Profile.self, Key.self, CheckpointCommand.self, Prove.self, ProveConsistency.self, VerifyProof.self,
    ]
  )

  package init() {}
}
