import Foundation
import DDBAuditModel
import DDBAuditFiles

/// What SIGINT and SIGTERM do. Every command ends promptly with exit 130 and leaves no
/// temporary file behind. A command that writes the store (import, run) is first asked to
/// stop, so that its transaction rolls back cleanly; a second signal, or 10 seconds without
/// stopping, ends it at once (the store's journal then rolls back at its next open). The
/// others end at once.
enum SignalTrap {
  /// Guards `sources` and `signals`: handlers run on a global queue, maybe two at once.
  private static let lock = NSLock()
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
  nonisolated(unsafe) private static var signals = 0

  static func install(cooperative: Bool) {
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        let count = lock.withLock {
          signals += 1
          return signals
        }
        guard cooperative && count == 1 else { endNow() }
        Interruption.request()
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { endNow() }
      }
      source.resume()
      lock.withLock { sources.append(source) }
    }
  }

  private static func endNow() -> Never {
    LiveTemporaries.removeAll()
    Console.current.error(DDBAuditError.interrupted.description)
    _exit(ExitStatus.interrupted.rawValue)
  }
}
