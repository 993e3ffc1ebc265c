import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditChecks

/// Signs a table's current state as the next checkpoint of its log (docs/checkpoint.md §3):
/// verify first (against the previous checkpoint, when there is one), refuse when that finds
/// anything at or above `error`, then append the records that are new since the previous
/// checkpoint to its tree, in (chain id in UTF-16 order, seq) order, and write the note, the
/// chain state and the leaves, all three atomically.
package struct CheckpointWriter {
  package let store: AuditStore
  package let catalog: ProfileCatalog

  package init(store: AuditStore, catalog: ProfileCatalog) {
    self.store = store
    self.catalog = catalog
  }

  /// What `write` did.
  package enum Outcome {
    /// Written: the checkpoint, and the verification it rests on.
    case written(Checkpoint, ChainState, verification: VerifyResult, appended: UInt64, leaves: Bool)
    /// Refused: the state is not a consistent extension (or not intact); the verification says why.
    case refused(VerifyResult)
  }

  package struct Request {
    package var table: String
    package var signer: NoteSigner
    package var previous: TrustedCheckpoint?
    package var origin: String?
    package var asOf: Int64
    package var output: CheckpointFiles
    package init(table: String, signer: NoteSigner, previous: TrustedCheckpoint?, origin: String?, asOf: Int64, output: CheckpointFiles) {
      self.table = table
      self.signer = signer
      self.previous = previous
      self.origin = origin
      self.asOf = asOf
      self.output = output
    }
  }

  package func write(_ request: Request) throws -> Outcome {
    var options = VerifyOptions(table: request.table, asOf: request.asOf)
    if let previous = request.previous {
      guard previous.state.table.utf8.elementsEqual(request.table.utf8) else {
        throw DDBAuditError.usage("\(previous.source) is a checkpoint of table \"\(previous.state.table)\", not \"\(request.table)\"")
      }
      options.checkpoints = [.trusted(previous)]
    }
    // The leaves file carries on only if the previous one is at hand (or this is the first).
    let leavesPath = request.previous.map { $0.leaf != nil } ?? true ? request.output.leavesPath : nil
    var collector = try LeafCollector(table: request.table, previous: request.previous, leavesPath: leavesPath)
    options.chainSink = collector
    let result = try Verifier(store: store, catalog: catalog).verify(options)
    guard let verified = result.tables.first, verified.chained, let latest = verified.latest else {
      throw DDBAuditError.usage("table \"\(request.table)\" has no hash chains; checkpoints sign chained tables (docs/checkpoint.md)")
    }
    if result.findings.any(atOrAbove: .error) { return .refused(result) }
    if let failure = collector.failure { throw failure }
    guard let stored = try store.storedTables().first(where: { $0.name.utf8.elementsEqual(request.table.utf8) }) else {
      throw DDBAuditError.internalInvariant("verified table \(request.table) is not in the store")
    }
    if !collector.inOrder {
      collector = try LeafCollector(table: request.table, previous: request.previous, leavesPath: leavesPath)
      try collector.collectFromStore(store, table: stored.id, latest: latest.id, chains: result.chains)
      if let failure = collector.failure { throw failure }
    }
    let origin = try self.origin(request, table: stored)

    let unanchored = Set(
      result.findings.filter { $0.code == .unanchoredHead && $0.seq == 1 }.compactMap { $0.chain.map { Array($0.utf8) } })
    let exportSeconds = latest.seenAt / 1000
    var chains: [ChainState.Chain] = []
    var present: Set<[UInt8]> = []
    for collected in collector.chains {
      guard let first = collected.firstSeq else { continue }
      let id = Array(collected.chain.chain.utf8)
      present.insert(id)
      var chain = collected.chain
      if collected.isNew {
        chain.startProven = first == 1 || !unanchored.contains(id)
      } else if first > chain.first, first - 1 <= chain.head, chain.ttlBounds(through: first - 1).upper <= exportSeconds {
        // What expired at the chain's start, shown by the TTLs this log signed, is let go.
        chain.startProven = chain.startProven && !unanchored.contains(id)
        chain.retain(from: first, prevHash: collected.firstPrevHash ?? chain.firstPrevHash)
      }
      chains.append(chain)
    }
    // A chain gone without being shown expired stays, so that the next verify judges it again.
    for chain in request.previous?.state.chains ?? [] where !present.contains(Array(chain.chain.utf8)) {
      if chain.ttlBounds(through: chain.head).upper > exportSeconds { chains.append(chain) }
    }
    chains.sort { UTF16Order.less(Array($0.chain.utf8), Array($1.chain.utf8)) }

    let range = collector.range
    let leavesDigest = try collector.leaves?.prepare()
    let state = ChainState(
      origin: origin, table: request.table, exportTime: latest.seenAt, range: range, leavesDigest: leavesDigest, chains: chains)
    var stateBytes = state.json.bytes(pretty: true)
    stateBytes.append(0x0A)
    let checkpoint = Checkpoint(
      origin: origin, size: range.size, root: range.root,
      extensions: [Checkpoint.stateExtension + RecordHash.sha256Hex(stateBytes)])
    let note = try SignedNote.sign(checkpoint.text, with: [request.signer])
    let stateFile = try AtomicFile(path: request.output.statePath)
    try stateFile.write(stateBytes)
    let noteFile = try AtomicFile(path: request.output.path)
    try noteFile.write(note)
    try stateFile.prepare()
    try noteFile.prepare()
    // The note last: until it is renamed, the previous checkpoint (if here) stays whole.
    try collector.leaves?.commit()
    try stateFile.commit()
    try noteFile.commit()
    return .written(checkpoint, state, verification: result, appended: collector.appended, leaves: collector.leaves != nil)
  }

  /// The log's origin: as given, else the previous checkpoint's (a log keeps its origin),
  /// else derived from the table's ARN.
  func origin(_ request: Request, table: StoredTable) throws -> String {
    if let previous = request.previous {
      let kept = previous.state.origin
      if let given = request.origin, !given.utf8.elementsEqual(kept.utf8) {
        throw DDBAuditError.usage("the log's origin is \"\(kept)\" (from \(previous.source)); a log keeps its origin, so --origin cannot change it")
      }
      return kept
    }
    if let given = request.origin {
      guard !given.isEmpty, !given.contains("\n"), given.unicodeScalars.allSatisfy({ $0.value >= 0x20 }) else {
        throw DDBAuditError.usage("--origin must be one line of printable text")
      }
      return given
    }
    return Checkpoint.defaultOrigin(table: table.name, tableArn: try store.tableArn(table: table.id))
  }
}
