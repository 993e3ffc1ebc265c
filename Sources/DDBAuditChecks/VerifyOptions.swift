import Foundation

/// Settings of one verification.
package struct VerifyOptions: Sendable {
  /// Only this table (all tables when nil).
  package var table: String?
  /// "Now", in ms: the clock for ages in findings and the report header.
  package var asOf: Int64
  /// How much earlier than the previous full export's time a new record may claim to be
  /// before it is `BACKDATED` (ms), allowing for writes in flight while the export ran.
  package var backdateTolerance: Int64 = 3_600_000
  /// Checkpoints to verify against (`--checkpoint`), trusted or refused (docs/checkpoint.md).
  package var checkpoints: [CheckpointEvidence] = []
  /// Sees every chain row verify walks (`checkpoint` builds its log from them).
  package var chainSink: (any ChainRowSink)? = nil
  package init(table: String? = nil, asOf: Int64) {
    self.table = table
    self.asOf = asOf
  }
}
