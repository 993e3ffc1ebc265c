import Crypto
import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore
import DDBAuditChecks

/// Runs a report definition over one snapshot of the store: a first pass counts, groups and
/// finds; a second streams the evidence rows into every requested format at once. Each file
/// is written atomically with a `.sha256` sidecar; the JSON lists its siblings' hashes.
package final class ReportRunner {
  let store: AuditStore
  let catalog: ProfileCatalog
  let loaded: LoadedDefinition
  var definition: ReportDefinition { loaded.definition }

  package init(store: AuditStore, catalog: ProfileCatalog, definition: LoadedDefinition) {
    self.store = store
    self.catalog = catalog
    self.loaded = definition
  }

  /// The file name stem: `audit-trail_2026-10-01_2026-11-01`, or for a report over no period
  /// (a snapshot) `api-keys_asof_2026-11-21`.
  package static func stem(_ name: String, _ period: Period, asOf: Int64) -> String {
    func part(_ ms: Int64?) -> String {
      guard let ms else { return "open" }
      let iso = Timestamp.iso8601(milliseconds: ms)
      return ms % 86_400_000 == 0 ? String(iso.prefix(10)) : String(iso.prefix(19)).replacingOccurrences(of: ":", with: "")
    }
    if period == .all { return "\(name)_asof_\(part(asOf))" }
    return "\(name)_\(part(period.from))_\(part(period.to))"
  }

  package func run(_ options: ReportOptions) throws -> ReportOutcome {
    let period = definition.period ? options.period : .all
    let stem = options.fileStem ?? Self.stem(definition.name, period, asOf: options.asOf)
    let directory = URL(fileURLWithPath: options.outputDirectory)
    let paths = options.formats.map { directory.appendingPathComponent("\(stem).\($0.rawValue)").path }
    do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw DDBAuditError.io(path: directory.path, message: "cannot create the output folder: \(error.localizedDescription)")
    }

    return try store.snapshot {
      var retention = options.retention ?? RetentionOptions(asOf: options.asOf)
      retention.asOf = options.asOf
      let source = try RowSource(
        store: store, catalog: catalog, definition: definition, period: period, asOf: options.asOf, retention: retention,
        userPool: options.userPool)
      var document = try tally(source, period: period, options: options)
      document.definitionSHA256 = loaded.sha256

      // Pass 2: every format at once, from the same snapshot.
      var sinks: [(ReportFormat, ReportSink)] = []
      for (format, path) in zip(options.formats, paths) {
        switch format {
        case .csv: sinks.append((format, CSVReportSink(file: try AtomicFile(path: path), options: options.csv)))
        case .json: sinks.append((format, JSONReportSink(file: try AtomicFile(path: path))))
        case .xlsx:
          sinks.append(
            (
              format,
              try XLSXReportSink(
                file: try AtomicFile(path: path, external: true), asOf: options.asOf,
                title: definition.title, constantMemory: document.summary.rendered > options.xlsxConstantMemoryThreshold,
                rowsPerSheet: options.xlsxRowsPerSheet, verdictCheck: document.check)
            ))
        }
      }
      for (_, sink) in sinks { try sink.begin(document) }
      var rendered: Int64 = 0
      let failAfter = ReportFaults.failAfterRows
      try source.forEachRow { row in
        guard row.rendered else { return }
        rendered += 1
        if let failAfter, rendered > failAfter {
          throw DDBAuditError.io(path: options.outputDirectory, message: "injected failure after \(failAfter) rows (ReportFaults)")
        }
        for (_, sink) in sinks { try sink.row(row.cells) }
      }
      guard rendered == document.summary.rendered else {
        throw DDBAuditError.internalInvariant("the store changed during the report (\(rendered) rows, first pass \(document.summary.rendered))")
      }
      // JSON last, so that it can list its siblings' hashes. Nothing is renamed into place
      // until every file is complete.
      var outputs: [ReportOutput] = []
      for (format, sink) in sinks.sorted(by: { ($0.0 == .json ? 1 : 0) < ($1.0 == .json ? 1 : 0) }) {
        let siblings = outputs.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.sha256) }
        try sink.finish(siblings: format == .json ? siblings : [])
        outputs.append(ReportOutput(path: sink.file.path, sha256: try sink.file.prepare()))
      }
      var sidecars: [AtomicFile] = []
      for output in outputs {
        let sidecar = try AtomicFile(path: output.path + ".sha256")
        try sidecar.write("\(output.sha256)  \(URL(fileURLWithPath: output.path).lastPathComponent)\n")
        _ = try sidecar.prepare()
        sidecars.append(sidecar)
      }
      for (_, sink) in sinks { try sink.file.commit() }
      for sidecar in sidecars { try sidecar.commit() }
      let order = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, $0) })
      return ReportOutcome(document: document, outputs: outputs.sorted { order[$0.path]! < order[$1.path]! })
    }
  }

  /// Pass 1: counts that add up, groups, findings and column widths.
  private func tally(_ source: RowSource, period: Period, options: ReportOptions) throws -> ReportDocument {
    var summary = ReportSummary()
    summary.imported = source.imported
    summary.outOfPeriod = try source.outOfPeriod()
    let columnIndex = Dictionary(uniqueKeysWithValues: definition.columns.enumerated().map { ($1.name, $0) })
    var groups = definition.groups.map { _ in [[String]: Int64]() }
    var findings: [Finding] = source.findings
    var widths = definition.columns.map { _ in 0 }
    var timeColumns = Set<Int>()
    try source.forEachRow { row in
      findings += row.findings
      summary.inPeriod += 1
      guard row.rendered else {
        summary.filtered += 1
        return
      }
      summary.rendered += 1
      for (k, cell) in row.cells.enumerated() {
        if case .time = cell { timeColumns.insert(k) }
        let length = cell.text.utf8.count
        widths[k] = max(widths[k], min(length, 60))
        if length > 32_767 {
          summary.truncatedCells += 1
          findings.append(
            Finding(
              FindingCode(rawValue: "CELL_TRUNCATED"), table: row.table, key: row.key,
              detail: "column \"\(definition.columns[k].name)\" holds \(length) bytes; the XLSX copy is cut to Excel's 32,767-character limit",
              severity: .warning))
        }
      }
      for (g, group) in definition.groups.enumerated() {
        let amount = group.sum.map { Int64(row.cells[columnIndex[$0]!].text) ?? 0 } ?? 1
        groups[g][group.by.map { row.cells[columnIndex[$0]!].text }, default: 0] += amount
      }
      for rule in definition.findings where rule.where.allSatisfy({ $0.holds(row.cells[columnIndex[$0.column]!]) }) {
        findings.append(
          Finding(
            FindingCode(rawValue: rule.code), table: row.table, key: row.key,
            detail: Self.fill(rule.detail, row.cells, columnIndex), severity: rule.severity))
      }
    }
    guard summary.imported == summary.inPeriod + summary.outOfPeriod else {
      throw DDBAuditError.internalInvariant(
        "counts do not add up: imported \(summary.imported) ≠ in period \(summary.inPeriod) + out of period \(summary.outOfPeriod)")
    }
    summary.groups = definition.groups.enumerated().compactMap { g, group in
      // whenPresent: left out when one of its columns has no value in any row.
      if group.whenPresent == true && group.by.indices.contains(where: { i in groups[g].keys.allSatisfy { $0[i].isEmpty } }) {
        return nil
      }
      // A bucketed column sorts by its bounds (<30, 30–89, 90–364, ≥365), any other by text.
      let buckets = group.by.map { name in definition.columns.first { $0.name == name }?.buckets }
      let counts = groups[g].map { (values: $0.key, count: $0.value) }.sorted { a, b in
        for (k, (x, y)) in zip(a.values, b.values).enumerated() where x != y {
          if let bounds = buckets[k] { return ColumnEvaluator.bucketRank(x, bounds) < ColumnEvaluator.bucketRank(y, bounds) }
          return UTF16Order.less(Array(x.utf8), Array(y.utf8))
        }
        return false
      }
      return (group.title, group.by, counts)
    }
    return ReportDocument(
      definition: definition, definitionPath: loaded.path, definitionSHA256: "", period: period, asOf: options.asOf,
      generatedAt: options.generatedAt, sources: source.sources, summary: summary,
      findings: Verifier.merged(findings), widths: widths, timeColumns: timeColumns)
  }

  /// A detail template with `{column}` replaced by the row's values, in one pass: a value
  /// that itself holds `{column}` is kept as it is, and an unknown `{name}` stays.
  static func fill(_ template: String, _ cells: [Cell], _ index: [String: Int]) -> String {
    var out = ""
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
      out += rest[..<open]
      let name = rest[rest.index(after: open)...]
      if let close = name.firstIndex(of: "}"), let k = index[String(name[..<close])] {
        out += cells[k].text
        rest = name[name.index(after: close)...]
      } else {
        out += "{"
        rest = name
      }
    }
    return out + rest
  }
}
