import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditChecks
extension VerifyResult {
  /// The `ddbaudit.verify/1` JSON document.
  package var json: JSONValue {
    let s = summary
    return .object([
      ("schema", "ddbaudit.verify/1"),
      ("asOf", .string(Timestamp.iso8601(milliseconds: asOf))),
      (
        "summary",
        .object([
          ("tables", .int(Int64(s.tables))), ("chainedTables", .int(Int64(s.chainedTables))),
          ("chains", .int(Int64(s.chains))), ("records", .int(s.records)), ("intactChains", .int(Int64(s.intactChains))),
          ("unchainedItems", .int(s.unchainedItems)),
          ("findings", .int(Int64(findings.count))),
          ("bySeverity", .object(Severity.allCases.reversed().map { ($0.rawValue, .int(Int64(s.findingsBySeverity[$0] ?? 0))) })),
          ("byCode", .object(s.findingsByCode.ordered(FindingCode.verifyCodes).map { ($0.0.rawValue, .int(Int64($0.1))) })),
        ])
      ),
      (
        "tables",
        .array(
          tables.map { t in
            .object([
              ("name", .string(t.name)), ("profile", .string(t.profile)), ("chained", .bool(t.chained)),
              ("imports", .int(Int64(t.imports))),
              ("latest", t.latest.map { $0.json } ?? .null), ("previousFull", t.previous.map { $0.json } ?? .null),
            ])
          })
      ),
      ("findings", .array(findings.map(\.json))),
    ])
  }

  /// The text report: the summary, the counts by code, then one line per finding.
  package var textLines: [String] {
    let s = summary
    var lines = [
      "verified as of \(Timestamp.iso8601(milliseconds: asOf))",
      "tables \(s.tables), chains \(s.chains), records \(s.records), intact chains \(s.intactChains)"
        + (s.unchainedItems > 0 ? ", items in unchained tables \(s.unchainedItems)" : ""),
    ]
    if findings.isEmpty {
      lines.append("no findings")
    } else {
      let severities = Severity.allCases.reversed().compactMap { sev in s.findingsBySeverity[sev].map { "\($0) \(sev.rawValue)" } }
      lines.append("findings \(findings.count): " + severities.joined(separator: ", "))
      for (code, count) in s.findingsByCode.ordered(FindingCode.verifyCodes) {
        lines.append("  \(code.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0))\(count)")
      }
      lines.append("")
      lines += findings.map(\.line)
    }
    return lines
  }
}

extension ImportPoint {
  var json: JSONValue {
    .object([("identity", .string(identity)), ("kind", .string(kind.rawValue)), ("time", .string(Timestamp.iso8601(milliseconds: seenAt)))])
  }
}

extension VerifyResult {
  /// The findings as CSV: one header row, then one row per finding.
  package func writeCSV(to target: OutputTarget, options: CSVOptions) throws {
    let csv = CSVWriter(options: options)
    try target.write(csv.preamble)
    try target.write(csv.record(findingHeadings))
    for finding in findings { try target.write(csv.record(findingCells(finding))) }
  }

  /// The result as a workbook: Summary (counts and the imports judged), Findings, and
  /// Evidence (every chain with its head seq and hash).
  package func writeXLSX(path: String) throws {
    let sources = tables.compactMap { t in
      t.latest.map {
        ReportTableSource(
          table: t.name, profile: t.profile, identity: $0.identity, kind: $0.kind, time: $0.seenAt, verified: $0.verified, items: 0)
      }
    }
    let document = ReportDocument.listing(
      name: "verify", title: "ddbaudit verify", description: "Hash chain v1 verification and cross-export comparison",
      columns: ["table", "chain", "status", "records", "first_seq", "head_seq", "head_hash", "findings"],
      widths: [16, 24, 9, 8, 8, 8, 64, 8], period: .all, asOf: asOf, rows: Int64(chains.count), sources: sources,
      findings: findings)
    let file = try AtomicFile(path: path, external: true)
    let sink = try XLSXReportSink(file: file, asOf: asOf, title: "ddbaudit verify", constantMemory: chains.count > 100_000,
      verdictCheck: ReportVerdict.integrityCheck)
    try sink.begin(document)
    for c in chains {
      try sink.row([
        .text(c.table), .text(c.chain), .text(c.intact ? "intact" : "FINDINGS"), .number(String(c.records)),
        c.firstSeq.map { .number(String($0)) } ?? .empty, c.headSeq.map { .number(String($0)) } ?? .empty,
        c.headHash.map(Cell.text) ?? .empty, .number(String(c.findings)),
      ])
    }
    try sink.finish(siblings: [])
    try file.commit()
  }
}
