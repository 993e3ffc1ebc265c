import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditChecks

/// Appends a table's new records to its log as verify walks them (one pass over the store):
/// for a chain the previous checkpoint holds, the records above its head; for a new chain,
/// all of them; chain by chain, in seq order. Leaves must go in by chain id in UTF-16 order;
/// the store walks chains in UTF-8 order, which is the same unless ids mix characters at or
/// above U+E000 with ones above U+FFFF. `inOrder` turns false when they differ, and the writer
/// then appends chain by chain from the store instead.
final class LeafCollector: ChainRowSink, @unchecked Sendable {
  /// A chain as collected: its state so far, and its first current record.
  struct Collected {
    var chain: ChainState.Chain
    var isNew: Bool
    var firstSeq: Int64? = nil
    var firstPrevHash: String? = nil
  }

  let table: String
  let previousChains: [[UInt8]: ChainState.Chain]
  private(set) var range: CompactRange
  let leaves: AtomicFile?
  /// The chains collected, the one being collected last.
  var chains: [Collected] { done + (current.map { [$0] } ?? []) }
  private var done: [Collected] = []
  private var current: Collected? = nil
  private(set) var inOrder = true
  private(set) var appended: UInt64 = 0
  private(set) var failure: Error? = nil

  /// Starts from `previous` (its right edge and chains), copying its leaves file into `leaves`.
  init(table: String, previous: TrustedCheckpoint?, leavesPath: String?) throws {
    self.table = table
    var byID: [[UInt8]: ChainState.Chain] = [:]
    for chain in previous?.state.chains ?? [] { byID[Array(chain.chain.utf8)] = chain }
    previousChains = byID
    range = previous?.state.range ?? CompactRange()
    leaves = try leavesPath.map { try AtomicFile(path: $0) }
    if let leaves, let previous {
      let file = try LeafFile(path: CheckpointFiles(previous.source).leavesPath)
      try file.forEach { try leaves.write($0) }
    }
  }

  func add(table: String, row: ChainRow) {
    guard row.current, row.unchained == nil, let seq = row.seq, let hash = row.hash, let prevHash = row.prevHash,
      table.utf8.elementsEqual(self.table.utf8)
    else { return }
    add(chain: row.chainID, seq: seq, hash: hash, prevHash: prevHash, ttl: row.ttl)
  }

  /// The next current record of the walk.
  func add(chain id: String, seq: Int64, hash: String, prevHash: String, ttl: Int64?) {
    guard inOrder, failure == nil else { return }
    if !(current.map { $0.chain.chain.utf8.elementsEqual(id.utf8) } ?? false) {
      if let last = current, !UTF16Order.less(Array(last.chain.chain.utf8), Array(id.utf8)) {
        inOrder = false
        return
      }
      if let last = current { done.append(last) }
      let previous = previousChains[Array(id.utf8)]
      current = Collected(
          chain: previous
            ?? ChainState.Chain(
              chain: id, first: seq, firstPrevHash: prevHash, startProven: true, head: 0, headHash: "", leaves: [], ttl: []),
          isNew: previous == nil)
    }
    // Moved out and back, never copied: a copy of the chain's growing arrays per record would
    // cost the chain's length each time.
    guard var c = current.take() else { return }
    append(&c, seq: seq, hash: hash, prevHash: prevHash, ttl: ttl)
    current = c
  }

  private func append(_ c: inout Collected, seq: Int64, hash: String, prevHash: String, ttl: Int64?) {
    if c.firstSeq == nil {
      c.firstSeq = seq
      c.firstPrevHash = prevHash
    }
    if !c.isNew && seq <= c.chain.head { return }  // already a leaf
    guard let data = RecordHash.bytes(hex: hash) else { return }  // verify reports it, and the writer refuses
    let index = range.size
    range.append(leafHash: Merkle.leafHash(data))
    do { try leaves?.write(data) } catch {
      failure = error
      return
    }
    appended += 1
    if let last = c.chain.leaves.last, last.seq + last.count == seq, last.index + UInt64(last.count) == index {
      c.chain.leaves[c.chain.leaves.count - 1].count += 1
    } else {
      c.chain.leaves.append(ChainState.LeafRun(seq: seq, index: index, count: 1))
    }
    c.chain.addTTL(seq: seq, ttl: ttl)
    c.chain.head = seq
    c.chain.headHash = hash
  }

  /// Appends chain by chain from the store, in UTF-16 order of the ids (`chains`: verify's
  /// chain statuses, already in that order).
  func collectFromStore(_ store: AuditStore, table: Int64, latest: Int64, chains statuses: [ChainStatus]) throws {
    for status in statuses {
      guard let first = status.firstSeq else { continue }
      try store.forEachChainRecord(table: table, latest: latest, chain: status.chain, from: first) { seq, hash, prevHash, ttl in
        add(chain: status.chain, seq: seq, hash: hash, prevHash: prevHash, ttl: ttl)
      }
    }
  }
}
