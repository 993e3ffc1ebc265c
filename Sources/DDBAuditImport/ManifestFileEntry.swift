import Crypto
import Foundation

/// One line of `manifest-files.json`.
package struct ManifestFileEntry: Sendable, Decodable {
  package var itemCount: Int64
  package var md5Checksum: String
  package var etag: String?
  package var dataFileS3Key: String

  /// What does not match between this entry and the file as read ("" when all does).
  func mismatch(md5Base64: String, items: Int64, what: String = "items") -> String {
    var problems: [String] = []
    if md5Base64 != md5Checksum {
      problems.append("MD5 of the file is \(md5Base64), but manifest-files.json says md5Checksum \(md5Checksum)")
    }
    if items != itemCount {
      problems.append("the file holds \(items) \(what), but manifest-files.json says itemCount \(itemCount)")
    }
    return problems.joined(separator: "; ")
  }
}
