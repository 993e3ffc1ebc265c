import Foundation
import Testing
import TestSupport

@Suite struct ReportCommandTests {
  static func samplesStore() throws -> (TemporaryDirectory, String) {
    let dir = TemporaryDirectory()
    return (dir, try SampleStore.copy(into: dir))
  }

  @Test func listShowsTheShippedReports() throws {
    let result = try CLI.run(["report", "--list"], currentDirectory: RepoPaths.root)
    #expect(result.status == 0)
    for name in ["audit-trail", "integrity", "event-lifecycle", "api-keys", "webhook-deliveries"] {
      #expect(result.stdout.contains(name))
    }
  }

  @Test func writesEveryFormatAndPrintsThePaths() throws {
    let (dir, db) = try Self.samplesStore()
    let out = dir.file("out").path
    let result = try CLI.run(["report", "audit-trail", "--db", db, "--period", "2026-10", "--as-of", "2026-11-21", "--output-dir", out])
    #expect(result.status == 0, "\(result.stderr)")
    let printed = result.stdout.split(separator: "\n").map(String.init)
    #expect(printed.map { URL(fileURLWithPath: $0).lastPathComponent } == ["csv", "xlsx", "json"].map { "audit-trail_2026-10-01_2026-11-01.\($0)" })
    let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(files.count == 6)
    withExtendedLifetime(dir) {}
  }

