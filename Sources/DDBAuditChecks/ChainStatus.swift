import Foundation

/// One chain as verify found it: the evidence rows of the integrity report.
package struct ChainStatus: Sendable, Equatable {
  package var table: String
  package var chain: String
  /// Present records.
  package var records: Int64
  package var firstSeq: Int64?
  package var headSeq: Int64?
  package var headHash: String?
  /// Findings above `info` on this chain.
  package var findings: Int
  package var intact: Bool { findings == 0 }
}
