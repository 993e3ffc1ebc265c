import Foundation

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
