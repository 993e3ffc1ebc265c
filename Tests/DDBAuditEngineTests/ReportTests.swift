import DDBAuditSamples
import Foundation
import Testing
import TestSupport
@testable import DDBAuditModel
@testable import DDBAuditFiles
@testable import DDBAuditChecks
@testable import DDBAuditReports

/// Reports and queries over the committed samples.
@Suite struct ReportTests {
  static let asOf = Timestamp.parseISO8601("2026-11-21T00:00:00Z")!

  static func samplesStore() throws -> TestStore {
    let store = try TestStore.samples()
    return store
  }

  static func run(
    _ name: String, store: TestStore, into dir: TemporaryDirectory, period: Period = .all,
    formats: [ReportFormat] = [.csv, .xlsx, .json], rowsPerSheet: Int? = nil, definitionPath: String? = nil,
    constantMemoryAbove: Int64? = nil
  ) throws -> ReportOutcome {
    let path = definitionPath ?? RepoPaths.reports.appendingPathComponent("\(name).json").path
    let runner = ReportRunner(
      store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all),
      definition: try LoadedDefinition(path: path))
    var options = ReportOptions(asOf: asOf, generatedAt: asOf)
    options.period = period
    options.formats = formats
    options.outputDirectory = dir.path
    if let rowsPerSheet { options.xlsxRowsPerSheet = rowsPerSheet }
    if let constantMemoryAbove { options.xlsxConstantMemoryThreshold = constantMemoryAbove }
    return try runner.run(options)
  }

  @Test(arguments: ["audit-trail", "integrity", "event-lifecycle", "api-keys", "webhook-deliveries", "retention"])
  func everyShippedReportRunsAndItsCountsAddUp(name: String) throws {
    let store = try Self.samplesStore()
    let dir = TemporaryDirectory()
    let outcome = try Self.run(name, store: store, into: dir, period: Period(from: Self.asOf - 90 * 86_400_000, to: Self.asOf))
    let s = outcome.document.summary
    #expect(s.imported == s.inPeriod + s.outOfPeriod)
    #expect(s.inPeriod == s.rendered + s.filtered)
    #expect(s.rendered > 0)
    #expect(outcome.outputs.count == 3)
    // The JSON carries the same counts and one row per rendered row.
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outcome.outputs[2].path))) as! [String: Any]
    let summary = json["summary"] as! [String: Any]
    #expect(summary["rendered"] as? Int64 == s.rendered || summary["rendered"] as? Int == Int(s.rendered))
    #expect((json["rows"] as! [Any]).count == Int(s.rendered))
    let outputs = json["outputs"] as! [[String: String]]
    #expect(outputs.map { $0["sha256"]! } == outcome.outputs.prefix(2).map(\.sha256))
    // The CSV carries the same counts, and as many evidence rows.
    let csv = try StrictCSV.parse(String(contentsOfFile: outcome.outputs[0].path, encoding: .utf8))
    #expect(csv.filter { $0[0] == "evidence" }.count == Int(s.rendered))
    #expect(csv.first { $0[0] == "summary" && $0[1] == "in_period" }?[2] == String(s.inPeriod))
    #expect(Set(csv.map(\.count)).count == 1, "the CSV is rectangular")
    // Sidecars in sha256sum format.
    for output in outcome.outputs {
      let sidecar = try String(contentsOfFile: output.path + ".sha256", encoding: .utf8)
      #expect(sidecar == "\(output.sha256)  \(URL(fileURLWithPath: output.path).lastPathComponent)\n")
    }
  }

  @Test func reportsAreByteIdenticalForTheSameStoreAndAsOfAndMatchTheGoldenFiles() throws {
    let store = try Self.samplesStore()
    let a = TemporaryDirectory(), b = TemporaryDirectory()
    let period = Period(from: Timestamp.parseISO8601("2026-10-01")!, to: Timestamp.parseISO8601("2026-11-01")!)
    let first = try Self.run("audit-trail", store: store, into: a, period: period)
    let second = try Self.run("audit-trail", store: store, into: b, period: period)
    for (x, y) in zip(first.outputs, second.outputs) where !x.path.hasSuffix(".xlsx") {
      #expect(x.sha256 == y.sha256, "\(x.path)")
    }
    let sheetsA = try XLSXFile(path: first.outputs[1].path), sheetsB = try XLSXFile(path: second.outputs[1].path)
    for sheet in sheetsA.sheetNames { #expect(try sheetsA.cells(sheet: sheet) == sheetsB.cells(sheet: sheet)) }
    let golden = RepoPaths.fixtures.appendingPathComponent("golden")
    for output in first.outputs where !output.path.hasSuffix(".xlsx") {
      let name = URL(fileURLWithPath: output.path).lastPathComponent
      let expected = golden.appendingPathComponent(name)
      if ProcessInfo.processInfo.environment["DDBAUDIT_UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: expected)
        try FileManager.default.copyItem(atPath: output.path, toPath: expected.path)
      }
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: output.path)) == Data(contentsOf: expected),
        "\(name) differs from Tests/Fixtures/golden; if the change is intended, rerun with DDBAUDIT_UPDATE_GOLDEN=1")
    }
  }

  @Test func xlsxHasTheSheetsTypesAndLayoutAuditorsExpect() throws {
    let store = try Self.samplesStore()
    let dir = TemporaryDirectory()
    let outcome = try Self.run("audit-trail", store: store, into: dir, formats: [.xlsx])
    let book = try XLSXFile(path: outcome.outputs[0].path)
    #expect(book.sheetNames == ["Verdict", "Summary", "Charts", "Findings", "Evidence"])
    // "Records per day" asks for a chart: a native column chart over the Charts sheet's table.
    let charts = try book.cells(sheet: "Charts")
    #expect(charts["A1"]?.value == "Records per day" && charts["A2"]?.value.hasPrefix("2025-") == true)
    let chartXML = (1...2).compactMap { try? XLSXFile.entry(outcome.outputs[0].path, "xl/charts/chart\($0).xml") }
      .first { $0.contains("Charts!$A$2") }
    let xml0 = try #require(chartXML, "a chart whose categories are Charts!A2:…")
    #expect(xml0.contains("<c:barDir val=\"col\"/>") && xml0.contains("Charts!$B$2"))
    let evidence = try book.cells(sheet: "Evidence")
    #expect(evidence["A1"]?.value == "Time (UTC)")
    #expect(evidence["A1"]?.style != nil, "bold header")
    #expect(evidence["A2"]?.type == nil && evidence["A2"]?.style != nil, "a real date: a number with a date format")
    #expect(Double(evidence["A2"]!.value)! > 45_000, "a 2025 date serial")
    #expect(evidence["B2"]?.value.count == 10 && evidence["B2"]?.type != nil, "the day is text, 2025-…")
    #expect(evidence["M2"]?.type == "s" && evidence["M2"]?.value.count == 64, "hashes are text")
    #expect(evidence["L2"]?.type == nil, "seq is a number")
    let xml = try book.sheetXML("Evidence")
    #expect(xml.contains("state=\"frozen\""))
    #expect(xml.contains("<autoFilter ref=\"A1:M"))
    let summary = try book.cells(sheet: "Summary")
    #expect(summary.values.contains { $0.value == "generated_at" })
  }

  @Test func aboveTheThresholdXLSXIsWrittenInConstantMemoryWithTheSameCells() throws {
    let store = try Self.samplesStore()
    let normal = TemporaryDirectory(), constant = TemporaryDirectory()
    let a = try Self.run("event-lifecycle", store: store, into: normal, formats: [.xlsx])
    let b = try Self.run("event-lifecycle", store: store, into: constant, formats: [.xlsx], constantMemoryAbove: 10)
    let x = try XLSXFile(path: a.outputs[0].path), y = try XLSXFile(path: b.outputs[0].path)
    #expect(try !x.sheetXML("Evidence").contains("inlineStr"))
    #expect(try y.sheetXML("Evidence").contains("inlineStr"), "constant_memory writes inline strings")
    let cx = try x.cells(sheet: "Evidence"), cy = try y.cells(sheet: "Evidence")
    #expect(cx.count == cy.count && cx.count > 100)
    #expect(cx.allSatisfy { ref, cell in cy[ref]?.value == cell.value })
  }

  /// An events export with a 40,000-character note and a 17-digit number, reported through a
  /// custom definition, three rows per sheet.
  @Test func longCellsAreTruncatedVisiblyAndBigNumbersStayText() throws {
    let s = ChainScenario()
    var events = SeedTables.events(count: 7, end: ChainScenario.t0, seed: 2)
    events[0].set("note", .s(String(repeating: "é", count: 20_000)))
    events[1].set("big", .number("12345678901234567"))
    events[2].set("big", .number("123456789012345"))
    try s.importExport(events, at: ChainScenario.t0, table: "events")
    let dir = TemporaryDirectory()
    let definition = dir.file("notes.json").path
    try #"{"name":"notes","title":"Notes","profiles":["events"],"columns":[{"name":"time","from":"@time"},{"name":"note","from":"note"},{"name":"big","from":"big"}]}"#
      .write(toFile: definition, atomically: true, encoding: .utf8)
    let outcome = try Self.run("notes", store: s.store, into: dir, formats: [.xlsx, .json], rowsPerSheet: 3, definitionPath: definition)
    #expect(outcome.document.summary.truncatedCells == 1)
    #expect(outcome.document.findings.map(\.code.rawValue) == ["CELL_TRUNCATED"])
    let book = try XLSXFile(path: outcome.outputs[0].path)
    #expect(book.sheetNames == ["Verdict", "Summary", "Findings", "Evidence", "Evidence (2)", "Evidence (3)"])
    let rows = try ["Evidence", "Evidence (2)", "Evidence (3)"].map { try book.cells(sheet: $0) }
    #expect(rows.map { $0.keys.filter { $0.hasPrefix("A") }.count } == [4, 4, 2], "header + 3, header + 3, header + 1")
    let all = rows.flatMap(\.values)
    let note = all.first { $0.value.hasSuffix(XLSXReportSink.truncationMarker) }
    #expect(note != nil)
    #expect(note!.value.utf8.count <= 32_767)
    #expect(all.contains { $0.value == "12345678901234567" && $0.type == "s" })
    #expect(all.contains { $0.value == "123456789012345" && $0.type == nil })
    // JSON: the 17-digit number is a string, the 15-digit one a number; the note is whole.
    let json = try String(contentsOfFile: outcome.outputs[1].path, encoding: .utf8)
    #expect(json.contains(#""big":"12345678901234567""#))
    #expect(json.contains(#""big":123456789012345"#))
    #expect(json.contains(String(repeating: "é", count: 20_000)))
  }

  @Test func timeRangeAndIndexedAttributeDoNotScanTheTable() throws {
    let store = try Self.samplesStore()
    let opened = try store.open()
    let runner = QueryRunner(store: opened, catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
    for (table, attribute, value) in [
      ("events", "event_type", "payment.failed"), ("events", "status", "failed"), ("ec2-audit-logs", "action", "STOP_INSTANCE"),
      ("ec2-audit-logs", "resourceId", "i-1"), ("api_keys", "key_hash", String(repeating: "a", count: 64)),
    ] {
      var options = QueryOptions(table: table, asOf: Self.asOf)
      options.period = Period(from: Self.asOf - 90 * 86_400_000, to: Self.asOf)
      options.filters = [(attribute, value)]
      let (selection, _) = try runner.selection(options)
      let plan = try opened.queryPlan(selection)
      #expect(plan.contains { $0.contains("USING INDEX items_by_ix") }, "\(table).\(attribute): \(plan)")
      #expect(!plan.contains { $0.hasPrefix("SCAN i") }, "\(table).\(attribute): \(plan)")
    }
    var timeOnly = QueryOptions(table: "audit_logs", asOf: Self.asOf)
    timeOnly.period = Period(from: Self.asOf - 90 * 86_400_000, to: Self.asOf)
    let plan = try opened.queryPlan(try runner.selection(timeOnly).0)
    #expect(plan.contains { $0.contains("USING INDEX items_by_time") }, "\(plan)")
  }

  @Test func theRetentionReportListsEveryItemWithItsCodeAndTheFindings() throws {
    let store = try Self.samplesStore()
    let dir = TemporaryDirectory()
    let outcome = try Self.run("retention", store: store, into: dir, formats: [.csv, .json])
    let retention = try RetentionChecker(store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
      .check(RetentionOptions(asOf: Self.asOf))
    #expect(outcome.document.findings.count == retention.findings.count)
    #expect(outcome.document.summary.rendered == retention.tables.reduce(0) { $0 + $1.items })
    let group = outcome.document.summary.groups[0]
    #expect(group.by == ["table", "code"])
    let counted = group.counts.filter { $0.values[1] != "OK" }.reduce(Int64(0)) { $0 + $1.count }
    #expect(counted == Int64(retention.findings.filter { $0.code != .keyNotHashed }.count), "one code per item")
    let csv = try StrictCSV.parse(String(contentsOfFile: outcome.outputs[0].path, encoding: .utf8))
    #expect(csv.contains { $0[0] == "evidence" && $0.contains("TTL_MILLISECONDS") })
  }

  @Test func queryFiltersStreamAndKeepNumbersExact() throws {
    let store = try Self.samplesStore()
    let runner = QueryRunner(store: try store.open(), catalog: ProfileCatalog(profiles: BuiltinProfiles.all))
    let dir = TemporaryDirectory()
    var options = QueryOptions(table: "events", asOf: Self.asOf)
    options.filters = [("event_type", "payment.failed"), ("status", "failed")]
    options.columns = ["event_id", "payload", "ttl"]
    options.format = .jsonl
    let path = dir.file("q.jsonl").path
    let rows = try runner.run(options, to: OutputTarget(path: path))
    let lines = try readJSONLines(URL(fileURLWithPath: path))
    #expect(lines.count == Int(rows) && rows > 0)
    #expect(lines.allSatisfy { ($0["payload"] as? [String: Any])?["amount"] is String }, "decimals stay strings")
    // The samples' TTL mistakes include a ttl stored as S; every N ttl is a safe integer.
    let numeric = lines.filter { $0["ttl"] != nil && !($0["ttl"] is String) }
    #expect(!numeric.isEmpty && numeric.allSatisfy { $0["ttl"] is Int }, "safe integers are numbers")
    // A non-indexed attribute filter goes through SQLite's JSON functions.
    options.filters = [("currency", "EUR")]
    options.format = .csv
    let none = try runner.run(options, to: OutputTarget(path: dir.file("none.csv").path))
    #expect(none == 0, "currency is nested in payload, not top level")
  }
}

@Suite struct FindingTemplateTests {
  /// A finding's detail is filled in one pass: a value holding `{column}` is data, not a
  /// template, and a name no column has stays as written.
  @Test func detailTemplatesFillInOnePass() {
    let index = ["user": 0, "action": 1]
    let cells: [Cell] = [.text("u-{action}"), .text("LOGIN")]
    #expect(ReportRunner.fill("{user} did {action} {nope} {", cells, index) == "u-{action} did LOGIN {nope} {")
    #expect(ReportRunner.fill("", cells, index) == "")
    #expect(ReportRunner.fill("{action}{action}}", cells, index) == "LOGINLOGIN}")
  }
}
