internal import CZlib

/// Streaming gzip compressor, for the sample generator and test fixtures.
package final class Deflater {
  private var stream = z_stream()
  private var output = [UInt8](repeating: 0, count: 1 << 16)

  package init(level: Int32 = 6) throws {
    let rc = ddb_deflateInit2(&stream, level, 15 + 16)  // 16: gzip wrapper
    guard rc == Z_OK else { throw GzipError(kind: .zlib, message: "deflateInit2 failed (\(rc))") }
  }

  deinit { deflateEnd(&stream) }

  package func push(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    try run(input, flush: Z_NO_FLUSH, sink)
  }

  package func finish(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, sink)
  }

  private func run(
    _ input: UnsafeRawBufferPointer, flush: Int32, _ sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    stream.next_in = input.baseAddress.map {
      UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
    }
    stream.avail_in = uInt(input.count)
    while true {
      let rc = try output.withUnsafeMutableBytes { out -> Int32 in
        stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(out.count)
        let rc = deflate(&stream, flush)
        let produced = out.count - Int(stream.avail_out)
        if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
        return rc
      }
      if rc == Z_STREAM_END { return }
      guard rc == Z_OK || rc == Z_BUF_ERROR else {
        throw GzipError(kind: .zlib, message: "deflate failed (\(rc))")
      }
      if flush == Z_NO_FLUSH && stream.avail_in == 0 && stream.avail_out != 0 { return }
    }
  }
}
