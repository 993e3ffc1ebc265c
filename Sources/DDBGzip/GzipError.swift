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

/// Compresses `bytes` into one gzip member.
package func gzip(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
  var out: [UInt8] = []
  let deflater = try Deflater(level: level)
  try bytes.withUnsafeBytes { raw in try deflater.push(raw) { out.append(contentsOf: $0) } }
  try deflater.finish { out.append(contentsOf: $0) }
  return out
}
