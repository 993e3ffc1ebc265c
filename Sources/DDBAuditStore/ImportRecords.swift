import Foundation
import DDBAuditModel
import DDBAuditFiles

/// One import as the store records it.
package struct ImportRecord: Sendable, Equatable, Codable {
  package var id: Int64
  package var identity: String
  package var kind: ImportKind
  package var table: String
  /// The point in time the import reflects: the export time, or the end of its window.
  package var exportTime: Int64?
  package var verified: Bool
  package var itemCount: Int64
  package var newVersions: Int64
}

/// A table and what the store holds of it.
package struct TableListing: Sendable, Equatable {
  package var name: String
  package var profile: String
  /// Distinct item keys.
  package var items: Int64
  /// Item versions, including earlier versions of changed items.
  package var versions: Int64
  package var imports: [ImportRecord]
}

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

  package init(identity: String, kind: ImportKind, table: String, profile: TableProfile, tableArn: String? = nil, exportTime: Int64? = nil, exportFrom: Int64? = nil, exportTo: Int64? = nil, source: String, manifest: String? = nil) {
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

/// An item ready for the store.
package struct StoredItem: Sendable {
  package var pk: String
  package var sk: String
  package var recordTime: Int64?
  package var ttl: Int64?
  package var ix1: String?
  package var ix2: String?
  /// Canonical JSON bytes, or the raw JSON when `noncanonical` is set.
  package var json: [UInt8]
  package var noncanonical: String?
  /// The chain attributes, for chained tables (nil otherwise).
  package var chain: ChainFields?

  package init(pk: String, sk: String, recordTime: Int64? = nil, ttl: Int64? = nil, ix1: String? = nil, ix2: String? = nil, json: [UInt8], noncanonical: String? = nil, chain: ChainFields? = nil) {
    self.pk = pk
    self.sk = sk
    self.recordTime = recordTime
    self.ttl = ttl
    self.ix1 = ix1
    self.ix2 = ix2
    self.json = json
    self.noncanonical = noncanonical
    self.chain = chain
  }
}

/// A chained record's place in its chain, as read from its attributes.
package struct ChainFields: Sendable, Equatable {
  package var chainID: String
  /// Nil when `seq` is missing or not a positive integer.
  package var seq: Int64?
  package var prevHash: String?
  package var hash: String?
  /// Why the record is `UNCHAINED`, when it is.
  package var problem: String?

  package init(chainID: String, seq: Int64? = nil, prevHash: String? = nil, hash: String? = nil, problem: String? = nil) {
    self.chainID = chainID
    self.seq = seq
    self.prevHash = prevHash
    self.hash = hash
    self.problem = problem
  }
}
