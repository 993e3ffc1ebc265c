import DDBXLSX
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

/// Sheets Verdict, Summary, Findings and Evidence (continuing in "Evidence (2)", … past Excel's
/// row limit), each with a bold frozen header row, an autofilter and fitted column widths.
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

  /// The check the first sheet gives the verdict of; nil for a listing (a query) with none.
  private let verdictCheck: String?

  /// Above this many rows a workbook is written in libxlsxwriter's constant-memory mode: a
  /// workbook held in memory costs about 1.7 KB a row of 13 columns, so 100,000 rows took 294 MB
  /// and broke the 150 MB bound every command keeps; in constant-memory mode the same workbook
  /// peaks at 127 MB with the store's page cache (docs/reports.md).
  package static let constantMemoryRows: Int64 = 20_000

  init(
    file: AtomicFile, asOf: Int64, title: String, constantMemory: Bool, rowsPerSheet: Int = Worksheet.maxRows - 1,
    verdictCheck: String? = nil
  ) throws {
    self.file = file
    self.verdictCheck = verdictCheck
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
      if let verdictCheck { try verdictSheet(d, check: verdictCheck) }
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
      try chartsSheet(d)
      // Findings for people: most severe first, then by code and place; readable headings,
      // the severity cell formatted by severity, long keys and details wrapped.
      let findings = try workbook.addWorksheet("Findings")
      try findings.printSetup(repeatRows: 1, header: pageHeader, footer: pageFooter)
      let readable = ["Severity", "Code", "Table", "Chain", "Seq", "Seq end", "Key", "Detail"]
      let keyWidth = min(60, max(12, d.findings.map { $0.key?.text.count ?? 0 }.max() ?? 0))
      let detailWidth = 80
      try header(findings, readable, widths: [10, min(30, max(12, d.findings.map(\.code.rawValue.count).max() ?? 0)), 16, 18, 8, 8, keyWidth, detailWidth])
      let ordered = d.findings.sorted { a, b in
        a.severity != b.severity ? a.severity > b.severity : a.code != b.code ? a.code < b.code : Finding.ordered(a, b)
      }
      for (k, f) in ordered.enumerated() {
        // Wrapped text needs the row's height: not every reader fits it (LibreOffice does not).
        let lines = max(Self.lines(f.key?.text ?? "", width: keyWidth + 2), Self.lines(f.detail, width: detailWidth + 2))
        if lines > 1 { try findings.setRow(k + 1, height: Double(min(lines, 27)) * 15) }
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

  /// The first sheet: PASS or FAIL (the word in the cell; colour only helps), the findings by
  /// severity, then the period, as-of, sources and versions as labelled rows.
  private func verdictSheet(_ d: ReportDocument, check: String) throws {
    let sheet = try workbook.addWorksheet("Verdict")
    try sheet.printSetup(repeatRows: 0, header: pageHeader, footer: pageFooter)
    var verdict = d.verdict
    verdict.check = check
    try sheet.setColumn(0, 0, width: 36)
    try sheet.setColumn(1, 1, width: 92)
    try sheet.setColumn(2, 2, width: 14)
    try sheet.setColumn(3, 3, width: 24)
    try sheet.setColumn(4, 7, width: 12)
    let pass = try workbook.addFormat().bold().fontColor(0xFFFFFF).background(0x2E7D32)
    let fail = try workbook.addFormat().bold().fontColor(0xFFFFFF).background(0xC00000)
    try sheet.write(string: "Verdict", row: 0, column: 0, format: bold)
    try sheet.write(string: verdict.word, row: 0, column: 1, format: verdict.passed ? pass : fail)
    try sheet.write(string: "Check", row: 2, column: 0, format: bold)
    try sheet.write(string: "Result", row: 2, column: 1, format: bold)
    for (k, entry) in verdict.counts.enumerated() { try sheet.write(string: entry.severity.rawValue, row: 2, column: 2 + k, format: bold) }
    try sheet.write(string: verdict.check, row: 3, column: 0, format: wrapped)
    try sheet.write(string: verdict.word, row: 3, column: 1, format: verdict.passed ? pass : fail)
    for (k, entry) in verdict.counts.enumerated() {
      try sheet.write(number: Double(entry.count), row: 3, column: 2 + k, format: entry.count > 0 ? severityFormats[entry.severity] : nil)
    }
    var r = 5
    let labelled: [(String, Cell)] = [
      ("Report", .text(d.definition.title)),
      ("Period from (UTC)", d.period.from.map(Cell.time) ?? .text("(open)")),
      ("Period to (UTC)", d.period.to.map(Cell.time) ?? .text("(open)")),
      ("As of (UTC)", .time(d.asOf)), ("Generated at (UTC)", .time(d.generatedAt)),
    ]
    for (label, value) in labelled {
      try sheet.write(string: label, row: r, column: 0, format: bold)
      try write(sheet, r, [.empty, value])
      r += 1
    }
    r += 1
    for (k, title) in ["Source table", "Export", "Kind", "Export time (UTC)", "Items", "Checksums"].enumerated() {
      try sheet.write(string: title, row: r, column: k, format: bold)
    }
    r += 1
    for s in d.sources {
      try write(sheet, r, [.text("\(s.table) (\(s.profile))"), .text(s.identity), .text(s.kind.rawValue), .time(s.time), .number(String(s.items)), .text(s.verified ? "verified" : "UNVERIFIED")])
      r += 1
    }
    r += 1
    for (label, value) in [("ddbaudit", d.tool), ("SQLite", AuditStore.sqliteVersion), ("libxlsxwriter", xlsxwriterVersion)] {
      try sheet.write(string: label, row: r, column: 0, format: bold)
      try sheet.write(string: value, row: r, column: 1)
      r += 1
    }
    try findingsChart(d, on: sheet, at: r + 1)
  }

  /// Findings by code and severity: a table, and a native stacked bar chart over it, one
  /// series per severity in its colour (where a person would rather look than read).
  private func findingsChart(_ d: ReportDocument, on sheet: Worksheet, at top: Int) throws {
    guard !d.findings.isEmpty else { return }
    let severities = Severity.allCases.sorted(by: >)
    var codes: [FindingCode] = []
    for f in d.findings where !codes.contains(f.code) { codes.append(f.code) }
    codes.sort()
    try sheet.write(string: "Findings by code", row: top, column: 0, format: bold)
    for (k, severity) in severities.enumerated() { try sheet.write(string: severity.rawValue, row: top, column: 2 + k, format: bold) }
    for (n, code) in codes.enumerated() {
      try sheet.write(string: code.rawValue, row: top + 1 + n, column: 0)
      for (k, severity) in severities.enumerated() {
        try sheet.write(number: Double(d.findings.filter { $0.code == code && $0.severity == severity }.count), row: top + 1 + n, column: 2 + k)
      }
    }
    let chart = try workbook.addChart(.barStacked)
    chart.title("Findings by code and severity")
    let colors: [Severity: UInt32] = [.critical: 0xC00000, .error: 0xFF7C80, .warning: 0xFFC000, .info: 0xA6A6A6]
    for (k, severity) in severities.enumerated() {
      chart.addSeries(
        name: severity.rawValue, sheet: "Verdict", categoryColumn: 0, valueColumn: 2 + k, firstRow: top + 1,
        lastRow: top + codes.count, color: colors[severity])
    }
    try sheet.insert(chart, row: top + codes.count + 2, column: 0)
  }

  /// The groups a definition asks to chart, each as a table and a native chart beside it, on
  /// a "Charts" sheet after the Summary (none when no group asks).
  private func chartsSheet(_ d: ReportDocument) throws {
    let charted = d.summary.groups.compactMap { group -> (group: (title: String, by: [String], counts: [(values: [String], count: Int64)]), kind: Chart.Kind)? in
      guard !group.counts.isEmpty, let name = d.definition.groups.first(where: { $0.title == group.title })?.chart else { return nil }
      return (group, name == "bar" ? .bar : name == "line" ? .line : .column)
    }
    guard !charted.isEmpty else { return }
    let sheet = try workbook.addWorksheet("Charts")
    try sheet.printSetup(repeatRows: 0, header: pageHeader, footer: pageFooter)
    try sheet.setColumn(0, 0, width: 32)
    try sheet.setColumn(1, 1, width: 10)
    var top = 0
    for (group, kind) in charted {
      try sheet.write(string: group.title, row: top, column: 0, format: bold)
      try sheet.write(string: "Count", row: top, column: 1, format: bold)
      for (n, entry) in group.counts.enumerated() {
        try sheet.write(string: entry.values.joined(separator: " / "), row: top + 1 + n, column: 0)
        try sheet.write(number: Double(entry.count), row: top + 1 + n, column: 1)
      }
      let chart = try workbook.addChart(kind)
      chart.title(group.title)
      chart.hideLegend()
      chart.addSeries(name: group.title, sheet: "Charts", categoryColumn: 0, valueColumn: 1, firstRow: top + 1, lastRow: top + group.counts.count, color: 0x2F5597)
      // A bar chart grows with its categories, so that every label shows (about 15 rows of
      // chart hold 8 bars); the next table starts below both.
      let scale = kind == .bar ? max(1, Double(group.counts.count) / 8) : 1
      try sheet.insert(chart, row: top, column: 3, xScale: 1.3, yScale: scale)
      top += max(group.counts.count + 3, Int((15 * scale).rounded(.up)) + 3)
    }
  }

  /// About how many lines `text` wraps to in a column `width` characters wide.
  static func lines(_ text: String, width: Int) -> Int {
    text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { $0 + max(1, ($1.count + width - 1) / max(1, width)) }
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
