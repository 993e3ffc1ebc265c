import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditChecks

/// Builds the proofs of `ddbaudit prove` and `prove-consistency` from a checkpoint's files
/// (its leaves file holds what the audit paths need) and, for inclusion, the store.
package struct Prover {
  package init() {}

  /// The inclusion proof of the current record with keys `pk`/`sk` of `checkpoint`'s table.
  package func inclusion(store: AuditStore, catalog: ProfileCatalog, pk: String, sk: String, checkpoint: TrustedCheckpoint) throws -> JSONValue {
    let table = checkpoint.state.table
    guard let (stored, latest) = try store.currentState(table: table), let profile = catalog.profile(for: stored), let names = profile.chain else {
      throw DDBAuditError.nothingToCheck(path: store.path, message: "the store holds no chained table \"\(table)\"")
    }
    guard let record = try store.chainRecord(table: stored.id, latest: latest.id, pk: pk, sk: sk) else {
      throw DDBAuditError.nothingToCheck(path: store.path, message: "table \"\(table)\" holds no chained record with key \(pk)\(sk.isEmpty ? "" : " / \(sk)")")
    }
    let leaves = try leafFile(checkpoint)
    guard let chain = checkpoint.state.chains.first(where: { $0.chain.utf8.elementsEqual(record.chain.utf8) }),
      let index = chain.leafIndex(seq: record.seq)
    else {
      throw DDBAuditError.nothingToCheck(
        path: checkpoint.source, message: "the checkpoint's log holds no leaf for chain \(record.chain) seq \(record.seq); sign a newer checkpoint")
    }
    guard let data = try leaves.leaf(index), RecordHash.hex(data) == record.hash else {
      throw DDBAuditError.nothingToCheck(
        path: checkpoint.source,
        message: "leaf \(index) of the log is not this record's hash \(record.hash): the record changed since the checkpoint (run verify --checkpoint)")
    }
    let path = try Merkle.inclusionProof(index: index, size: checkpoint.state.size, subtree: leaves.subtree)
    let note = String(decoding: try InputFile.contents(checkpoint.source), as: UTF8.self)
    return try Proofs.inclusion(
      note: note, table: table, item: record.item, hashAttribute: names.hash, index: index, size: checkpoint.state.size, path: path)
  }

  /// The consistency proof from `from` to `to`, from `to`'s leaves; refused when the first
  /// `from.size` leaves of `to`'s log do not give `from`'s root (the log was rewritten).
  package func consistency(from: TrustedCheckpoint, to: TrustedCheckpoint) throws -> JSONValue {
    guard from.checkpoint.origin.utf8.elementsEqual(to.checkpoint.origin.utf8) else {
      throw DDBAuditError.usage("\(from.source) and \(to.source) are checkpoints of different logs (\(from.checkpoint.origin), \(to.checkpoint.origin))")
    }
    guard from.state.size <= to.state.size else {
      throw DDBAuditError.usage("\(from.source) (size \(from.state.size)) is larger than \(to.source) (size \(to.state.size)); give the older one as --from")
    }
    let leaves = try leafFile(to)
    guard try leaves.subtree(0, from.state.size) == from.checkpoint.root || from.state.size == 0 else {
      throw DDBAuditError.checksumMismatch(
        path: to.source, message: "its log's first \(from.state.size) leaves do not hash to the root \(from.source) signed: the log was rewritten, not extended")
    }
    let path = try Merkle.consistencyProof(first: from.state.size, second: to.state.size, subtree: leaves.subtree)
    return Proofs.consistency(
      from: String(decoding: try InputFile.contents(from.source), as: UTF8.self),
      to: String(decoding: try InputFile.contents(to.source), as: UTF8.self), path: path)
  }

  func leafFile(_ checkpoint: TrustedCheckpoint) throws -> LeafFile {
    guard checkpoint.leaf != nil else {
      throw DDBAuditError.nothingToCheck(
        path: CheckpointFiles(checkpoint.source).leavesPath,
        message: "the checkpoint's leaves file is missing (or was not kept), and proofs are built from it")
    }
    return try LeafFile(path: CheckpointFiles(checkpoint.source).leavesPath)
  }
}
