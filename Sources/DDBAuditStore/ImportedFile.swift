import Foundation

/// One data file of an import, with what was checked.
package struct ImportedFile: Sendable {
  package var path: String
  package var s3Key: String?
  package var md5: String?
  package var etag: String?
  package var itemCount: Int64
  package var bytes: Int64
  package var verified: Bool

  package init(path: String, s3Key: String? = nil, md5: String? = nil, etag: String? = nil, itemCount: Int64, bytes: Int64, verified: Bool) {
    self.path = path
    self.s3Key = s3Key
    self.md5 = md5
    self.etag = etag
    self.itemCount = itemCount
    self.bytes = bytes
    self.verified = verified
  }
}
