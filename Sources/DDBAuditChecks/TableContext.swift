import Foundation
import DDBAuditModel
import DDBAuditStore

/// Verification of one table: its chains, its changed items and its backdated ones.
struct TableContext {
  let table: StoredTable
  let profile: TableProfile
  /// The import that is the table's current state, and every import of it by time (each a
  /// whole state: a full export, a snapshot, or an earlier state with changes applied).
  let latest: ImportPoint
  let imports: [ImportPoint]
  let asOf: Int64
  let store: AuditStore
  var findings: [Finding] = []

  func key(_ pk: String, _ sk: String) -> ItemKey { profile.key(pk: pk, sk: sk) }

  /// The import at which a version last seen at `lastSeen` was found gone: the first
  /// import after it (spec §5 judges its ttl at that export's time).
  func goneAt(lastSeen: Int64) -> ImportPoint {
    imports.first { $0.seenAt > lastSeen } ?? latest
  }

  /// Whether a gone version had expired when it was found gone.
  func expired(ttl: Int64?, lastSeen: Int64) -> Bool {
    guard let ttl else { return false }
    return ttl.multipliedReportingOverflow(by: 1000).partialValue <= goneAt(lastSeen: lastSeen).seenAt
  }

  // MARK: Chains

  /// Walks every chain of the table in seq order, hashing each batch on all cores.
  mutating func walkChains(sinks: [any ChainRowSink] = []) throws -> [ChainStatus] {
    guard let names = profile.chain else { return [] }
    let hashName = Array(names.hash.utf8)
    var walker: ChainWalker? = nil
    var chains: [ChainStatus] = []
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    let context = self
    try store.forEachChainBatch(table: table.id, latest: latest.id) { batch in
      let hashes = batch.parallelMap(workers: workers) { row -> String? in
        row.item.isEmpty ? nil : row.item.withUnsafeBufferPointer { RecordHash.compute(canonical: $0, hashAttribute: hashName) }
      }
      for (row, computed) in zip(batch, hashes) {
        for sink in sinks { sink.add(table: context.table.name, row: row) }
        if !(walker?.chainID.utf8.elementsEqual(row.chainID.utf8) ?? false) {
          if var done = walker {
            try done.finish()
            findings += done.findings
            chains.append(done.status)
          }
          walker = ChainWalker(chainID: row.chainID, context: context)
        }
        try walker!.add(row, computed: computed)
      }
    }
    if var done = walker {
      try done.finish()
      findings += done.findings
      chains.append(done.status)
    }
    return chains
  }

  /// Compares the chains just walked with each trusted checkpoint of the table; where one
  /// proves that a chain's missing start expired, the walker's `UNANCHORED_HEAD` becomes
  /// `TRUNCATED_BY_RETENTION`.
  mutating func compare(
    with checkpoints: [(TrustedCheckpoint, LeafCheck?)], chains: [ChainStatus], backdateTolerance: Int64
  ) throws {
    var proven: [[UInt8]: String] = [:]  // by chain id, as UTF-8 bytes
    for (trusted, leaves) in checkpoints {
      if let failure = leaves?.failure { throw failure }
      var comparison = CheckpointComparison(trusted: trusted, context: self, leaves: leaves)
      try comparison.compare(with: chains, backdateTolerance: backdateTolerance)
      findings += comparison.findings
      proven.merge(comparison.provenStarts) { first, _ in first }
    }
    guard !proven.isEmpty else { return }
    for k in findings.indices where findings[k].code == .unanchoredHead && findings[k].seq == 1 {
      guard let chain = findings[k].chain, let why = proven[Array(chain.utf8)] else { continue }
      let old = findings[k]
      findings[k] = Finding(
        .truncatedByRetention, table: old.table, chain: chain, seq: 1, seqEnd: old.seqEnd,
        detail: "the chain starts at seq \((old.seqEnd ?? 0) + 1): \(why)")
    }
  }

  // MARK: Across exports

  /// Reports items whose content changed between imports: any change to a chained record,
  /// and changes to attributes the profile does not declare mutable elsewhere. A table whose
  /// profile was learned (every attribute mutable) gets one CHANGED (info) that counts them.
  mutating func compareVersions() throws {
    let mutable = Set(profile.mutableAttributes.map { Array($0.utf8) })
    let chained = profile.chain != nil
    let hashName = profile.chain.map { Array($0.hash.utf8) }
    var changedItems = 0
    var window: (from: Int64, to: Int64)? = nil
    try store.forEachChangedKey(table: table.id, latest: latest.id) { pk, sk, versions in
      if profile.everyAttributeMutable {
        guard let first = versions.first, let last = versions.last else { return }
        changedItems += 1
        window = (min(window?.from ?? .max, first.lastSeen), max(window?.to ?? .min, last.firstSeen))
        return
      }
      var changed: [[UInt8]] = []
      var since: (old: ItemVersion, new: ItemVersion)? = nil
      for (old, new) in zip(versions, versions.dropFirst()) {
        let names = try Self.changedAttributes(old, new).filter { chained || !mutable.contains($0) }
        if names.isEmpty { continue }
        if since == nil { since = (old, new) }
        for name in names where !changed.contains(name) { changed.append(name) }
      }
      guard let since, let last = versions.last(where: \.current) ?? versions.last else { return }
      changed.sort(by: UTF16Order.less)
      let resigned =
        hashName != nil && last.noncanonical == nil
        && last.item.withUnsafeBufferPointer({ RecordHash.compute(canonical: $0, hashAttribute: hashName!) })
          == Self.attribute(hashName!, of: last)
      if resigned { changed.removeAll { $0 == hashName } }
      var detail =
        "changed between \(importName(at: since.old.lastSeen)) and \(importName(at: since.new.firstSeen)): "
        + changed.map { "\"\(String(decoding: $0, as: UTF8.self))\"" }.joined(separator: ", ")
      if resigned { detail += " (and its own hash was recomputed to match)" }
      if !last.current { detail += "; the record is no longer present" }
      findings.append(
        Finding(.modified, table: table.name, chain: chained ? last.chainID : nil, seq: last.seq, key: key(pk, sk), detail: detail))
    }
    if changedItems > 0, let window {
      findings.append(
        Finding(
          .changed, table: table.name,
          detail:
            "\(changedItems) \(changedItems == 1 ? "item" : "items") changed between \(importName(at: window.from)) and \(importName(at: window.to)); "
            + "every attribute of each item's successive versions was compared. The table's profile was learned from its keys, so every "
            + "attribute may change: write a profile with mutableAttributes (`ddbaudit profile init`) to have other changes reported as MODIFIED"))
    }
  }

