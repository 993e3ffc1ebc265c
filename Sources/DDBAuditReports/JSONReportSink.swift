import DDBXLSX
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

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
