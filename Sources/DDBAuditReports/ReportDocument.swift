import DDBAuditModel

/// Everything a report file says before its evidence rows.
package struct ReportDocument: Sendable {
  package var definition: ReportDefinition
  package var definitionPath: String
  package var definitionSHA256: String
  package var period: Period
  package var asOf: Int64
  package var generatedAt: Int64
  package var sources: [ReportTableSource]
  package var summary: ReportSummary
  package var findings: [Finding]
  /// The widest text of each column (for XLSX column widths).
  package var widths: [Int]
  /// Columns holding instants (their headings say UTC).
  package var timeColumns: Set<Int>

  package var tool: String { "ddbaudit \(DDBAuditVersion.current)" }

  /// The header of a file that is not a report definition's output (a query or verify
  /// workbook): every row rendered, nothing filtered.
  static func listing(
    name: String, title: String, description: String = "", columns: [String], widths: [Int], period: Period, asOf: Int64,
    rows: Int64, sources: [ReportTableSource] = [], findings: [Finding] = []
  ) -> ReportDocument {
    var definition = ReportDefinition(
      name: name, title: title, description: description, profiles: [],
      columns: columns.map { ReportDefinition.Column(name: $0, from: [$0]) })
    definition.period = period != .all
    var summary = ReportSummary()
    summary.imported = rows
    summary.inPeriod = rows
    summary.rendered = rows
    return ReportDocument(
      definition: definition, definitionPath: "(\(name))", definitionSHA256: "", period: period, asOf: asOf,
      generatedAt: asOf, sources: sources, summary: summary, findings: findings, widths: widths, timeColumns: [])
  }

  /// The definition's file name (its folder differs between machines; its hash does not).
  package var definitionFile: String { definitionPath.split(separator: "/").last.map(String.init) ?? definitionPath }

  /// The column headings as files show them: time columns marked UTC.
  package var headings: [String] {
    definition.columns.enumerated().map { k, c in
      timeColumns.contains(k) && !c.heading.contains("UTC") ? c.heading + " (UTC)" : c.heading
    }
  }

  /// The header as field/value pairs, in the order every format shows them.
  package func headerFields(sqlite: String, xlsxwriter: String) -> [(String, String)] {
    [
      ("report", definition.name), ("title", definition.title), ("description", definition.description),
      ("definition", "\(definitionFile) (sha256 \(definitionSHA256))"),
      ("period_from", period.from.map { Timestamp.iso8601(milliseconds: $0) } ?? "(open)"),
      ("period_to", period.to.map { Timestamp.iso8601(milliseconds: $0) } ?? "(open)"),
      ("as_of", Timestamp.iso8601(milliseconds: asOf)), ("generated_at", Timestamp.iso8601(milliseconds: generatedAt)),
      ("tool", tool), ("sqlite", sqlite), ("libxlsxwriter", xlsxwriter), ("times", "UTC"),
    ]
  }

  package var summaryFields: [(String, Int64)] {
    [
      ("imported", summary.imported), ("in_period", summary.inPeriod), ("out_of_period", summary.outOfPeriod),
      ("rendered", summary.rendered), ("filtered", summary.filtered), ("findings", Int64(findings.count)),
      ("truncated_cells", summary.truncatedCells),
    ]
  }
}

extension ReportDocument {
  /// The check a report definition's findings come from.
  var check: String {
    switch definition.source {
    case .verify: ReportVerdict.integrityCheck
    case .retention: ReportVerdict.retentionCheck
    case .items: "\(definition.title): the report's findings rules"
    case .accessReview: "Access review: actors joined with the user pool"
    }
  }

  /// The report's verdict: one check, named by where its findings come from.
  package var verdict: ReportVerdict {
    let severities = Severity.allCases.sorted(by: >)
    let counts = severities.map { severity in (severity, findings.filter { $0.severity == severity }.count) }
    return ReportVerdict(check: check, passed: !findings.contains { $0.severity >= .error }, counts: counts)
  }
}
