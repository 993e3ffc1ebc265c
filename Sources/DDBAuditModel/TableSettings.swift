import Foundation

/// What the AWS CLI says about one table's settings, from the JSON output of
/// `aws dynamodb describe-table`, `describe-time-to-live` and `describe-continuous-backups`.
package struct TableSettings: Sendable {
  package var table: String
  /// The files it was read from.
  package var files: [String] = []
  /// `describe-table`: present when that output was given.
  package var described: Described?
  /// `describe-time-to-live`: `TimeToLiveStatus` and `AttributeName`.
  package var ttl: (status: String, attribute: String?)?
  /// `describe-continuous-backups`: the PITR status and restorable window (ms).
  package var pointInTimeRecovery: (status: String, earliest: Int64?, latest: Int64?)?

  package struct Described: Sendable {
    package var status: String?
    package var created: Int64?
    package var itemCount: Int64?
    package var streamEnabled: Bool
    package var streamViewType: String?
    /// `SSEDescription.Status` and `SSEType`, when described.
    package var sse: (status: String?, type: String?)?
    package var deletionProtection: Bool
    /// `KeySchema`: the partition (HASH) and sort (RANGE) key attribute names.
    package var partitionKey: String?
    package var sortKey: String?
    /// The partition key attributes of the global secondary indexes, then the sort keys of
    /// the local ones, in the order described, without repeats.
    package var indexAttributes: [String] = []
    package var tableArn: String?

    package init(
      status: String? = nil, created: Int64? = nil, itemCount: Int64? = nil, streamEnabled: Bool, streamViewType: String? = nil,
      sse: (status: String?, type: String?)? = nil, deletionProtection: Bool, partitionKey: String? = nil, sortKey: String? = nil,
      indexAttributes: [String] = [], tableArn: String? = nil
    ) {
      self.status = status
      self.created = created
      self.itemCount = itemCount
      self.streamEnabled = streamEnabled
      self.streamViewType = streamViewType
      self.sse = sse
      self.deletionProtection = deletionProtection
      self.partitionKey = partitionKey
      self.sortKey = sortKey
      self.indexAttributes = indexAttributes
      self.tableArn = tableArn
    }
  }

  package init(table: String) { self.table = table }
}
