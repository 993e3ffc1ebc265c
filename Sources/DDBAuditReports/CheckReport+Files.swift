import Foundation
import DDBAuditModel
import DDBAuditFiles

extension CheckReport {
  package static let csvHeadings = ["severity", "code", "table", "key", "detail"]

  static func csvCells(_ f: Finding) -> [Cell] {
    [.text(f.severity.rawValue), .text(f.code.rawValue), .text(f.table), f.key.map { .text($0.text) } ?? .empty, .text(f.detail)]
  }

  /// One header row, then one row per finding.
  package func writeCSV(to target: OutputTarget, options: CSVOptions) throws {
    let csv = CSVWriter(options: options)
    let chained = findingFields == .chained
    try target.write(csv.preamble)
    try target.write(csv.record(chained ? findingHeadings : Self.csvHeadings))
    for finding in findings { try target.write(csv.record(chained ? findingCells(finding) : Self.csvCells(finding))) }
  }

  /// What the verdict sheet says was checked.
  var verdictCheck: String {
    switch command {
    case "verify": ReportVerdict.integrityCheck
    case "retention": ReportVerdict.retentionCheck
    default: "Table settings: TTL, backups, streams, encryption, deletion protection"
    }
  }

  /// Summary, Findings and Evidence sheets, written atomically to `path`.
  package func writeXLSX(path: String) throws {
    let widths = evidenceWidths ?? evidenceColumns.indices.map { k in evidenceRows.map { $0[k].text.count }.max() ?? 8 }
    let document = ReportDocument.listing(
      name: command, title: title, description: description, columns: evidenceColumns, widths: widths, period: .all,
      asOf: asOf, rows: Int64(evidenceRows.count), sources: subjects.compactMap(\.source), findings: findings)
    let file = try AtomicFile(path: path, external: true)
    let sink = try XLSXReportSink(
      file: file, asOf: asOf, title: title, constantMemory: max(findings.count, evidenceRows.count) > XLSXReportSink.constantMemoryRows, verdictCheck: verdictCheck)
    try sink.begin(document)
    for row in evidenceRows { try sink.row(row) }
    try sink.finish(siblings: [])
    _ = try file.commit()
  }
}
