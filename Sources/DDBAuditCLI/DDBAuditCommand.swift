import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditImport
import DDBAuditChecks
import DDBAuditReports
import DDBAuditNightly

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

      \(ExitStatus.help(ExitStatus.allCases, [.findings: "findings at or above --fail-on (verify, retention, settings, run, hash --check)", .locked: "another ddbaudit run holds the lock (run)"]))

      Data goes to stdout; messages, warnings and progress go to stderr. Set NO_COLOR to turn \
      colour off; progress bars appear only when stderr is a terminal and CI is not set.
      """,
    version: DDBAuditVersion.current,
    subcommands: [
      Import.self, Tables.self, Verify.self, Retention.self, Settings.self, Query.self, Report.self, Run.self, Hash.self,
      Profile.self,
    ]
  )

  package init() {}
}

/// Runs ddbaudit with the process's arguments and exits. The whole of `main`.
package enum DDBAuditMain {
  package static func main() -> Never {
    exit(run(Array(CommandLine.arguments.dropFirst())))
  }

  /// Parses and runs one command line, prints any error in the one style of ddbaudit
  /// (`ddbaudit: error: …`), and returns the exit status.
  package static func run(_ arguments: [String]) -> Int32 {
    do {
      var command = try DDBAuditCommand.parseAsRoot(GlobalArguments.hoisted(arguments))
      SignalTrap.install(cooperative: command is DDBAuditCommand.Import || command is DDBAuditCommand.Run)
      try command.run()
      return ExitStatus.success.rawValue
    } catch {
      return report(error)
    }
  }

  /// Prints `error` on stderr (help and version on stdout) and returns its exit status:
  /// findings 1, usage 64, and 2 for every other failure, including errors ddbaudit did not
  /// foresee (never 1, which means findings).
  static func report(_ error: Error) -> Int32 {
    if let error = error as? DDBAuditError {
      Console.shared.error(error.description)
      return error.exitStatus.rawValue
    }
    if let error = error as? StoreError {
      Console.shared.error(Console.shared.verbose ? error.verboseDescription : error.description)
      return ExitStatus.failure.rawValue
    }
    if let exit = error as? ExitCode { return exit.rawValue }
    let code = DDBAuditCommand.exitCode(for: error)
    if code == .success {
      print(DDBAuditCommand.fullMessage(for: error))
      return 0
    }
    if code == .validationFailure {
      // ArgumentParser's own message ("Error: …", usage, "See … --help"), in ddbaudit's style.
      var message = DDBAuditCommand.fullMessage(for: error)
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      Console.shared.error(message)
      return ExitStatus.usage.rawValue
    }
    Console.shared.error(DDBAuditCommand.message(for: error))
    return ExitStatus.failure.rawValue
  }
}

/// `--db`, `--quiet` and `--no-color` before the command: moved behind the command's name, where
/// the command's own options parse them, so that they mean the same in either place.
enum GlobalArguments {
  static func hoisted(_ arguments: [String]) -> [String] {
    var globals: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if ["--quiet", "-q", "--no-color", "--verbose"].contains(argument) || argument.hasPrefix("--db=") {
        globals.append(argument)
        index += 1
      } else if argument == "--db", index + 1 < arguments.count {
        globals += [argument, arguments[index + 1]]
        index += 2
      } else {
        break
      }
    }
    guard !globals.isEmpty else { return arguments }
    // The command's name, and a nested command's (`profile init`), follow.
    var rest = Array(arguments[index...])
    var commandPath: [String] = []
    var command: ParsableCommand.Type = DDBAuditCommand.self
    while let name = rest.first,
      let sub = command.configuration.subcommands.first(where: { ($0.configuration.commandName ?? "") == name || $0._commandName == name })
    {
      commandPath.append(name)
      rest.removeFirst()
      command = sub
    }
    return commandPath + globals + rest
  }
}
