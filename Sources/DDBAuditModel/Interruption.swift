import Foundation

/// Set from a signal handler when the user presses Ctrl-C; long operations poll it.
package enum Interruption {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var flag = false

  package static func request() {
    lock.lock()
    flag = true
    lock.unlock()
  }

  package static var requested: Bool {
    lock.lock()
    defer { lock.unlock() }
    return flag
  }
}
