import DDBAuditModel
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
  /// A Cognito user pool: `aws cognito-idp list-users` pages, `admin-get-user` output, and
  /// `list-groups` / `admin-list-groups-for-user` output (docs/access-review.md).
  case cognito

  /// The kind the store records for an import of this format; nil for a user pool, which is
  /// not a table.
  package var kind: ImportKind? {
    switch self {
    case .cognito: nil
    case .export: .full
    case .incremental: .incremental
    case .scan: .scan
    case .stream: .stream
    case .pipeline: .pipeline
    case .jsonl: .jsonl
    }
  }
  /// Formats that hold changes rather than a table's whole content.
  package var holdsChanges: Bool { kind?.holdsChanges ?? false }
}
