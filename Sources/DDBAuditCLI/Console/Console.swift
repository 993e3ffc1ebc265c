import Foundation
import DDBAuditFiles

/// The streams and environment one run of ddbaudit works with: data to stdout, people-facing
/// messages to stderr (coloured only on a terminal without NO_COLOR), and the environment
/// variables the options read. `current` is the process's own; a test runs a command
/// in-process with a console of buffers bound to `current` instead.
///
/// Its settings and its writes are behind one lock: progress is reported from the import's
/// reading thread while the main thread prints. Code that hands work to another thread passes
/// the console along (a task-local value does not cross threads).
final class Console: @unchecked Sendable {
  @TaskLocal static var current = Console()

  private struct Settings {
    var quiet = false
    var verbose = false
    var color: Bool
    var showsProgress: Bool
  }

  /// The environment variables (`DDBAUDIT_DB`, `DDBAUDIT_PROFILES`, `DDBAUDIT_REPORTS`, …).
  let environment: [String: String]
  /// Where data goes.
  let standardOutput: StandardStream
  private let standardError: StandardStream
  private var settings: Settings
  private let lock = NSLock()

  var quiet: Bool { lock.withLock { settings.quiet } }
  var verbose: Bool { lock.withLock { settings.verbose } }
  var color: Bool { lock.withLock { settings.color } }
  /// Progress bars: stderr is a terminal, CI is not set, and not --quiet.
  var showsProgress: Bool { lock.withLock { settings.showsProgress } }

  /// The process's console: its environment, stdout and stderr.
  convenience init() {
    self.init(
      environment: ProcessInfo.processInfo.environment, standardOutput: .standardOutput, standardError: .standardError,
      stderrIsTerminal: isatty(STDERR_FILENO) == 1)
  }

  init(environment: [String: String], standardOutput: StandardStream, standardError: StandardStream, stderrIsTerminal: Bool) {
    self.environment = environment
    self.standardOutput = standardOutput
    self.standardError = standardError
    settings = Settings(
      color: stderrIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb",
      showsProgress: stderrIsTerminal && (environment["CI"] ?? "").isEmpty)
  }

  func configure(quiet: Bool, noColor: Bool, verbose: Bool = false) {
    lock.withLock {
      settings.quiet = quiet
      settings.verbose = verbose
      if noColor { settings.color = false }
      if quiet { settings.showsProgress = false }
    }
  }

  /// One line of data on stdout.
  func print(_ line: String) { standardOutput.write(line + "\n") }

  func error(_ message: String) { write(styled("error:", code: "31;1") + " " + message) }
  func warning(_ message: String) { if !quiet { write(styled("warning:", code: "33;1") + " " + message) } }
  func note(_ message: String) { if !quiet { write(message) } }

  func styled(_ text: String, code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

  func write(_ line: String, terminator: String = "\n") {
    lock.withLock { _ = standardError.write("ddbaudit: " + line + terminator) }
  }

  func raw(_ text: String) {
    lock.withLock { _ = standardError.write(text) }
  }
}
