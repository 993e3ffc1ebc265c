internal import CZlib

/// A zlib failure: corrupt or truncated gzip data, or an internal zlib error.
package struct GzipError: Error, CustomStringConvertible, Sendable {
  package enum Kind: Sendable { case corrupt, truncated, trailingGarbage, zlib }
  package let kind: Kind
  package let message: String
  package var description: String { message }
}

/// True when `bytes` start with the gzip magic number 1f 8b.
package func hasGzipMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
  bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Streaming gzip decompressor. Feed compressed chunks with `push`, then call `finish`.
///
/// Concatenated gzip members (as `cat a.gz b.gz` makes) decode as one stream.
/// `finish` throws when the last member is incomplete, so a truncated file is never
/// mistaken for a short one.
package final class Inflater {
  private var stream = z_stream()
  private var output: [UInt8]
  private var inMember = false
  private var sawMember = false

  package init(outputChunk: Int = 1 << 18) throws {
    output = [UInt8](repeating: 0, count: outputChunk)
    let rc = ddb_inflateInit2(&stream, 15 + 32)  // 32: accept gzip or zlib headers
    guard rc == Z_OK else { throw GzipError(kind: .zlib, message: "inflateInit2 failed (\(rc))") }
  }

  deinit { inflateEnd(&stream) }

  /// Decompresses `input`, handing each decompressed chunk to `sink`.
  package func push(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    guard let base = input.baseAddress, input.count > 0 else { return }
    stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)
    defer {
      stream.next_in = nil
      stream.avail_in = 0
    }
    while stream.avail_in > 0 {
      if !inMember {
        // Between members: anything left must start a new gzip member.
        if sawMember && stream.next_in.pointee != 0x1f {
          throw GzipError(kind: .trailingGarbage, message: "unexpected bytes after the end of the gzip stream")
        }
        inMember = true
        sawMember = true
      }
      let before = stream.avail_in
      var produced = 0
      let rc = try output.withUnsafeMutableBytes { out -> Int32 in
        stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(out.count)
        let rc = inflate(&stream, Z_NO_FLUSH)
        produced = out.count - Int(stream.avail_out)
        if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<produced])) }
        return rc
      }
      switch rc {
      case Z_OK, Z_BUF_ERROR:
        if produced == 0 && stream.avail_in == before {
          throw GzipError(kind: .corrupt, message: "corrupt gzip data: inflate made no progress")
        }
      case Z_STREAM_END:
        inMember = false
        let reset = inflateReset(&stream)
        guard reset == Z_OK else { throw GzipError(kind: .zlib, message: "inflateReset failed (\(reset))") }
      case Z_DATA_ERROR:
        let detail = stream.msg.map { String(cString: $0) } ?? "invalid data"
        throw GzipError(kind: .corrupt, message: "corrupt gzip data: \(detail)")
      case Z_MEM_ERROR:
        throw GzipError(kind: .zlib, message: "zlib ran out of memory")
      default:
        throw GzipError(kind: .zlib, message: "inflate failed (\(rc))")
      }
    }
  }

  /// Ends the stream. Throws when a member was started but not completed.
  package func finish() throws {
    if inMember {
      throw GzipError(kind: .truncated, message: "truncated gzip stream (unexpected end of file)")
    }
  }
}

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

/// Compresses `bytes` into one gzip member.
package func gzip(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
  var out: [UInt8] = []
  let deflater = try Deflater(level: level)
  try bytes.withUnsafeBytes { raw in try deflater.push(raw) { out.append(contentsOf: $0) } }
  try deflater.finish { out.append(contentsOf: $0) }
  return out
}