  /// One rule in every command: a regular file is replaced, atomically; anything else at the
  /// path (a symbolic link, a folder, a device) is refused and left as it was.
  @Test func everyCommandReplacesARegularFileAndRefusesAnythingElse() throws {
    let (dir, db) = try Self.samplesStore()
    let target = dir.file("out.json").path
    let commands: [[String]] = [
      ["verify", "--db", db, "--format", "json", "--exit-zero", "--as-of", "2026-11-21", "--output", target],
      ["retention", "--db", db, "--format", "json", "--exit-zero", "--as-of", "2026-11-21", "--output", target],
      ["query", "--db", db, "--table", "events", "--format", "json", "--output", target],
      ["profile", "init", "--key", "id", "--table", "orders", "--output", target],
    ]
    for args in commands {
      try "old".write(toFile: target, atomically: true, encoding: .utf8)
      let replaced = try CLI.run(args)
      #expect(replaced.status == 0, "\(args[0]): \(replaced.stderr)")
      #expect(try String(contentsOfFile: target, encoding: .utf8) != "old", "\(args[0]) replaces a regular file")
      try FileManager.default.removeItem(atPath: target)

      let elsewhere = dir.file("elsewhere.txt").path
      try "keep".write(toFile: elsewhere, atomically: true, encoding: .utf8)
      try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: elsewhere)
      let link = try CLI.run(args)
      #expect(link.status == 2 && link.stderr.contains("symbolic link"), "\(args[0]): \(link.stderr)")
      #expect(try String(contentsOfFile: elsewhere, encoding: .utf8) == "keep")
      try FileManager.default.removeItem(atPath: target)

      try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
      let folder = try CLI.run(args)
      #expect(folder.status == 2 && folder.stderr.contains("a folder"), "\(args[0]): \(folder.stderr)")
      try FileManager.default.removeItem(atPath: target)

      let device = try CLI.run(Array(args.dropLast()) + ["/dev/null"])
      #expect(device.status == 2 && device.stderr.contains("a device"), "\(args[0]): \(device.stderr)")
    }
    var info = stat()
    #expect(lstat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
    // report: its files are replaced by a second run with the same name.
    let args = ["report", "integrity", "--db", db, "--format", "json", "--as-of", "2026-11-21", "--output-dir", dir.path]
    #expect(try CLI.run(args).status == 0)
    #expect(try CLI.run(args).status == 0)
  }

  /// Report CSVs open right when double-clicked in Excel on Windows (a UTF-8 BOM); data CSVs
  /// stay plain for the tools that read them.
  @Test func reportCSVsCarryAByteOrderMarkAndDataCSVsDoNot() throws {
    let (dir, db) = try Self.samplesStore()
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    #expect(try CLI.run(["report", "integrity", "--db", db, "--format", "csv", "--as-of", "2026-11-21", "--output-dir", dir.file("a").path]).status == 0)
    #expect(try Data(contentsOf: dir.file("a/integrity_asof_2026-11-21.csv")).starts(with: bom))
    #expect(try CLI.run(["report", "integrity", "--db", db, "--format", "csv", "--no-bom", "--as-of", "2026-11-21", "--output-dir", dir.file("b").path]).status == 0)
    #expect(try !Data(contentsOf: dir.file("b/integrity_asof_2026-11-21.csv")).starts(with: bom))
    let query = try CLI.run(["query", "--db", db, "--table", "events", "--output", dir.file("q.csv").path])
    #expect(query.status == 0)
    #expect(try !Data(contentsOf: dir.file("q.csv")).starts(with: bom))
    #expect(try CLI.run(["query", "--db", db, "--table", "events", "--bom", "--output", dir.file("q2.csv").path]).status == 0)
    #expect(try Data(contentsOf: dir.file("q2.csv")).starts(with: bom))
  }

  /// Buckets sort by their bounds (<30, 30–89, 90–364, ≥365), not as text.
  @Test func ageBucketsSortByTheirBounds() throws {
    let (dir, db) = try Self.samplesStore()
    #expect(try CLI.run(["report", "api-keys", "--db", db, "--format", "json", "--as-of", "2026-11-21", "--output-dir", dir.path]).status == 0)
    let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("api-keys_asof_2026-11-21.json"))) as! [String: Any]
    let groups = (report["summary"] as! [String: Any])["groups"] as! [[String: Any]]
    let byAge = try #require(groups.first { $0["title"] as? String == "By status and age (days)" })
    let active = (byAge["counts"] as! [[String: Any]]).map { $0["values"] as! [String] }.filter { $0[0] == "active" }.map { $0[1] }
    let order = ["<30", "30–89", "90–364", "≥365"]
    #expect(active == order.filter(active.contains), "\(active)")
    #expect(active.count >= 3)
  }

  /// Every sheet prints well (A4 landscape, one page wide, the header row on every page, a
  /// header and footer with the report, generated-at and page N of M), and the findings come
  /// most severe first with the word in a cell formatted by severity.
  @Test func workbooksPrintWellAndListFindingsBySeverity() throws {
    let (dir, db) = try Self.samplesStore()
    #expect(try CLI.run(["import", RepoPaths.samples.appendingPathComponent("tampered").path, "--db", db, "--quiet"]).status == 0)
    let out = dir.file("out")
    #expect(try CLI.run(["report", "integrity", "--db", db, "--format", "xlsx", "--as-of", "2026-11-21T12:00:00Z", "--output-dir", out.path]).status == 0)
    let path = out.appendingPathComponent("integrity_asof_2026-11-21T120000.xlsx").path
    let xlsx = try XLSXFile(path: path)
    #expect(xlsx.sheetNames == ["Verdict", "Summary", "Findings", "Evidence"])
    for sheet in xlsx.sheetNames {
      let xml = try xlsx.sheetXML(sheet)
      #expect(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#), "\(sheet) fits to a page's width")
      #expect(xml.contains(#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>"#), "\(sheet)")
      #expect(xml.contains("&amp;CPage &amp;P of &amp;N") && xml.contains("<oddHeader>&amp;LAudit log integrity"), "\(sheet)")
    }
    let workbook = try XLSXFile.entry(path, "xl/workbook.xml")
    for (k, sheet) in xlsx.sheetNames.enumerated() where sheet != "Verdict" {
      #expect(workbook.contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="\#(k)">\#(sheet)!$1:$1</definedName>"#), "\(sheet)")
    }
    // The first sheet states the verdict in words: FAIL, with the counts by severity.
    let verdict = try xlsx.cells(sheet: "Verdict")
    #expect(verdict["A1"]?.value == "Verdict" && verdict["B1"]?.value == "FAIL" && verdict["B4"]?.value == "FAIL")
    #expect(verdict["A4"]?.value.hasPrefix("Integrity") == true)
    #expect(verdict["C3"]?.value == "critical" && verdict["C4"]?.value == "5" && verdict["E4"]?.value == "1", "5 critical, 1 warning")
    let clean = dir.file("clean")
    let cleanDB = try SampleStore.copy(into: dir, as: "clean.sqlite")
    #expect(try CLI.run(["report", "integrity", "--db", cleanDB, "--format", "xlsx", "--as-of", "2026-11-21T12:00:00Z", "--output-dir", clean.path]).status == 0)
    let passed = try XLSXFile(path: clean.appendingPathComponent("integrity_asof_2026-11-21T120000.xlsx").path).cells(sheet: "Verdict")
    #expect(passed["B1"]?.value == "PASS")
    // A native chart of findings by code and severity, its series on real ranges of the
    // Verdict sheet's table (one code a row, a severity a column).
    let chart = try XLSXFile.entry(path, "xl/charts/chart1.xml")
    #expect(chart.contains("<c:barChart>") && chart.contains("<c:grouping val=\"stacked\"/>"))
    let ranges = chart.components(separatedBy: "<c:f>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    #expect(ranges.contains { $0.hasPrefix("Verdict!$A$") } && ranges.contains { $0.hasPrefix("Verdict!$C$") }, "\(ranges)")
    let verdictXML = try XLSXFile.entry(path, "xl/worksheets/sheet1.xml")
    #expect(verdictXML.contains("<drawing "), "the chart is placed on the Verdict sheet")
    let table = try xlsx.cells(sheet: "Verdict")
    let codeRows = table.filter { $0.key.hasPrefix("A") && ["BACKDATED", "BROKEN_LINK", "MISSING", "MODIFIED", "TRUNCATED_TAIL", "REORDERED"].contains($0.value.value) }
    #expect(codeRows.count == 6)
    #expect(Set(table.filter { $0.value.value == "Findings by code" }.map(\.key)).count == 1)
    let cells = try xlsx.cells(sheet: "Findings")
    #expect(cells["A1"]?.value == "Severity" && cells["H1"]?.value == "Detail")
    let severities = (2...7).compactMap { cells["A\($0)"]?.value }
    let rank = ["critical": 3, "error": 2, "warning": 1, "info": 0]
    #expect(severities.count == 6 && severities == severities.sorted { rank[$0]! > rank[$1]! }, "\(severities)")
    #expect(Set((2...7).compactMap { cells["A\($0)"]?.style }).count == 2, "critical and warning cells have their own formats")
  }

  @Test func aFailureMidwayLeavesNoFileAtAll() throws {
    let (dir, db) = try Self.samplesStore()
    let out = dir.file("out")
    let result = try CLI.run(
      ["report", "audit-trail", "--db", db, "--as-of", "2026-11-21", "--output-dir", out.path],
      environment: ["DDBAUDIT_FAULT_FAIL_AFTER_ROWS": "100"], executable: CLI.faultyExecutable)
    #expect(result.status == 2)
    #expect(result.stderr.contains("injected failure"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [], "no output, no sidecar, no temporary file")
    // The fault is the test binary's alone: ddbaudit itself reads no fault variables.
    let real = try CLI.run(
      ["report", "audit-trail", "--db", db, "--as-of", "2026-11-21", "--output-dir", out.path],
      environment: ["DDBAUDIT_FAULT_FAIL_AFTER_ROWS": "100"])
    #expect(real.status == 0, "\(real.stderr)")
  }

  @Test func unknownReportAndBadPeriodAreUsageErrors() throws {
    let (dir, db) = try Self.samplesStore()
    #expect(try CLI.run(["report", "nope", "--db", db, "--output-dir", dir.path], currentDirectory: RepoPaths.root).status == 64)
    #expect(try CLI.run(["report", "audit-trail", "--db", db, "--period", "2026-13", "--output-dir", dir.path], currentDirectory: RepoPaths.root).status == 64)
    #expect(try CLI.run(["report", "audit-trail", "--db", db, "--format", "pdf"], currentDirectory: RepoPaths.root).status == 64)
  }
}
