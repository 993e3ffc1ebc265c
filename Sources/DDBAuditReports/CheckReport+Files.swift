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
    try target.write(csv.preamble)
    try target.write(csv.record(Self.csvHeadings))
    for finding in findings { try target.write(csv.record(Self.csvCells(finding))) }
  }

  /// Summary, Findings and Evidence sheets, written atomically to `path`.
  package func writeXLSX(path: String) throws {
    let title = "ddbaudit \(command)"
    let document = ReportDocument.listing(
      name: command, title: title, columns: evidenceColumns,
      widths: evidenceColumns.indices.map { k in evidenceRows.map { $0[k].text.count }.max() ?? 8 }, period: .all,
      asOf: asOf, rows: Int64(evidenceRows.count), findings: findings)
    let file = try AtomicFile(path: path, external: true)
    let check = command == "retention" ? ReportVerdict.retentionCheck : "Table settings: TTL, backups, streams, encryption, deletion protection"
    let sink = try XLSXReportSink(file: file, asOf: asOf, title: title, constantMemory: findings.count > 100_000, verdictCheck: check)
    try sink.begin(document)
    for row in evidenceRows { try sink.row(row) }
    try sink.finish(siblings: [])
    _ = try file.commit()
  }
}
