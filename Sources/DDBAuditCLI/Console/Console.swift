import Foundation

/// Where people-facing output goes: stderr, coloured only on a terminal without NO_COLOR.
/// Its settings and its writes are behind one lock: progress is reported from the import's
/// reading thread while the main thread prints.
final class Console: @unchecked Sendable {
  static let shared = Console()

  private struct Settings {
    var quiet = false
    var verbose = false
    var color: Bool
    var showsProgress: Bool
  }

  private var settings: Settings
  private let lock = NSLock()

  var quiet: Bool { lock.withLock { settings.quiet } }
  var verbose: Bool { lock.withLock { settings.verbose } }
  var color: Bool { lock.withLock { settings.color } }
  /// Progress bars: stderr is a terminal, CI is not set, and not --quiet.
  var showsProgress: Bool { lock.withLock { settings.showsProgress } }

  init() {
    let env = ProcessInfo.processInfo.environment
    let tty = isatty(STDERR_FILENO) == 1
    settings = Settings(
      color: tty && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb", showsProgress: tty && (env["CI"] ?? "").isEmpty)
  }

  func configure(quiet: Bool, noColor: Bool, verbose: Bool = false) {
    lock.withLock {
      settings.quiet = quiet
      settings.verbose = verbose
      if noColor { settings.color = false }
      if quiet { settings.showsProgress = false }
    }
  }

  func error(_ message: String) { write(styled("error:", code: "31;1") + " " + message) }
  func warning(_ message: String) { if !quiet { write(styled("warning:", code: "33;1") + " " + message) } }
  func note(_ message: String) { if !quiet { write(message) } }

  func styled(_ text: String, code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

  func write(_ line: String, terminator: String = "\n") {
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardError.write(Data(("ddbaudit: " + line + terminator).utf8))
  }

  func raw(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardError.write(Data(text.utf8))
  }
}
