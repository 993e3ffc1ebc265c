import DDBAuditSamples
import Foundation
import Testing
import TestSupport

@Suite struct ImportCommandTests {
  func sampleExports(_ dir: TemporaryDirectory) throws -> URL {
    try SeedTables.writeSamples(to: dir.url)
    return dir.url.appendingPathComponent("exports")
  }

  @Test func importsTheSamplesAndListsThemAsJSON() throws {
    let dir = TemporaryDirectory()
    let exports = try sampleExports(dir)
    let db = dir.file("s.sqlite").path
    let imported = try CLI.run(["import", exports.path, "--db", db])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("imported  audit_logs  300 items"))
    let tables = try CLI.run(["tables", "--db", db, "--format", "json"])
    #expect(tables.status == 0)
    let json = try JSONSerialization.jsonObject(with: Data(tables.stdout.utf8)) as! [String: Any]
    let list = json["tables"] as! [[String: Any]]
    #expect(list.map { $0["name"] as! String } == ["api_keys", "audit_logs", "ec2-audit-logs", "events", "idempotency_keys", "webhook_events"])
    let audit = list[1]
    #expect(audit["items"] as! Int == 300)
    let imports = audit["imports"] as! [[String: Any]]
    #expect(imports.count == 1)
    #expect((imports[0]["exportArn"] as! String).hasPrefix("arn:aws:dynamodb:us-east-1:123456789012:table/audit_logs/export/"))
    #expect(imports[0]["exportTime"] as! String == "2026-11-20T06:00:00.000Z")
    #expect(imports[0]["verified"] as! Bool == true)
  }

  @Test func reimportSaysSoAndAddsNothing() throws {
    let dir = TemporaryDirectory()
    let exports = try sampleExports(dir)
    let db = dir.file("s.sqlite").path
    try CLI.run(["import", exports.path, "--db", db])
    let again = try CLI.run(["import", exports.path, "--db", db])
    #expect(again.status == 0)
    #expect(again.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("already imported") })
  }

  @Test func badInputExitsTwoWithFileLineAndReasonOnStderr() throws {
    let dir = TemporaryDirectory()
    let fixture = try ExportFixture.write(
      SeedTables.auditLogs(count: 10, users: 2, end: SeedTables.sampleExportTime, spanDays: 5, seed: 1),
      table: "audit_logs", root: dir.url)
    try fixture.replaceDataFile(0, lines: [validAuditLine, #"{"Item":{"user_id":{"N":123}}}"#])
    let file = try fixture.dataFiles()[0].path
    let result = try CLI.run(["import", fixture.folder.path, "--db", dir.file("s.sqlite").path])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error: \(file):2: attribute \"user_id\": N value must be a JSON string"), "\(result.stderr)")
  }

  @Test func usageErrorsExitSixtyFour() throws {
    let result = try CLI.run(["import", "x", "--skip-invalid"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--rejects"))
  }

  @Test func aKilledImportLeavesTheStoreExactlyAsItWas() throws {
    let dir = TemporaryDirectory()
    let db = dir.file("s.sqlite").path
    let first = try ExportFixture.write(
      SeedTables.auditLogs(count: 100, users: 4, end: SeedTables.sampleExportTime, spanDays: 20, seed: 1),
      table: "audit_logs", root: dir.url.appendingPathComponent("one"))
    #expect(try CLI.run(["import", first.folder.path, "--db", db]).status == 0)
    let before = try CLI.run(["tables", "--db", db, "--format", "json"]).stdout
    let second = try ExportFixture.write(
      SeedTables.events(count: 5000, end: SeedTables.sampleExportTime, seed: 4), table: "events",
      root: dir.url.appendingPathComponent("two"))
    let killed = try CLI.run(
      ["import", second.folder.path, "--db", db], environment: ["DDBAUDIT_FAULT_KILL_AFTER_ITEMS": "3000"], executable: CLI.faultyExecutable)
    #expect(killed.status == -9, "the import was killed mid-transaction (SIGKILL)")
    // The next opener rolls the hot journal back: nothing of the killed import remains.
    let after = try CLI.run(["tables", "--db", db, "--format", "json"])
    #expect(after.status == 0)
    #expect(after.stdout == before)
    // And the same import then succeeds whole.
    let retried = try CLI.run(["import", second.folder.path, "--db", db])
    #expect(retried.status == 0 && retried.stdout.contains("5000 items"))
  }

  @Test func noProgressBarWhenStderrIsNotATerminal() throws {
    let dir = TemporaryDirectory()
    let exports = try sampleExports(dir)
    let result = try CLI.run(["import", exports.path, "--db", dir.file("s.sqlite").path])
    #expect(!result.stderr.contains("\r"))
    #expect(!result.stderr.contains("\u{1B}["))
  }

  @Test func quietPrintsNothingButErrors() throws {
    let dir = TemporaryDirectory()
    let exports = try sampleExports(dir)
    let result = try CLI.run(["import", exports.path, "--db", dir.file("s.sqlite").path, "--quiet"])
    #expect(result.status == 0 && result.stderr.isEmpty)
  }

  @Test func theStoreDefaultsToDDBAUDIT_DB() throws {
    let dir = TemporaryDirectory()
    let exports = try sampleExports(dir)
    let db = dir.file("env.sqlite").path
    #expect(try CLI.run(["import", exports.path], environment: ["DDBAUDIT_DB": db]).status == 0)
    #expect(FileManager.default.fileExists(atPath: db))
  }

  @Test func tablesOnAMissingStoreSaysWhatToDo() throws {
    let dir = TemporaryDirectory()
    let result = try CLI.run(["tables", "--db", dir.file("none.sqlite").path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("ddbaudit import"))
    #expect(!FileManager.default.fileExists(atPath: dir.file("none.sqlite").path))
  }

  @Test func helpTeachesWithExamplesAndExitCodes() throws {
    let root = try CLI.run(["--help"])
    #expect(root.status == 0)
    #expect(root.stdout.contains("EXIT CODES") && root.stdout.contains("ddbaudit import Samples/exports"))
    let help = try CLI.run(["import", "--help"])
    #expect(help.stdout.contains("EXAMPLES") && help.stdout.contains("--allow-unverified"))
  }
}
