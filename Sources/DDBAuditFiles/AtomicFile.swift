import Crypto
import Foundation
import DDBAuditModel

/// An output file that appears under its name complete or not at all: written to a
/// temporary file beside it, fsynced, then renamed over the final name. If the process
/// fails or the value is dropped before `commit()`, the temporary file is removed and
/// nothing exists under the final name.
package final class AtomicFile {
  package let path: String
  let temporary: String
  private var fd: Int32
  private var buffer: [UInt8] = []
  private var hasher = SHA256()
  private var committed = false
  private var external = false
  private var digest: String? = nil
  /// The temporary file an external writer writes to.
  package var temporaryPath: String { temporary }

  /// Creates the temporary file. With `external`, nothing is opened: another writer
  /// (libxlsxwriter) writes `temporaryPath`, and `commit()` hashes, fsyncs and renames what it
  /// wrote.
  ///
  /// The one overwrite rule of every command: an existing regular file at `path` is replaced
  /// (atomically, on commit); anything else there (a folder, a symbolic link, a device, a
  /// FIFO, a socket) is refused, so that `--output /dev/null` or a link never becomes a file.
  package init(path: String, external: Bool = false) throws {
    self.path = path
    var info = stat()
    if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
      let kind: String
      switch info.st_mode & S_IFMT {
      case S_IFDIR: kind = "a folder"
      case S_IFLNK: kind = "a symbolic link"
      case S_IFCHR, S_IFBLK: kind = "a device"
      case S_IFIFO: kind = "a FIFO"
      default: kind = "not a regular file"
      }
      throw DDBAuditError.io(
        path: path, message: "is \(kind); ddbaudit replaces only regular files (use - for stdout, or another path)")
    }
    let url = URL(fileURLWithPath: path)
    Self.sweepStaleTemporaries(of: url)
    temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    LiveTemporaries.add(temporary)
    fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if external {
      close(fd)
      fd = -1
      self.external = true
      return
    }
    guard fd >= 0 else {
      throw DDBAuditError.io(path: path, message: "cannot create the output file: \(String(cString: strerror(errno)))")
    }
    buffer.reserveCapacity(1 << 16)
  }

  package func write(_ bytes: some Collection<UInt8>) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { try flush() }
  }

  package func write(_ text: String) throws { try write(text.utf8) }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    hasher.update(data: buffer)
    if let failure = writeAll(fd, buffer) {
      throw DDBAuditError.io(path: path, message: "cannot write: \(String(cString: strerror(failure)))")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes and fsyncs the temporary file, without renaming it yet. Returns the SHA-256
  /// (hex) of its bytes. Use it to finish several files before `commit()`ing any of them.
  @discardableResult
  package func prepare() throws -> String {
    if let digest { return digest }
    if external { try absorbExternalFile() }
    try flush()
    guard fsync(fd) == 0 else { throw DDBAuditError.io(path: path, message: "fsync failed: \(String(cString: strerror(errno)))") }
    close(fd)
    fd = -1
    let hex = RecordHash.hex(hasher.finalize())
    digest = hex
    return hex
  }

  /// Flushes, fsyncs and renames the file into place. Returns the SHA-256 (hex) of its bytes.
  @discardableResult
  package func commit() throws -> String {
    let hex = try prepare()
    guard rename(temporary, path) == 0 else {
      throw DDBAuditError.io(path: path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
    }
    committed = true
    LiveTemporaries.remove(temporary)
    let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
    if directory >= 0 {
      _ = fsync(directory)
      close(directory)
    }
    return hex
  }

  /// Hashes what the external writer wrote, and opens it for the fsync.
  private func absorbExternalFile() throws {
    fd = open(temporary, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw DDBAuditError.io(path: path, message: "the output was not written: \(String(cString: strerror(errno)))")
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = read(fd, &chunk, chunk.count)
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { throw DDBAuditError.io(path: path, message: "cannot read back: \(String(cString: strerror(errno)))") }
      if n == 0 { break }
      hasher.update(data: chunk[0..<n])
    }
    external = false
  }

  deinit {
    if fd >= 0 { close(fd) }
    if !committed {
      unlink(temporary)
      LiveTemporaries.remove(temporary)
    }
  }

  /// Removes `.NAME.tmp-PID` files beside `url` whose process is gone (killed with -9, or by
  /// a power cut), so that temporaries never pile up in an output folder.
  static func sweepStaleTemporaries(of url: URL) {
    let folder = url.deletingLastPathComponent()
    let prefix = ".\(url.lastPathComponent).tmp-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
    for name in names where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
      if kill(pid, 0) == -1 && errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
    }
  }
}

/// Writes all of `bytes` to `fd`, retrying short writes and EINTR. Returns the errno of a
/// failed write, or nil.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
  bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return n < 0 ? errno : EIO }
      offset += n
    }
    return nil
  }
}
