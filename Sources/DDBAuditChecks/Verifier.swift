import Foundation
import DDBAuditModel
import DDBAuditStore

/// Verifies hash chain v1 (`docs/chain.md`) for every chained table, and compares every
/// table's latest export with what earlier imports saw.
///
/// It streams the store in chain order and never holds a table in memory; the SHA-256 of
/// each batch of records is computed on all cores.
package final class Verifier {
  let store: AuditStore
  let catalog: ProfileCatalog

  package init(store: AuditStore, catalog: ProfileCatalog) {
    self.store = store
    self.catalog = catalog
  }

  package func verify(_ options: VerifyOptions) throws -> VerifyResult {
    var tables = try store.storedTables()
    if let name = options.table {
      tables = tables.filter { $0.name.utf8.elementsEqual(name.utf8) }
      if tables.isEmpty {
        throw DDBAuditError.nothingToCheck(path: store.path, message: "the store has no table \"\(name)\"; `ddbaudit tables` lists what it has")
      }
    }
    var summary = VerifySummary()
    var findings: [Finding] = []
    var verified: [VerifiedTable] = []
    var chainStatuses: [ChainStatus] = []
    for table in tables {
      guard let profile = catalog.profile(for: table) else {
        throw DDBAuditError.usage(
          "table \"\(table.name)\" was imported with profile \"\(table.profile)\", which is not defined here; pass the same --profiles file")
      }
      // Only what had happened by --as-of is evidence: an import that reflects a later time
      // is reported and left out, so it can neither be the current state nor prove an expiry.
      let allImports = try store.importPoints(table: table.id)
      let imports = allImports.filter { $0.seenAt <= options.asOf }
      for future in allImports where future.seenAt > options.asOf {
        findings.append(
          Finding(
            .futureEvidence, table: table.name,
            detail:
              "the \(future.kind) import \(future.identity) (from \(future.source)) reflects \(Timestamp.iso8601(milliseconds: future.seenAt)), after as-of \(Timestamp.iso8601(milliseconds: options.asOf)); it is not used as evidence"
          ))
      }
      // Every import is a whole state of the table: a full export, a snapshot (scan,
      // pipeline, JSON lines), or an earlier state with an incremental export's or a
      // stream's changes applied.
      let latest = imports.current
      let previous = latest.flatMap { l in imports.last { $0.seenAt < l.seenAt } }
      verified.append(
        VerifiedTable(
          name: table.name, profile: profile.name, chained: profile.chain != nil, latest: latest,
          previous: previous, imports: imports.count))
      summary.tables += 1
      guard let latest else { continue }
      var context = TableContext(
        table: table, profile: profile, latest: latest, imports: imports, asOf: options.asOf, store: store)
      if profile.chain != nil {
        summary.chainedTables += 1
        let checkpoints = trustedCheckpoints(of: table.name, options, findings: &findings).map { ($0, LeafCheck($0)) }
        let walked = try context.walkChains(sinks: [options.chainSink].compactMap { $0 } + checkpoints.compactMap(\.1))
        try context.compare(with: checkpoints, chains: walked, backdateTolerance: options.backdateTolerance)
        summary.chains += walked.count
        summary.records += walked.reduce(0) { $0 + $1.records }
        chainStatuses += walked
      } else {
        summary.unchainedItems += try store.itemCount(latest: latest.id)
        try context.findNoncanonical()
      }
      try context.compareVersions()
      if SettingsChecker.isAudit(profile) { try context.findChangeEvents() }
      if let previous, profile.time != .none {
        try context.findBackdated(previous: previous, tolerance: options.backdateTolerance)
      }
      findings += context.findings
    }
    findings += try refusedCheckpoints(options, tables: tables)
    if summary.records + summary.unchainedItems == 0 {
      throw DDBAuditError.nothingToCheck(
        path: store.path,
        message: options.table.map { "table \"\($0)\" holds no items" } ?? "the store holds no items; import exports first (`ddbaudit import PATH`)")
    }
    findings = Self.merged(findings)
    var broken: [String: [String: Int]] = [:]  // table -> chain -> findings above info
    for finding in findings {
      if finding.severity > .info, let chain = finding.chain { broken[finding.table, default: [:]][chain, default: 0] += 1 }
      summary.findingsByCode[finding.code, default: 0] += 1
      summary.findingsBySeverity[finding.severity, default: 0] += 1
    }
    for k in chainStatuses.indices {
      chainStatuses[k].findings = broken[chainStatuses[k].table]?[chainStatuses[k].chain] ?? 0
    }
    chainStatuses.sort { a, b in
      if !a.table.utf8.elementsEqual(b.table.utf8) { return UTF16Order.less(Array(a.table.utf8), Array(b.table.utf8)) }
      return UTF16Order.less(Array(a.chain.utf8), Array(b.chain.utf8))
    }
    summary.intactChains = chainStatuses.filter(\.intact).count
    return VerifyResult(
      asOf: options.asOf, summary: summary, tables: verified, chains: chainStatuses, findings: findings, shard: try store.shard())
  }

  /// The trusted checkpoints of `table`; one that reflects a time after --as-of is reported
  /// and left out, as imports are.
  func trustedCheckpoints(of table: String, _ options: VerifyOptions, findings: inout [Finding]) -> [TrustedCheckpoint] {
    var out: [TrustedCheckpoint] = []
    for case .trusted(let trusted) in options.checkpoints where trusted.state.table.utf8.elementsEqual(table.utf8) {
      if trusted.state.exportTime > options.asOf {
        findings.append(
          Finding(
            .futureEvidence, table: table,
            detail: "\(trusted.name) reflects a time after as-of \(Timestamp.iso8601(milliseconds: options.asOf)); it is not used as evidence"))
      } else {
        out.append(trusted)
      }
    }
    return out
  }

  /// `BAD_SIGNATURE` for every refused checkpoint, and `MISSING` for a trusted one whose
  /// table the store does not hold at all.
  func refusedCheckpoints(_ options: VerifyOptions, tables: [StoredTable]) throws -> [Finding] {
    var findings: [Finding] = []
    for evidence in options.checkpoints {
      switch evidence {
      case .refused(let source, let table, let reason):
        findings.append(
          Finding(.badSignature, table: table ?? "", detail: "the checkpoint \(source) is not used: \(reason)"))
      case .trusted(let trusted):
        guard options.table.map({ $0.utf8.elementsEqual(trusted.state.table.utf8) }) ?? true else { continue }
        if !tables.contains(where: { $0.name.utf8.elementsEqual(trusted.state.table.utf8) }) {
          findings.append(
            Finding(
              .missing, table: trusted.state.table,
              detail: "\(trusted.name) records \(trusted.state.chains.count) chains of this table; the store holds none of it"))
        }
      }
    }
    return findings
  }

  /// One finding per code and place: details of the same record joined, in order.
  package static func merged(_ findings: [Finding]) -> [Finding] {
    var out: [Finding] = []
    for finding in findings.sorted(by: Finding.ordered) {
      if var last = out.last, last.code == finding.code, last.table == finding.table, last.chain == finding.chain,
        last.seq == finding.seq, last.seqEnd == finding.seqEnd, last.key == finding.key
      {
        if last.detail != finding.detail { last.detail += "; " + finding.detail }
        out[out.count - 1] = last
      } else {
        out.append(finding)
      }
    }
    return out
  }
}
