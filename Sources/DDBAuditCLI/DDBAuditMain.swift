import ArgumentParser
import Foundation
import DDBAuditModel
import DDBAuditStore
import DDBAuditFiles

/// Runs ddbaudit with the process's arguments and exits. The whole of `main`.
package enum DDBAuditMain {
  package static func main() -> Never {
    exit(run(Array(CommandLine.arguments.dropFirst()), trapsSignals: true))
  }

  /// Runs one command line in this process, as a test does, with `environment` for the
  /// process's environment and `standardOutput` and `standardError` for its streams (neither
  /// is a terminal). Signals are left alone. Returns the exit status.
  package static func run(
    _ arguments: [String], environment: [String: String], standardOutput: StandardStream, standardError: StandardStream
  ) -> Int32 {
    let console = Console(environment: environment, standardOutput: standardOutput, standardError: standardError, stderrIsTerminal: false)
    return Console.$current.withValue(console) { run(arguments, trapsSignals: false) }
  }

  /// Parses and runs one command line, prints any error in the one style of ddbaudit
  /// (`ddbaudit: error: …`), and returns the exit status.
  static func run(_ arguments: [String], trapsSignals: Bool) -> Int32 {
    do {
      var command = try DDBAuditCommand.parseAsRoot(GlobalArguments.hoisted(arguments))
      if trapsSignals {
        SignalTrap.install(cooperative: command is DDBAuditCommand.Import || command is DDBAuditCommand.Run)
      }
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
      Console.current.error(error.description)
      return error.exitStatus.rawValue
    }
    if let error = error as? StoreError {
      Console.current.error(Console.current.verbose ? error.verboseDescription : error.description)
      return ExitStatus.failure.rawValue
    }
    if let exit = error as? ExitCode { return exit.rawValue }
    let code = DDBAuditCommand.exitCode(for: error)
    if code == .success {
      Console.current.print(DDBAuditCommand.fullMessage(for: error))
      return 0
    }
    if code == .validationFailure {
      // ArgumentParser's own message ("Error: …", usage, "See … --help"), in ddbaudit's style.
      var message = DDBAuditCommand.fullMessage(for: error)
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      Console.current.error(message)
      return ExitStatus.usage.rawValue
    }
    Console.current.error(DDBAuditCommand.message(for: error))
    return ExitStatus.failure.rawValue
  }
}
