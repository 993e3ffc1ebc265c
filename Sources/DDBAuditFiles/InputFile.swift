import Foundation
import DDBAuditModel

/// How ddbaudit opens what it reads: regular files only (a FIFO or a device would block
/// `open()` or never end), and with the byte-order marks and compressions other tools write
/// told apart, so that a Lambda test event saved by .NET or a file redirected by PowerShell
/// gets a clear answer.
package enum InputFile {
  /// Opens `path` for reading: without blocking (a FIFO would wait for a writer forever), then
  /// refused unless it is a regular file. `/dev/stdin` (for `-`) is let through.
  package static func open(_ path: String) throws -> Int32 {
    let fd = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw DDBAuditError.io(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      close(fd)
      throw DDBAuditError.io(path: path, message: "cannot stat: \(String(cString: strerror(errno)))")
    }
    if (info.st_mode & S_IFMT) != S_IFREG && path != "/dev/stdin" {
      close(fd)
      throw DDBAuditError.badInput(path: path, line: nil, message: "is not a regular file (\(kind(info.st_mode))); ddbaudit reads only regular files")
    }
    // Reads block again, as they should on a regular file or a pipe given as stdin.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return fd
  }

  /// The whole file, mapped; only a regular file.
  package static func mapped(_ path: String) throws -> Data {
    let fd = try open(path)
    close(fd)
    do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
      throw DDBAuditError.io(path: path, message: "cannot read: \(error.localizedDescription)")
    }
  }

  /// The text of a whole (small) file for a parser: past a UTF-8 byte order mark, and refused
  /// at line 1 when UTF-16 or compressed otherwise than with gzip. Its bytes start at index 0.
  package static func text(_ path: String) throws -> Data { try withoutBOM(contents(path), path: path) }

  /// `data` past a UTF-8 byte order mark; refused when it is UTF-16 or another compression.
  package static func withoutBOM(_ data: Data, path: String) throws -> Data {
    let head = data.prefix(8)
    if let problem = unreadableEncoding(head) { throw DDBAuditError.badInput(path: path, line: 1, message: problem) }
    let bom = bomLength(head)
    return bom == 0 ? data : data.subdata(in: bom..<data.count)
  }

  /// The whole (small) file: a manifest or a config; only a regular file.
  package static func contents(_ path: String) throws -> Data {
    let fd = try open(path)
    close(fd)
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw DDBAuditError.io(path: path, message: "cannot read: \(error.localizedDescription)")
    }
  }

  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a folder"
    case S_IFIFO: "a FIFO"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFSOCK: "a socket"
    default: "not a regular file"
    }
  }

  /// The UTF-8 byte order mark .NET and PowerShell write; skipped.
  package static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The length of a UTF-8 byte order mark at the start of `head` (0 or 3).
  package static func bomLength(_ head: some Collection<UInt8>) -> Int { head.starts(with: utf8BOM) ? 3 : 0 }

  /// What is wrong with a file that starts with `head`, when it is not UTF-8 text or gzip:
  /// UTF-16 or UTF-32 text, or another compression. Nil for anything else.
  package static func unreadableEncoding(_ head: some Collection<UInt8>) -> String? {
    let b = Array(head.prefix(6))
    func starts(_ magic: [UInt8]) -> Bool { b.starts(with: magic) }
    if starts([0xFF, 0xFE, 0x00, 0x00]) || starts([0x00, 0x00, 0xFE, 0xFF]) {
      return "UTF-32 text; convert it to UTF-8 first (iconv -f UTF-32 -t UTF-8)"
    }
    if starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) {
      return "UTF-16 text (as PowerShell's > writes it); convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8, or Out-File -Encoding utf8)"
    }
    if b.count >= 2, b[0] == 0x78, [0x01, 0x5E, 0x9C, 0xDA].contains(b[1]) {
      return "zlib-compressed data, not gzip; decompress it first (zlib-flate -uncompress, or pigz -dz)"
    }
    if starts(Array("BZh".utf8)) { return "bzip2-compressed; decompress it first (bunzip2)" }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "xz-compressed; decompress it first (unxz)" }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return "zstd-compressed; decompress it first (unzstd)" }
    return nil
  }
}
