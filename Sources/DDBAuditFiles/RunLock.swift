import Foundation
import DDBAuditModel

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive `flock` on a lock file, held while the value lives. The kernel releases it
/// when the process exits, however it exits (even `kill -9`), so no stale lock remains. A
/// second holder fails at once with `DDBAuditError.lockHeld` (exit 75).
package final class RunLock {
  package let path: String
  private let fd: Int32

  package init(path: String) throws {
    self.path = path
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw DDBAuditError.io(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      let error = errno
      close(fd)
      if error == EWOULDBLOCK { throw DDBAuditError.lockHeld(path: path) }
      throw DDBAuditError.io(path: path, message: "cannot lock: \(String(cString: strerror(error)))")
    }
    // The holder's pid, for people looking at the file; the lock itself is the flock.
    let pid = Array("\(getpid())\n".utf8)
    if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}
