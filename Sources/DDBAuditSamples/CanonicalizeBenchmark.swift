import DDBAuditModel
import Foundation

/// Times the two ways the import turns a line into canonical bytes, over every line of a
/// JSON-lines file (`{"Item": …}` per line): the one-pass `CanonicalTranscoder` (fast), or
/// `DynamoJSONDecoder` then `CanonicalForm` (full). `Benchmarks/fastpath.sh` runs both side
/// by side, the figures that justify keeping two paths.
package enum CanonicalizeBenchmark {
  package enum Path: String { case fast, full }

  /// Returns the lines read and the lines the path gave canonical bytes for.
  package static func run(path: String, using method: Path) throws -> (lines: Int, canonical: Int) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    defer { try? handle.close() }
    var transcoder = CanonicalTranscoder(wanted: [])
    var lines = 0
    var canonical = 0
    var pending: [UInt8] = []
    func line(_ bytes: ArraySlice<UInt8>) {
      guard !bytes.isEmpty else { return }
      lines += 1
      bytes.withUnsafeBufferPointer { p in
        switch method {
        case .fast:
          if transcoder.transcode(p, wrapper: .required) != nil { canonical += 1 }
        case .full:
          if let decoded = try? DynamoJSONDecoder.decodeItemLine(p, wrapper: .required),
            (try? CanonicalForm.bytes(of: decoded.item)) != nil
          {
            canonical += 1
          }
        }
      }
    }
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      pending.append(contentsOf: chunk)
      var start = pending.startIndex
      while let newline = pending[start...].firstIndex(of: 0x0A) {
        line(pending[start..<newline])
        start = newline + 1
      }
      pending.removeSubrange(..<start)
    }
    line(pending[...])
    return (lines, canonical)
  }
}
