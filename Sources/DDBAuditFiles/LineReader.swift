import Crypto
import DDBGzip
import Foundation
import DDBAuditModel

/// Reads a data file in chunks, hashes the stored bytes with MD5, un-gzips them when they
/// are gzip, and hands out complete lines with their 1-based numbers. Nothing larger than
/// one chunk and one line is held in memory.
package struct LineReader {
  static let chunkSize = 1 << 18
  /// DynamoDB's items are at most 400 KB; their JSON, with descriptors, base64 and escapes,
  /// stays well within 4 MiB a line. `--max-line-bytes` raises it for other producers.
  static let defaultMaxLineBytes = 4 << 20
  /// A gzip stream may inflate to this many times its compressed size (JSON lines inflate
  /// some 5 to 15 times), with at least `minimumInflateAllowance` bytes: beyond, it is refused
  /// as a decompression bomb (`--max-inflate-ratio` raises it, 0 lifts it).
  static let defaultMaxInflateRatio = 200
  static let minimumInflateAllowance: Int64 = 256 << 20

  /// 4 KiB of newlines: runs of blank lines are skipped a block at a time (`memcmp`).
  private static let newlines = [UInt8](repeating: 0x0A, count: 4096)

  /// How many newlines start at `index`.
  static func newlineRun(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
    var k = index
    newlines.withUnsafeBytes { block in
      while bytes.count - k >= block.count && memcmp(bytes.baseAddress! + k, block.baseAddress!, block.count) == 0 {
        k += block.count
      }
    }
    while k < bytes.count && bytes[k] == 0x0A { k += 1 }
    return k - index
  }

  let path: String
  /// Whether to un-gzip: `nil` detects the gzip magic number.
  var gzip: Bool?
  var maxLineBytes = LineReader.defaultMaxLineBytes
  var maxInflateRatio = LineReader.defaultMaxInflateRatio

  package init(path: String, gzip: Bool?, limits: InputLimits = InputLimits()) {
    self.path = path
    self.gzip = gzip
    maxLineBytes = limits.maxLineBytes
    maxInflateRatio = limits.maxInflateRatio
  }

  package struct Result {
    package var md5Base64: String
    package var bytes: Int64
    var lines: Int
    /// The file was gzip (S3 exports always write gzip).
    package var gzipped = false
  }

  /// Calls `body` for each non-blank line. `progress` receives each chunk's size as it is read.
  package func forEachLine(
    progress: (Int) -> Void, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
  ) throws -> Result {
    let fd = try InputFile.open(path)
    defer { close(fd) }
    var atStart = true
    var inflated: Int64 = 0
    var md5 = Insecure.MD5()
    var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
    var carry: [UInt8] = []
    var lineNumber = 0
    var total: Int64 = 0
    var inflater: Inflater? = nil
    var decided = gzip != nil
    if gzip == true { inflater = try makeInflater() }

    func consume(_ data: UnsafeRawBufferPointer) throws {
      let bytes = data.bindMemory(to: UInt8.self)
      var start = 0
      if inflater != nil {
        inflated += Int64(bytes.count)
        if maxInflateRatio > 0 && inflated > max(Self.minimumInflateAllowance, total * Int64(maxInflateRatio)) {
          throw DDBAuditError.badInput(
            path: path, line: nil,
            message: "inflates to more than \(maxInflateRatio) times its \(total) compressed bytes (after line \(lineNumber)): a decompression bomb, or pass --max-inflate-ratio")
        }
      }
      if atStart {
        atStart = false
        start = InputFile.bomLength(bytes)
      }
      while start < bytes.count {
        // Blank lines cost a counter increment each, not a call: a file of nothing but
        // newlines (a decompression bomb's favourite) is skipped at memory speed.
        if carry.isEmpty {
          let run = Self.newlineRun(bytes, from: start)
          lineNumber += run
          start += run
          if start == bytes.count { break }
        }
        guard let nl = memchrIndex(bytes, from: start) else {
          carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
          if carry.count > maxLineBytes {
            throw DDBAuditError.badInput(
              path: path, line: lineNumber + 1,
              message: "line longer than \(maxLineBytes) bytes: no DynamoDB item (at most 400 KB) is that long; --max-line-bytes allows longer lines")
          }
          return
        }
        lineNumber += 1
        if carry.isEmpty {
          try emit(UnsafeBufferPointer(rebasing: bytes[start..<nl]))
        } else {
          carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<nl]))
          try carry.withUnsafeBufferPointer { try emit($0) }
          carry.removeAll(keepingCapacity: true)
        }
        start = nl + 1
      }
    }
    func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
      var end = line.count
      if end > 0 && line[end - 1] == 0x0D { end -= 1 }  // CRLF
      let trimmed = UnsafeBufferPointer(rebasing: line[0..<end])
      if trimmed.isEmpty || trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
      if trimmed.count > maxLineBytes {
        throw DDBAuditError.badInput(
          path: path, line: lineNumber,
          message: "line longer than \(maxLineBytes) bytes: no DynamoDB item (at most 400 KB) is that long; --max-line-bytes allows longer lines")
      }
      try body(trimmed, lineNumber)
    }

    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw DDBAuditError.io(path: path, message: "read failed: \(String(cString: strerror(errno)))")
      }
      if n == 0 { break }
      total += Int64(n)
      progress(n)
      try chunk.withUnsafeBytes { raw in
        let data = UnsafeRawBufferPointer(rebasing: raw[0..<n])
        md5.update(bufferPointer: data)
        if !decided {
          decided = true
          if hasGzipMagic(data) {
            inflater = try makeInflater()
          } else if let problem = InputFile.unreadableEncoding(data) {
            throw DDBAuditError.badInput(path: path, line: 1, message: problem)
          }
        }
        if let inflater {
          do { try inflater.push(data) { try consume($0) } } catch let error as GzipError {
            throw DDBAuditError.badInput(path: path, line: nil, message: "\(error.message) (after line \(lineNumber))")
          }
        } else {
          try consume(data)
        }
      }
    }
    if let inflater {
      do { try inflater.finish() } catch let error as GzipError {
        throw DDBAuditError.badInput(path: path, line: nil, message: "\(error.message) (after line \(lineNumber))")
      }
    }
    if !carry.isEmpty {
      lineNumber += 1
      try carry.withUnsafeBufferPointer { try emit($0) }
    }
    return Result(md5Base64: Data(md5.finalize()).base64EncodedString(), bytes: total, lines: lineNumber, gzipped: inflater != nil)
  }

  private func makeInflater() throws -> Inflater {
    do { return try Inflater() } catch { throw DDBAuditError.io(path: path, message: "\(error)") }
  }
}

@inline(__always)
private func memchrIndex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
  guard let base = bytes.baseAddress, start < bytes.count else { return nil }
  guard let p = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
  return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
}
