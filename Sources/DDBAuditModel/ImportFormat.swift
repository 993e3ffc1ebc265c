import Foundation

/// The shapes of DynamoDB data ddbaudit imports (docs/formats.md).
package enum ImportFormat: String, Sendable, CaseIterable {
  /// S3 export, full (`manifest-summary.json`, `data/*.json.gz`).
  case export
  /// S3 incremental export: changes in a window, in a shared `AWSDynamoDB/data/` folder.
  case incremental
  /// `aws dynamodb scan` / `query` / `get-item` output, one or more pages.
  case scan
  /// Stream records: a Lambda event, GetRecords output, or Kinesis Data Streams payloads.
  case stream
  /// Legacy Data Pipeline exports (lower-cased descriptors, or the Hive `\u{3}`/`\u{2}` form).
  case pipeline
  /// Items in DynamoDB JSON, one per line, with or without `{"Item": …}`, optionally gzipped.
  case jsonl

  /// The kind the store records (`full` for a full export).
  package var kind: String { self == .export ? "full" : rawValue }
  /// Formats that hold changes rather than a table's whole content.
  package var holdsChanges: Bool { self == .incremental || self == .stream }
}

/// A write seen in an incremental export or a stream.
package enum ChangeEvent: String, Sendable {
  case insert = "INSERT", modify = "MODIFY", remove = "REMOVE"
  /// An incremental export's new image: an INSERT or a MODIFY, depending on what the store held.
  case upsert = "UPSERT"
}

/// One change as a source file states it.
package struct SourceChange: Sendable {
  package var event: ChangeEvent
  package var keys: Item
  package var newImage: Item?
  package var oldImage: Item?
  /// ms.
  package var at: Int64?
  package var eventID: String?
  package var ttlDeletion: Bool
  package var line: Int
  package var tableName: String?
  /// The stream record's `SequenceNumber` (decimal digits), the order of writes within a shard.
  package var sequence: [UInt8]? = nil

  package init(event: ChangeEvent, keys: Item, newImage: Item? = nil, oldImage: Item? = nil, at: Int64? = nil, eventID: String? = nil, ttlDeletion: Bool, line: Int, tableName: String? = nil, sequence: [UInt8]? = nil) {
    self.event = event
    self.keys = keys
    self.newImage = newImage
    self.oldImage = oldImage
    self.at = at
    self.eventID = eventID
    self.ttlDeletion = ttlDeletion
    self.line = line
    self.tableName = tableName
    self.sequence = sequence
  }
}
