import DDBXLSX
import Foundation

/// A report output format.
public enum ReportFormat: String, Sendable, CaseIterable {
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
        [.text(s.table), .text(s.profile), .text(s.identity), .text(s.kind), .time(s.time), .number(String(s.items))])
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
              ("kind", .string(s.kind)), ("exportTime", .string(Timestamp.iso8601(milliseconds: s.time))),
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

// MARK: XLSX

/// Sheets Summary, Findings and Evidence (continuing in "Evidence (2)", … past Excel's row
/// limit), each with a bold frozen header row, an autofilter and fitted column widths.
final class XLSXReportSink: ReportSink {
  let file: AtomicFile
  private let workbook: Workbook
  private var bold: Format!
  private var dateFormat: Format!
  private var wrapped: Format!
  private var severityFormats: [Severity: Format] = [:]
  /// The header and footer of every printed page: report, generated-at, page N of M.
  private var pageHeader = ""
  private var pageFooter = ""
  private var evidence: Worksheet!
  private var evidenceSheets = 0
  private var rowInSheet = 0
  private var headings: [String] = []
  private var widths: [Int] = []
  private var expectedRows: Int64 = 0
  private var writtenRows: Int64 = 0
  /// Data rows per sheet: Excel's limit minus the header row (smaller in tests).
  private let rowsPerSheet: Int

  init(file: AtomicFile, asOf: Int64, title: String, constantMemory: Bool, rowsPerSheet: Int = Worksheet.maxRows - 1) throws {
    self.file = file
    self.rowsPerSheet = rowsPerSheet
    var options = Workbook.Options()
    options.constantMemory = constantMemory
    options.created = asOf / 1000
    options.title = title
    options.temporaryDirectory = URL(fileURLWithPath: file.path).deletingLastPathComponent().path
    do { workbook = try Workbook(path: file.temporaryPath, options: options) } catch let e as XLSXError {
      throw Self.wrap(e, file.path)
    }
  }

  static func wrap(_ error: XLSXError, _ path: String) -> DDBAuditError {
    .io(path: path, message: "libxlsxwriter: \(error.message)")
  }

  private func attempt(_ body: () throws -> Void) throws {
    do { try body() } catch let e as XLSXError { throw Self.wrap(e, file.path) }
  }

  func begin(_ d: ReportDocument) throws {
    try attempt {
      bold = try workbook.addFormat().bold()
      dateFormat = try workbook.addFormat().numberFormat("yyyy-mm-dd hh:mm:ss.000")
      wrapped = try workbook.addFormat().textWrap().verticalTop()
      // Colour is a help, never the message: the severity word is in the cell too.
      for (severity, colors) in [(Severity.critical, (0xFFFFFF, 0xC00000)), (.error, (0x9C0006, 0xFFC7CE)), (.warning, (0x7F6000, 0xFFEB9C)), (.info, (0x404040, 0xEDEDED))] {
        severityFormats[severity] = try workbook.addFormat().bold().fontColor(UInt32(colors.0)).background(UInt32(colors.1))
      }
      let title = Worksheet.escapedForHeader(d.definition.title)
      pageHeader = "&L\(title)&R\(Worksheet.escapedForHeader("generated " + Timestamp.iso8601(milliseconds: d.generatedAt)))"
      pageFooter = "&L\(Worksheet.escapedForHeader(d.definition.name))&CPage &P of &N&R&A"
      let summary = try workbook.addWorksheet("Summary")
      try summary.printSetup(repeatRows: 1, header: pageHeader, footer: pageFooter)
      try summary.setColumn(0, 0, width: 22)
      try summary.setColumn(1, 3, width: 60)
      try summary.write(string: "Field", row: 0, column: 0, format: bold)
      try summary.write(string: "Value", row: 0, column: 1, format: bold)
      summary.freezePanes(row: 1, column: 0)
      var r = 1
      for (k, v) in d.headerFields(sqlite: AuditStore.sqliteVersion, xlsxwriter: xlsxwriterVersion) {
        try write(summary, r, [.text(k), .text(v)])
        r += 1
      }
      for s in d.sources {
        try write(summary, r, [.text("source"), .text("\(s.table) (\(s.profile)): \(s.identity)"), .time(s.time), .number(String(s.items))])
        r += 1
      }
      for (k, v) in d.summaryFields {
        try write(summary, r, [.text(k), .number(String(v))])
        r += 1
      }
      for group in d.summary.groups {
        r += 1
        try summary.write(string: group.title, row: r, column: 0, format: bold)
        r += 1
        for entry in group.counts {
          try write(summary, r, [.text(entry.values.joined(separator: " / ")), .number(String(entry.count))])
          r += 1
        }
      }
      // Findings for people: most severe first, then by code and place; readable headings,
      // the severity cell formatted by severity, long keys and details wrapped.
      let findings = try workbook.addWorksheet("Findings")
      try findings.printSetup(repeatRows: 1, header: pageHeader, footer: pageFooter)
      let readable = ["Severity", "Code", "Table", "Chain", "Seq", "Seq end", "Key", "Detail"]
      let keyWidth = min(60, max(12, d.findings.map { $0.key?.text.count ?? 0 }.max() ?? 0))
      try header(findings, readable, widths: [10, min(30, max(12, d.findings.map(\.code.rawValue.count).max() ?? 0)), 16, 18, 8, 8, keyWidth, 80])
      let ordered = d.findings.sorted { a, b in
        a.severity != b.severity ? a.severity > b.severity : a.code != b.code ? a.code < b.code : Finding.ordered(a, b)
      }
      for (k, f) in ordered.enumerated() {
        try write(findings, k + 1, findingCells(f))
        try findings.write(string: f.severity.rawValue, row: k + 1, column: 0, format: severityFormats[f.severity])
        if let key = f.key { try findings.write(string: key.text, row: k + 1, column: 6, format: wrapped) }
        try findings.write(string: f.detail, row: k + 1, column: 7, format: wrapped)
      }
      try findings.autofilter(firstRow: 0, firstColumn: 0, lastRow: max(1, d.findings.count), lastColumn: findingHeadings.count - 1)
    }
    headings = d.headings
    widths = d.widths.enumerated().map { k, w in d.timeColumns.contains(k) ? 24 : w }
    expectedRows = d.summary.rendered
    try newEvidenceSheet()
  }

