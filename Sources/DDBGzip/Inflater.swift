internal import CZlib

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
