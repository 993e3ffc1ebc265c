import DDBXLSX
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditChecks

/// A report output format.
package enum ReportFormat: String, Sendable, CaseIterable {
  case csv, xlsx, json
}

/// Writes one report file: the header, summary and findings first, then the evidence rows
/// as they stream, then `finish` commits the file atomically.
protocol ReportSink: AnyObject {
  var file: AtomicFile { get }
  func begin(_ document: ReportDocument) throws
  func row(_ cells: [Cell]) throws
  /// Completes the file; `siblings` are the other outputs' names and SHA-256s.
  func finish(siblings: [(name: String, sha256: String)]) throws
}

/// The finding columns every format uses.
let findingHeadings = ["severity", "code", "table", "chain", "seq", "seq_end", "key", "detail"]

func findingCells(_ f: Finding) -> [Cell] {
  [
    .text(f.severity.rawValue), .text(f.code.rawValue), .text(f.table), f.chain.map(Cell.text) ?? .empty,
    f.seq.map { .number(String($0)) } ?? .empty, f.seqEnd.map { .number(String($0)) } ?? .empty,
    f.key.map { .text($0.text) } ?? .empty, .text(f.detail),
  ]
}

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

// MARK: JSON

/// `{"schema":"ddbaudit.report/1","report","source","summary","findings","rows","outputs"}`.
final class JSONReportSink: ReportSink {
  let file: AtomicFile
  private var names: [String] = []
  private var first = true

  init(file: AtomicFile) { self.file = file }

  func begin(_ d: ReportDocument) throws {
    names = d.definition.columns.map(\.name)
    let header = Dictionary(uniqueKeysWithValues: d.headerFields(sqlite: AuditStore.sqliteVersion, xlsxwriter: xlsxwriterVersion))
    let report: JSONValue = .object([
      ("name", .string(d.definition.name)), ("title", .string(d.definition.title)),
      ("description", .string(d.definition.description)), ("definition", .string(d.definitionFile)),
      ("definitionSha256", .string(d.definitionSHA256)),
    ])
    let source: JSONValue = .object([
      ("tool", .string(d.tool)), ("sqlite", .string(header["sqlite"]!)), ("libxlsxwriter", .string(header["libxlsxwriter"]!)),
      ("asOf", .string(Timestamp.iso8601(milliseconds: d.asOf))),
      ("generatedAt", .string(Timestamp.iso8601(milliseconds: d.generatedAt))),
      (
        "period",
        .object([
          ("from", d.period.from.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null),
          ("to", d.period.to.map { .string(Timestamp.iso8601(milliseconds: $0)) } ?? .null),
        ])
      ),
      (
        "tables",
        .array(
          d.sources.map { s in
            .object([
              ("table", .string(s.table)), ("profile", .string(s.profile)), ("exportArn", .string(s.identity)),
              ("kind", .string(s.kind.rawValue)), ("exportTime", .string(Timestamp.iso8601(milliseconds: s.time))),
              ("verified", .bool(s.verified)), ("items", .int(s.items)),
            ])
          })
      ),
    ])
    var summary: [(String, JSONValue)] = d.summaryFields.map { ($0.0, .int($0.1)) }
    summary.append(
      (
        "groups",
        .array(
          d.summary.groups.map { g in
            .object([
              ("title", .string(g.title)), ("by", .array(g.by.map(JSONValue.string))),
              ("counts", .array(g.counts.map { c in .object([("values", .array(c.values.map(JSONValue.string))), ("count", .int(c.count))]) })),
            ])
          })
      ))
    var out = Array("{\n  \"schema\": \"ddbaudit.report/1\",\n  \"report\": ".utf8)
    report.write(to: &out, pretty: true, level: 1)
    out += Array(",\n  \"source\": ".utf8)
    source.write(to: &out, pretty: true, level: 1)
    out += Array(",\n  \"summary\": ".utf8)
    JSONValue.object(summary).write(to: &out, pretty: true, level: 1)
    out += Array(",\n  \"findings\": ".utf8)
    JSONValue.array(d.findings.map(\.json)).write(to: &out, pretty: true, level: 1)
    out += Array(",\n  \"rows\": [".utf8)
    try file.write(out)
  }

  func row(_ cells: [Cell]) throws {
    var out = Array((first ? "\n    " : ",\n    ").utf8)
    first = false
    JSONValue.object(zip(names, cells.map(\.json)).map { ($0, $1) }).write(to: &out, pretty: false, level: 0)
    try file.write(out)
  }

  func finish(siblings: [(name: String, sha256: String)]) throws {
    var out = Array((first ? "],\n  \"outputs\": " : "\n  ],\n  \"outputs\": ").utf8)
    JSONValue.array(siblings.map { .object([("file", .string($0.name)), ("sha256", .string($0.sha256))]) })
      .write(to: &out, pretty: true, level: 1)
    out += Array("\n}\n".utf8)
    try file.write(out)
  }
}
