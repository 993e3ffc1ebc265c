import DDBAuditModel

/// A checkpoint handed to verify (`--checkpoint`), as its files were found: trusted (its note
/// verified under a trusted key and its chain state is the one it signed), or refused, and why.
package enum CheckpointEvidence: Sendable {
  case trusted(TrustedCheckpoint)
  /// `table`: the table the checkpoint claims to be of, when that could be read.
  case refused(source: String, table: String?, reason: String)
}

/// A checkpoint whose signature and chain state verified.
package struct TrustedCheckpoint: Sendable {
  /// The file it was read from, for findings.
  package var source: String
  package var checkpoint: Checkpoint
  package var state: ChainState
  /// The trusted keys that signed it.
  package var signedBy: [String]
  /// The data (a record hash) of leaf `index`, when its leaves file is at hand.
  package var leaf: (@Sendable (UInt64) throws -> [UInt8]?)?

  package init(
    source: String, checkpoint: Checkpoint, state: ChainState, signedBy: [String], leaf: (@Sendable (UInt64) throws -> [UInt8]?)? = nil
  ) {
    self.source = source
    self.checkpoint = checkpoint
    self.state = state
    self.signedBy = signedBy
    self.leaf = leaf
  }

  /// `the checkpoint audit_logs.ckpt (size 812, export of 2026-11-20T06:00:00.000Z)`.
  package var name: String {
    "the checkpoint \(source) (size \(state.size), export of \(Timestamp.iso8601(milliseconds: state.exportTime)))"
  }
}