  private func header(_ sheet: Worksheet, _ titles: [String], widths: [Int]) throws {
    for (k, title) in titles.enumerated() {
      try sheet.setColumn(k, k, width: Double(min(60, max(8, max(widths[k], title.count) + 2))))
      try sheet.write(string: title, row: 0, column: k, format: bold)
    }
    sheet.freezePanes(row: 1, column: 0)
  }

  private func newEvidenceSheet() throws {
    evidenceSheets += 1
    let name = evidenceSheets == 1 ? "Evidence" : "Evidence (\(evidenceSheets))"
    try attempt {
      evidence = try workbook.addWorksheet(name)
      try evidence.printSetup(repeatRows: 1, header: pageHeader, footer: pageFooter)
      try header(evidence, headings, widths: widths)
      let remaining = expectedRows - writtenRows
      let rows = Int(min(Int64(rowsPerSheet), max(remaining, 1)))
      try evidence.autofilter(firstRow: 0, firstColumn: 0, lastRow: rows, lastColumn: max(0, headings.count - 1))
    }
    rowInSheet = 0
  }

  func row(_ cells: [Cell]) throws {
    if rowInSheet == rowsPerSheet { try newEvidenceSheet() }
    rowInSheet += 1
    writtenRows += 1
    try attempt { try write(evidence, rowInSheet, cells) }
  }

  private func write(_ sheet: Worksheet, _ row: Int, _ cells: [Cell]) throws {
    for (column, cell) in cells.enumerated() {
      switch cell {
      case .empty: continue
      case .bool(let b): try sheet.write(boolean: b, row: row, column: column)
      case .time(let ms):
        // Excel shows the years 1900–9999 only; any other time is text with the reason, never
        // a cell Excel prints as ####.
        if let parts = Timestamp.excelParts(milliseconds: ms) {
          try sheet.write(
            year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second,
            row: row, column: column, format: dateFormat)
        } else {
          try sheet.write(string: "\(Timestamp.iso8601(milliseconds: ms)) (outside Excel's dates, 1900–9999)", row: row, column: column)
        }
      case .number(let n):
        if Self.fitsDouble(n), let value = Double(n) {
          try sheet.write(number: value, row: row, column: column)
        } else {
          try sheet.write(string: n, row: row, column: column)
        }
      case .text, .json:
        try sheet.write(string: Self.truncated(cell.text), row: row, column: column)
      }
    }
  }

  /// Whether a decimal keeps every digit as an Excel number (at most 15 significant digits).
  static func fitsDouble(_ plain: String) -> Bool {
    let digits = plain.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.drop { $0 == 0x30 }
    return digits.count <= 15
  }

  static let truncationMarker = "…[truncated]"

  /// Text within Excel's cell limit (32,767 UTF-8 bytes here), cut on a character boundary
  /// and marked.
  static func truncated(_ text: String) -> String {
    guard text.utf8.count > Worksheet.maxCellCharacters else { return text }
    let bytes = Array(text.utf8)
    var cut = Worksheet.maxCellCharacters - truncationMarker.utf8.count
    while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a character
    return String(decoding: bytes[..<cut], as: UTF8.self) + truncationMarker
  }

  func finish(siblings: [(name: String, sha256: String)]) throws {
    try attempt { try workbook.close() }
  }
}