  /// Reports the current items of an unchained table that have no canonical form (chained
  /// tables report them as their chains are walked): their hash and comparisons cannot be
  /// trusted, whatever the table.
  mutating func findNoncanonical() throws {
    var found: [Finding] = []
    try store.forEachNoncanonical(table: table.id, latest: latest.id) { pk, sk, reason in
      found.append(Finding(.noncanonical, table: table.name, key: key(pk, sk), detail: "stored without a canonical form: \(reason)"))
    }
    findings += found
  }

  /// `the full export of 2026-11-20T06:00:00.000Z`, `the scan output imported at …`: the
  /// import of this table that took place at `time` (an import's `seenAt`).
  func importName(at time: Int64) -> String {
    let when = Timestamp.iso8601(milliseconds: time)
    guard let point = imports.first(where: { $0.seenAt == time }) else { return "the import of \(when)" }
    switch point.kind {
    case .full: return "the full export of \(when)"
    case .incremental: return "the incremental export to \(when)"
    case .stream: return "the stream records of \(point.source) (to \(when))"
    case .scan: return "the scan output \(point.source) (taken \(when))"
    case .pipeline: return "the Data Pipeline file \(point.source) (taken \(when))"
    case .jsonl: return "the jsonl file \(point.source) (taken \(when))"
    case .userPool: return "the user pool snapshot \(point.source) (taken \(when))"
    }
  }

  /// Reports what incremental exports and streams say happened to an audit table's records:
  /// every MODIFY is MODIFIED, and every REMOVE a stream saw that was not DynamoDB's TTL
  /// process is MISSING (spec §5: records are written once and leave only by TTL).
  mutating func findChangeEvents() throws {
    for e in try store.changeEvents(table: table.id) {
      var detail = e.event == .modify ? "a MODIFY" : "a REMOVE that was not a TTL deletion"
      detail += e.at.map { " at \(Timestamp.iso8601(milliseconds: $0))" } ?? ""
      detail += e.eventID.map { " (stream record \($0))" } ?? ""
      detail += " in \(e.source)" + (e.line.map { ":\($0)" } ?? "")
      let chained = profile.chain != nil
      findings.append(
        Finding(
          e.event == .modify ? .modified : .missing, table: table.name, chain: chained ? (e.chainID ?? e.pk) : nil,
          seq: chained ? e.seq : nil, seqEnd: chained && e.event == .remove ? e.seq : nil, key: key(e.pk, e.sk), detail: detail))
    }
  }

  /// Names of the top-level attributes that differ between two versions.
  static func changedAttributes(_ a: ItemVersion, _ b: ItemVersion) throws -> [[UInt8]] {
    let x = try decode(a), y = try decode(b)
    var names: [[UInt8]] = []
    for entry in x.entries where y.entries.first(where: { $0.name == entry.name })?.value != entry.value {
      names.append(entry.name)
    }
    for entry in y.entries where !x.entries.contains(where: { $0.name == entry.name }) { names.append(entry.name) }
    return names
  }

  static func decode(_ version: ItemVersion) throws -> Item {
    try StoredRow.decode(version.item, noncanonical: version.noncanonical != nil, what: "\(version.id)")
  }

  static func attribute(_ name: [UInt8], of version: ItemVersion) -> String? {
    guard let item = try? decode(version), case .string(let s)? = item.entries.first(where: { $0.name == name })?.value else {
      return nil
    }
    return String(decoding: s, as: UTF8.self)
  }

  /// Reports items first seen in the latest full export whose record time says the
  /// previous full export should already have contained them.
  mutating func findBackdated(previous: ImportPoint, tolerance: Int64) throws {
    guard latest.isFull else { return }
    let cutoff = previous.seenAt - tolerance
    var found: [Finding] = []
    try store.forEachBackdated(table: table.id, latest: latest.id, cutoff: cutoff) {
      pk, sk, recordTime, chainID, seq in
      found.append(
        Finding(
          .backdated, table: table.name, chain: chainID, seq: seq, key: key(pk, sk),
          detail:
            "first seen in the export of \(Timestamp.iso8601(milliseconds: latest.seenAt)), but recorded at \(Timestamp.iso8601(milliseconds: recordTime)), before the previous export (\(Timestamp.iso8601(milliseconds: previous.seenAt))) that should have contained it"
        ))
    }
    findings += found
  }
}
