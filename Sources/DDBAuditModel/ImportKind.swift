/// What one import in the store holds, as the store records it (`imports.kind`).
package enum ImportKind: String, Sendable, CaseIterable, Codable {
  /// An S3 full export: the table's whole content at its export time.
  case full
  /// An S3 incremental export: the changes in a window.
  case incremental
  /// `aws dynamodb scan` / `query` / `get-item` output.
  case scan
  /// Stream records (Lambda events, GetRecords output, Kinesis payloads): changes.
  case stream
  /// A Data Pipeline export.
  case pipeline
  /// DynamoDB JSON lines.
  case jsonl
  /// A Cognito user pool snapshot: never a table's import, only a report's source.
  case userPool = "cognito"

  /// Kinds that hold changes (INSERT, MODIFY, REMOVE) rather than a table's content.
  package var holdsChanges: Bool { self == .incremental || self == .stream }
  /// Kinds whose files come with a manifest of checksums and counts to verify.
  package var hasManifest: Bool { self == .full || self == .incremental }
}
