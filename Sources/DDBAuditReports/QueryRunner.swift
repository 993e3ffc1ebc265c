import Foundation
import DDBAuditModel
import DDBAuditFiles
import DDBAuditStore

/// Streams a table's current items in record-time order into CSV, JSON, JSON lines or XLSX.
/// Values are cut from the stored canonical JSON, so an item is never decoded whole.
package final class QueryRunner {
  package let store: AuditStore
  let catalog: ProfileCatalog

  package init(store: AuditStore, catalog: ProfileCatalog) {
    self.store = store
    self.catalog = catalog
  }

  /// The selection for `options`, with indexed filters mapped to the index columns.
  package func selection(_ options: QueryOptions) throws -> (ItemSelection, TableProfile) {
    guard let state = try store.currentState(table: options.table) else {
      throw DDBAuditError.usage("the store has no table \"\(options.table)\"; `ddbaudit tables` lists what it has")
    }
    guard let profile = catalog.profile(for: state.table) else {
      throw DDBAuditError.usage("table \"\(options.table)\" uses profile \"\(state.table.profile)\", which is not defined here; pass --profiles")
    }
    var selection = ItemSelection(tableID: state.table.id, latest: state.latest.id, from: options.period.from, to: options.period.to)
    for (name, value) in options.filters {
      guard ItemSelection.pathSafe(name) else { throw DDBAuditError.usage("--where: attribute names with \" or \\ are not supported") }
      let plain = (try? DecimalNumber.normalize(value).get()) ?? value
      let slot = profile.indexSlot(for: name)
      if slot == 0 && selection.ix1 == nil {
        selection.ix1 = value
      } else if slot == 1 && selection.ix2 == nil {
        selection.ix2 = value
      } else {
        selection.attributes.append((name, plain))
      }
    }
    return (selection, profile)
  }

  /// Writes the rows to `target`; returns how many.
  @discardableResult
  package func run(_ options: QueryOptions, to target: OutputTarget) throws -> Int64 {
    try store.snapshot {
      let (selection, profile) = try selection(options)
      let explicit = options.columns != nil
      let columns = try options.columns ?? discoverColumns(selection, profile)
      for name in columns where !ItemSelection.pathSafe(name) {
        throw DDBAuditError.usage("--columns: attribute names with \" or \\ are not supported")
      }
      let csv = CSVWriter(options: options.csv)
      var xlsx: XLSXReportSink? = nil
      var xlsxFile: AtomicFile? = nil
      switch options.format {
      case .csv:
        try target.write(csv.preamble)
        try target.write(csv.record(columns))
      case .json: try target.write("[")
      case .jsonl: break
      case .xlsx:
        guard let path = target.path else { throw DDBAuditError.usage("--format xlsx needs --output FILE") }
        let file = try AtomicFile(path: path, external: true)
        let count = try store.countItems(selection)
        let sink = try XLSXReportSink(file: file, asOf: options.asOf, title: "ddbaudit query \(options.table)", constantMemory: count > 20_000)
        try sink.begin(queryDocument(options, columns: columns, rows: count))
        xlsx = sink
        xlsxFile = file
      }
      var rows: Int64 = 0
      if options.format == .csv {
        // The fast path: S and N values go from the stored bytes to CSV without a String.
        var line: [UInt8] = []
        try store.forEachAttributeRow(selection, attributes: columns) { json, ranges in
          rows += 1
          line.removeAll(keepingCapacity: true)
          for (k, range) in ranges.enumerated() {
            if k > 0 { line.append(UInt8(ascii: ",")) }
            guard let range else { continue }
            csv.appendTypedField(UnsafeBufferPointer(rebasing: json[range]), to: &line)
          }
          line += options.csv.crlf ? [0x0D, 0x0A] : [0x0A]
          try target.write(line)
        }
        try target.commit()
        return rows
      }
      try forEachRow(selection, columns: columns) { cells, present in
        rows += 1
        switch options.format {
        case .csv: try target.write(csv.record(cells))
        case .json, .jsonl:
          // An attribute the item has is kept, a top-level NULL as JSON null; one it lacks is
          // left out, unless --columns asked for it.
          let members = columns.indices.compactMap { k in explicit || present[k] ? (columns[k], cells[k].json) : nil }
          var out = Array((options.format == .json ? (rows == 1 ? "\n" : ",\n") : "").utf8)
          JSONValue.object(members).write(to: &out, pretty: false, level: 0)
          if options.format == .jsonl { out.append(0x0A) }
          try target.write(out)
        case .xlsx:
          try xlsx!.row(cells.map { cell in
            if case .text(let s) = cell, s.contains("T"), let ms = Timestamp.parseISO8601(s) { return .time(ms) }
            return cell
          })
        }
      }
      if options.format == .json { try target.write(rows == 0 ? "]\n" : "\n]\n") }
      if let xlsx, let xlsxFile {
        try xlsx.finish(siblings: [])
        try xlsxFile.commit()
      } else {
        try target.commit()
      }
      return rows
    }
  }

  /// Every top-level attribute name of the selected items: the keys first, then the rest
  /// in UTF-16 order.
  func discoverColumns(_ selection: ItemSelection, _ profile: TableProfile) throws -> [String] {
    var names = try store.attributeNames(selection)
    let keys = [profile.partitionKey] + (profile.sortKey.map { [$0] } ?? [])
    names.removeAll { n in keys.contains { $0.utf8.elementsEqual(n.utf8) } }
    names.sort { UTF16Order.less(Array($0.utf8), Array($1.utf8)) }
    return keys + names
  }

  /// Each selected item's cells for `columns`, and whether the item has each attribute.
  func forEachRow(_ selection: ItemSelection, columns: [String], _ body: ([Cell], [Bool]) throws -> Void) throws {
    try store.forEachAttributeRow(selection, attributes: columns) { json, ranges in
      try body(ranges.map { $0.map { Self.cell(Array(json[$0])) } ?? .empty }, ranges.map { $0 != nil })
    }
  }

  static let stringPrefix = Array("{\"S\":\"".utf8)
  static let numberPrefix = Array("{\"N\":\"".utf8)

  /// The cell of one typed value in canonical DynamoDB JSON (`{"S":"…"}`).
  static func cell(_ typed: [UInt8]) -> Cell {
    // Fast paths for the canonical S and N forms without escapes.
    for (prefix, isText) in [(stringPrefix, true), (numberPrefix, false)]
    where typed.count >= prefix.count + 2 && typed.starts(with: prefix) && !typed.contains(UInt8(ascii: "\\")) {
      let text = String(decoding: typed[prefix.count..<(typed.count - 2)], as: UTF8.self)
      return isText ? .text(text) : .number(text)
    }
    let value = typed.withUnsafeBufferPointer { buffer -> AttributeValue? in
      var decoder = DynamoJSONDecoder(buffer)
      return try? decoder.typedValue(depth: 1)
    }
    return Cell(value)
  }

  /// A header for the XLSX form of a query.
  func queryDocument(_ options: QueryOptions, columns: [String], rows: Int64) -> ReportDocument {
    .listing(
      name: "query", title: "ddbaudit query \(options.table)", columns: columns,
      widths: columns.map { max(10, min(40, $0.count)) }, period: options.period, asOf: options.asOf, rows: rows)
  }
}
