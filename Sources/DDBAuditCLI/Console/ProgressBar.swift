import Foundation
import DDBAuditImport

/// A one-line progress bar on stderr, redrawn at most ten times a second.
final class ProgressBar: ImportObserver {
  private var label = ""
  private var total: Int64 = 0
  private var lastDraw = Date.distantPast
  private var drawn = false
  private let console: Console

  init(console: Console = .current) { self.console = console }

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
