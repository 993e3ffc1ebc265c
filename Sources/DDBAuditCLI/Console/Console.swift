import Foundation

/// Where people-facing output goes: stderr, coloured only on a terminal without NO_COLOR.
final class Console: @unchecked Sendable {
  static let shared = Console()

  private(set) var quiet = false
  private(set) var verbose = false
  private(set) var color: Bool
  /// Progress bars: stderr is a terminal, CI is not set, and not --quiet.
  private(set) var showsProgress: Bool
  private let lock = NSLock()

  init() {
    let env = ProcessInfo.processInfo.environment
    let tty = isatty(STDERR_FILENO) == 1
    color = tty && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    showsProgress = tty && (env["CI"] ?? "").isEmpty
  }

  func configure(quiet: Bool, noColor: Bool, verbose: Bool = false) {
    self.quiet = quiet
    self.verbose = verbose
    if noColor { color = false }
    if quiet { showsProgress = false }
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
