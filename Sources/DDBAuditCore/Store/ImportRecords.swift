import Foundation

/// One import as the store records it.
public struct ImportRecord: Sendable, Equatable, Codable {
  public var id: Int64
  public var identity: String
  public var kind: String
  public var table: String
  /// The point in time the import reflects: the export time, or the end of its window.
  public var exportTime: Int64?
  public var verified: Bool
  public var itemCount: Int64
  public var newVersions: Int64
}

/// A table and what the store holds of it.
public struct TableListing: Sendable, Equatable {
  public var name: String
  public var profile: String
  /// Distinct item keys.
  public var items: Int64
  /// Item versions, including earlier versions of changed items.
  public var versions: Int64
  public var imports: [ImportRecord]
}

/// Describes an import about to be written.
public struct ImportHeader: Sendable {
  public var identity: String
  public var kind: String
  public var table: String
  public var profile: TableProfile
  public var tableArn: String?
  public var exportTime: Int64?
  public var exportFrom: Int64?
  public var exportTo: Int64?
  public var source: String
  public var manifest: String?
}

/// One data file of an import, with what was checked.
public struct ImportedFile: Sendable {
  public var path: String
  public var s3Key: String?
  public var md5: String?
  public var etag: String?
  public var itemCount: Int64
  public var bytes: Int64
  public var verified: Bool
}

/// An item ready for the store.
public struct StoredItem: Sendable {
  public var pk: String
  public var sk: String
  public var recordTime: Int64?
  public var ttl: Int64?
  public var ix1: String?
  public var ix2: String?
  /// Canonical JSON bytes, or the raw JSON when `noncanonical` is set.
  public var json: [UInt8]
  public var noncanonical: String?
  /// The chain attributes, for chained tables (nil otherwise).
  public var chain: ChainFields?
}

/// A chained record's place in its chain, as read from its attributes.
public struct ChainFields: Sendable, Equatable {
  public var chainID: String
  /// Nil when `seq` is missing or not a positive integer.
  public var seq: Int64?
  public var prevHash: String?
  public var hash: String?
  /// Why the record is `UNCHAINED`, when it is.
  public var problem: String?
}
