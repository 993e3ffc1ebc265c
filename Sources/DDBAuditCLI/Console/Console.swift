import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditImport
import DDBAuditChecks
import DDBAuditReports
import DDBAuditNightly

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

/// A one-line progress bar on stderr, redrawn at most ten times a second.
final class ProgressBar: ImportObserver {
  private var label = ""
  private var total: Int64 = 0
  private var lastDraw = Date.distantPast
  private var drawn = false
  private let console: Console

  init(console: Console = .shared) { self.console = console }

  func willRead(label: String, totalBytes: Int64) {
    self.label = label
    total = max(totalBytes, 1)
    lastDraw = .distantPast
    draw(0)
  }

  func didRead(totalBytes: Int64) {
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
    lastDraw = now
    draw(totalBytes)
  }

  func didFinishReading() {
    if drawn { console.raw("\r\u{1B}[K") }
    drawn = false
  }

  private func draw(_ done: Int64) {
    guard console.showsProgress else { return }
    let fraction = min(1, Double(done) / Double(total))
    let width = 30
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    let mb = { (b: Int64) in String(format: "%.1f", Double(b) / 1_048_576) }
    console.raw("\r\u{1B}[K\(label) [\(bar)] \(Int(fraction * 100))% \(mb(done))/\(mb(total)) MB")
    drawn = true
  }
}

/// What SIGINT and SIGTERM do. Every command ends promptly with exit 130 and leaves no
/// temporary file behind. A command that writes the store (import, run) is first asked to
/// stop, so that its transaction rolls back cleanly; a second signal, or 10 seconds without
/// stopping, ends it at once (the store's journal then rolls back at its next open). The
/// others end at once.
enum SignalTrap {
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
  nonisolated(unsafe) private static var signals = 0

  static func install(cooperative: Bool) {
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        signals += 1
        guard cooperative && signals == 1 else { endNow() }
        Interruption.request()
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { endNow() }
      }
      source.resume()
      sources.append(source)
    }
  }

  private static func endNow() -> Never {
    LiveTemporaries.removeAll()
    Console.shared.error(DDBAuditError.interrupted.description)
    _exit(ExitStatus.interrupted.rawValue)
  }
}
