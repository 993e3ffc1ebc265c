import Foundation
import DDBAuditModel

/// Describes an import about to be written.
package struct ImportHeader: Sendable {
  package var identity: String
  package var kind: ImportKind
  package var table: String
  package var profile: TableProfile
  package var tableArn: String?
  package var exportTime: Int64?
  package var exportFrom: Int64?
  package var exportTo: Int64?
  package var source: String
  package var manifest: String?
  /// The shard the import keeps (nil: the whole table). A store holds one shard, or none.
  package var shard: Shard?

  package init(identity: String, kind: ImportKind, table: String, profile: TableProfile, tableArn: String? = nil, exportTime: Int64? = nil, exportFrom: Int64? = nil, exportTo: Int64? = nil, source: String, manifest: String? = nil, shard: Shard? = nil) {
    self.shard = shard
    self.identity = identity
    self.kind = kind
    self.table = table
    self.profile = profile
    self.tableArn = tableArn
    self.exportTime = exportTime
    self.exportFrom = exportFrom
    self.exportTo = exportTo
    self.source = source
    self.manifest = manifest
  }
}
