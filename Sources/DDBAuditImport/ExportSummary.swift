import Crypto
import Foundation
import DDBAuditModel
import DDBAuditFiles

/// `manifest-summary.json` of an S3 export (full or incremental).
package struct ExportSummary: Sendable, Decodable {
  package var version: String?
  package var exportArn: String
  package var tableArn: String?
  package var exportTime: String?
  package var exportFromTime: String?
  package var exportToTime: String?
  package var startTime: String?
  package var endTime: String?
  package var itemCount: Int64?
  package var outputFormat: String?
  package var outputView: String?
  package var exportType: String?
  package var manifestFilesS3Key: String?

  /// The table name, from `tableArn` (`arn:aws:dynamodb:…:table/NAME`) or else the export ARN.
  package var tableName: String? {
    for arn in [tableArn, exportArn].compactMap({ $0 }) {
      guard let range = arn.range(of: ":table/") else { continue }
      let rest = arn[range.upperBound...]
      return String(rest.split(separator: "/", omittingEmptySubsequences: false).first ?? rest)
    }
    return nil
  }

  /// FULL_EXPORT unless the summary says otherwise (AWS omits the field on full exports).
  package var isIncremental: Bool { exportType == "INCREMENTAL_EXPORT" }
}

/// Checks `NAME.md5` (or `NAME.checksum`, as the AWS docs call it): base64 MD5 of the manifest.
func checkManifestChecksum(folder: URL, name: String, data: Data) -> [DDBAuditError] {
  let candidates = ["\(name).md5", "\(name).checksum"].map { folder.appendingPathComponent($0) }
  guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
    return [.checksumMismatch(path: candidates[0].path, message: "missing: the manifest \(name).json cannot be checked")]
  }
  guard let text = try? String(contentsOf: url, encoding: .utf8) else {
    return [.io(path: url.path, message: "cannot read the checksum file")]
  }
  let expected = text.trimmingCharacters(in: .whitespacesAndNewlines)
  let actual = Data(Insecure.MD5.hash(data: data)).base64EncodedString()
  if expected != actual {
    return [.checksumMismatch(path: url.path, message: "\(name).json has MD5 \(actual), but the checksum file says \(expected)")]
  }
  return []
}

func readFile(_ url: URL) throws -> Data { try InputFile.contents(url.path) }
