import Foundation

/// The shapes of DynamoDB data ddbaudit imports (docs/formats.md).
public enum ImportFormat: String, Sendable, CaseIterable {
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
  public var kind: String { self == .export ? "full" : rawValue }
  /// Formats that hold changes rather than a table's whole content.
  public var holdsChanges: Bool { self == .incremental || self == .stream }
}

/// A write seen in an incremental export or a stream.
enum ChangeEvent: String, Sendable {
  case insert = "INSERT", modify = "MODIFY", remove = "REMOVE"
  /// An incremental export's new image: an INSERT or a MODIFY, depending on what the store held.
  case upsert = "UPSERT"
}

/// One change as a source file states it.
struct SourceChange: Sendable {
  var event: ChangeEvent
  var keys: Item
  var newImage: Item?
  var oldImage: Item?
  /// ms.
  var at: Int64?
  var eventID: String?
  var ttlDeletion: Bool
  var line: Int
  var tableName: String?
  /// The stream record's `SequenceNumber` (decimal digits), the order of writes within a shard.
  var sequence: [UInt8]? = nil
}
