import Foundation
import DDBAuditModel
import DDBAuditFiles

/// The parsers of untrusted input, as the fuzz targets (`Sources/ddbaudit-fuzz`) drive them:
/// each takes raw bytes and returns, or throws a `DDBAuditError` or `DynamoJSONError`.
/// Package access: for the fuzzer and tests of this package, not an API.
package enum ParserProbe {
  /// Where the import's two paths for one export line disagree: nil when the transcoder and
  /// the full decoder store the same row or refuse alike, else both outcomes.
  package static func decoderDisagreement(_ line: UnsafeBufferPointer<UInt8>) -> String? {
    for wrapper in [DynamoJSONDecoder.ItemWrapper.required, .optional] {
      let (_, viaImport, viaDecoder) = ItemExtractor(profile: BuiltinProfiles.auditLogs).bothPaths(line, wrapper: wrapper)
      if viaImport != viaDecoder { return "\(viaImport) vs \(viaDecoder)" }
    }
    return nil
  }

  /// The manifests of an export folder.
  package static func manifests(folder: URL) throws { _ = try S3Export.open(folder: folder) }

  /// Scan, query or get-item output.
  package static func scan(path: String) throws { try SourceReader.forEachScanItem(path: path) { _, _, _, _ in } }

  /// Stream records, both passes.
  package static func stream(path: String) throws {
    try SourceReader.withStreamRecords(path: path) { _, records in try records { _ in } }
  }

  /// Data Pipeline (JSON and Hive) and JSON lines, each item turned into its stored row.
  package static func lines(path: String) {
    for format in [ImportFormat.pipeline, .jsonl] {
      _ = try? SourceReader.forEachLineItem(path: path, format: format) { item, lone, raw, _ in
        _ = try? ItemExtractor(profile: BuiltinProfiles.auditLogs).storedItem(item, loneSurrogate: lone, rawLine: raw)
      }
    }
  }

  /// A gzip stream, inflated and split into lines.
  package static func gzip(path: String) throws {
    _ = try LineReader(path: path, gzip: true).forEachLine(progress: { _ in }) { _, _ in }
  }
}
