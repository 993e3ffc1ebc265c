import Foundation

/// The temporary files of outputs not yet committed, so that a signal that ends the process
/// at once (Ctrl-C in a read-only command) removes them first.
package enum LiveTemporaries {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var paths: Set<String> = []

  static func add(_ path: String) {
    lock.lock()
    paths.insert(path)
    lock.unlock()
  }

  static func remove(_ path: String) {
    lock.lock()
    paths.remove(path)
    lock.unlock()
  }

  /// Unlinks every live temporary. Called from a signal handler's queue, just before exit.
  package static func removeAll() {
    lock.lock()
    for path in paths { unlink(path) }
    paths.removeAll()
    lock.unlock()
  }
}
