import DDBXLSX
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

// MARK: CSV

/// CSV as one rectangular table whose first column names the section: `report`, `source`,
/// `summary`, `group`, `findings-header`, `finding`, `evidence-header`, `evidence`. A program
/// keeps the `evidence` rows; a person reads it top to bottom.
final class CSVReportSink: ReportSink {
  let file: AtomicFile
  private let writer: CSVWriter
  private var width = 0

  init(file: AtomicFile, options: CSVOptions) {
    self.file = file
    writer = CSVWriter(options: options)
  }

  private func emit(_ section: String, _ cells: [Cell]) throws {
    var all = [Cell.text(section)] + cells
    if all.count < width { all += Array(repeating: .empty, count: width - all.count) }
    try file.write(writer.record(all))
  }

  func begin(_ d: ReportDocument) throws {
    width = 1 + max(d.definition.columns.count, findingHeadings.count, 6)
    try file.write(writer.preamble)
    for (k, v) in d.headerFields(sqlite: AuditStore.sqliteVersion, xlsxwriter: xlsxwriterVersion) {
      try emit("report", [.text(k), .text(v)])
    }
    try emit("source", ["table", "profile", "export", "kind", "export_time", "items"].map(Cell.text))
    for s in d.sources {
      try emit(
        "source",
        [.text(s.table), .text(s.profile), .text(s.identity), .text(s.kind.rawValue), .time(s.time), .number(String(s.items))])
    }
    for (k, v) in d.summaryFields { try emit("summary", [.text(k), .number(String(v))]) }
    for group in d.summary.groups {
      for entry in group.counts {
        try emit("group", [.text(group.title)] + entry.values.map(Cell.text) + [.number(String(entry.count))])
      }
    }
    try emit("findings-header", findingHeadings.map(Cell.text))
    for f in d.findings { try emit("finding", findingCells(f)) }
    try emit("evidence-header", d.headings.map(Cell.text))
  }

  func row(_ cells: [Cell]) throws { try emit("evidence", cells) }

  func finish(siblings: [(name: String, sha256: String)]) throws {}
}
