import DDBAuditModel
import DDBAuditStore

/// Compares every current record verify walks with the leaf a trusted checkpoint signed for
/// it (its `.leaves` file at hand), and keeps each chain's first record that differs: a
/// record re-sealed on its own, or the start of a rewritten stretch, is found where it is.
final class LeafCheck: ChainRowSink, @unchecked Sendable {
  struct Mismatch {
    var seq: Int64
    var signed: String
    var now: String
    var pk: String
    var sk: String
  }

  let table: String
  let leaf: @Sendable (UInt64) throws -> [UInt8]?
  private let chains: [[UInt8]: ChainState.Chain]
  private var current: (id: [UInt8], chain: ChainState.Chain?, done: Bool)? = nil
  /// By chain id (UTF-8 bytes).
  private(set) var first: [[UInt8]: Mismatch] = [:]
  private(set) var failure: Error? = nil

  init?(_ trusted: TrustedCheckpoint) {
    guard let leaf = trusted.leaf else { return nil }
    self.leaf = leaf
    table = trusted.state.table
    var byID: [[UInt8]: ChainState.Chain] = [:]
    for chain in trusted.state.chains { byID[Array(chain.chain.utf8)] = chain }
    chains = byID
  }

  func add(table: String, row: ChainRow) {
    guard failure == nil, row.current, let seq = row.seq, let hash = row.hash, table.utf8.elementsEqual(self.table.utf8) else { return }
    if current.map({ !$0.id.elementsEqual(row.chainID.utf8) }) ?? true {
      let id = Array(row.chainID.utf8)
      current = (id, chains[id], false)
    }
    // Once a chain's first mismatch is found, the rest of it is not read.
    guard let now = current, !now.done, let chain = now.chain, seq >= chain.first, seq <= chain.head,
      let index = chain.leafIndex(seq: seq)
    else { return }
    do {
      guard let data = try leaf(index), !RecordHash.matches(hex: hash, data) else { return }
      first[now.id] = Mismatch(seq: seq, signed: RecordHash.hex(data), now: hash, pk: row.pk, sk: row.sk)
      current?.done = true
    } catch {
      failure = error
    }
  }
}
