import DDBAuditModel
import DDBAuditStore

extension VerifyResult {
  /// The result as every output format shows it (the `ddbaudit.verify/1` JSON document, the
  /// text, the findings as CSV, the workbook, JUnit XML and SARIF).
  package var report: CheckReport {
    let s = summary
    let counts: [(String, JSONValue)] = [
      ("tables", .int(Int64(s.tables))), ("chainedTables", .int(Int64(s.chainedTables))),
      ("chains", .int(Int64(s.chains))), ("records", .int(s.records)), ("intactChains", .int(Int64(s.intactChains))),
      ("unchainedItems", .int(s.unchainedItems)), ("findings", .int(Int64(findings.count))),
    ]
    var lines = [
      "verified as of \(Timestamp.iso8601(milliseconds: asOf))",
      "tables \(s.tables), chains \(s.chains), records \(s.records), intact chains \(s.intactChains)"
        + (s.unchainedItems > 0 ? ", items in unchained tables \(s.unchainedItems)" : ""),
    ]
    if !findings.isEmpty {
      lines.append(CheckReport.findingsText(findings))
      for (code, count) in s.findingsByCode.ordered(FindingCode.verifyCodes) {
        lines.append("  \(code.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0))\(count)")
      }
    }
    let subjects = tables.map { t in
      CheckReport.Subject(
        name: t.name, artifact: t.latest?.artifact ?? "",
        details: [
          ("profile", .string(t.profile)), ("chained", .bool(t.chained)), ("imports", .int(Int64(t.imports))),
          ("latest", t.latest.map(\.json) ?? .null), ("previousFull", t.previous.map(\.json) ?? .null),
        ],
        source: t.latest.map {
          ReportTableSource(table: t.name, profile: t.profile, identity: $0.identity, kind: $0.kind, time: $0.seenAt, verified: $0.verified, items: 0)
        })
    }
    let rows: [[Cell]] = chains.map { c in
      [
        .text(c.table), .text(c.chain), .text(c.intact ? "intact" : "FINDINGS"), .number(String(c.records)),
        c.firstSeq.map { .number(String($0)) } ?? .empty, c.headSeq.map { .number(String($0)) } ?? .empty,
        c.headHash.map(Cell.text) ?? .empty, .number(String(c.findings)),
      ]
    }
    return CheckReport(
      command: "verify", description: "Hash chain v1 verification and cross-export comparison", asOf: asOf, shard: shard,
      summary: counts + CheckReport.counts(findings, codes: FindingCode.verifyCodes), summaryLines: lines, subjects: subjects,
      rules: FindingCode.verifyCodes, findings: findings, findingFields: .chained,
      evidenceColumns: ["table", "chain", "status", "records", "first_seq", "head_seq", "head_hash", "findings"],
      evidenceRows: rows, evidenceWidths: [16, 24, 9, 8, 8, 8, 64, 8])
  }
}

extension ImportPoint {
  /// `{"identity","kind","time"}`: an import a verification rested on.
  var json: JSONValue {
    .object([("identity", .string(identity)), ("kind", .string(kind.rawValue)), ("time", .string(Timestamp.iso8601(milliseconds: seenAt)))])
  }
}
